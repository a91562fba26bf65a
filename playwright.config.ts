import { defineConfig } from "@playwright/test";

// E2E_PORT lets a second checkout run its end-to-end tests beside this one.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;

/**
 * Phone-sized Chromium (Debian's, never a downloaded one) against the production build, served on its
 * own port with a fresh embedded database and every gateway in simulator mode. `npm test` builds first;
 * when iterating, run `npx next build` yourself.
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  forbidOnly: !!process.env.CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "en-KE",
    timezoneId: "Africa/Nairobi",
  },
  projects: [
    {
      name: "phone-chromium",
      use: {
        browserName: "chromium",
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
          ],
        },
      },
    },
  ],
  webServer: {
    command:
      'test -f .next/BUILD_ID || { echo "No production build in .next: run \\"npx next build\\" (npm test does it) before the end-to-end tests." >&2; exit 1; }; ' +
      `rm -rf .data/e2e .data/e2e.simulators.json && npx next start -p ${PORT}`,
    url: `${baseURL}/api/events`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    env: {
      // Always the fresh embedded database, whatever the shell says.
      DATABASE_URL: "",
      PGLITE_DIR: ".data/e2e",
      APP_URL: baseURL,
      PAYMENTS_MODE: "simulator",
      // The specs reuse a few buyers (one e-mail, one phone) for many orders on one database; the limit
      // on what one buyer may hold unpaid has its own tests (lib/orders/hoarding.db.test.ts).
      UNPAID_HOLDS_PER_BUYER: "50",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
