/**
 * `npm test`: lint, format check (Prettier), type-check, unit and database tests (PGlite, plus PostgreSQL when
 * TEST_DATABASE_URL is set), a production build, and the Playwright phone tests in Chromium.
 */
import { execSync, spawnSync } from "node:child_process";
import fs from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const steps: { name: string; cmd: string; args: string[]; env?: Record<string, string> }[] = [
  { name: "lint", cmd: "npx", args: ["eslint", "."] },
  { name: "format check", cmd: "npx", args: ["prettier", "--check", "**/*.{ts,tsx,mjs,css}"] },
  { name: "type-check", cmd: "npx", args: ["tsc", "--noEmit"] },
  { name: "unit tests", cmd: "npx", args: ["vitest", "run", "--project", "unit"] },
  // Verbose, so the log names each suite with the database it ran on ([pglite], [postgres]).
  { name: "database tests", cmd: "npx", args: ["vitest", "run", "--project", "db", "--reporter", "verbose"] },
  { name: "production build", cmd: "npx", args: ["next", "build"], env: { NEXT_TELEMETRY_DISABLED: "1" } },
  { name: "end-to-end tests (Chromium, 390×844)", cmd: "npx", args: ["playwright", "test"] },
];

function ensureChromium(): boolean {
  if (fs.existsSync(chromium)) return true;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("which", ["apt-get"]).status === 0;
  if (isRoot && hasApt) {
    console.log("\n▶ Chromium is missing: installing Debian's chromium for the end-to-end tests");
    try {
      execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", {
        stdio: "inherit",
      });
      return fs.existsSync(chromium);
    } catch {
      return false;
    }
  }
  return false;
}

console.log(
  `Database tests run on PGlite${process.env.TEST_DATABASE_URL ? " and on PostgreSQL (TEST_DATABASE_URL)" : " only (set TEST_DATABASE_URL to add PostgreSQL)"}.`,
);
const started = Date.now();
for (const step of steps) {
  if (step.name.startsWith("end-to-end") && !ensureChromium()) {
    const msg = `Chromium not found at ${chromium}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`;
    if (process.env.CI || process.env.REQUIRE_E2E) {
      console.error(`\n✗ ${msg}`);
      process.exit(1);
    }
    console.warn(`\n⚠ END-TO-END TESTS SKIPPED. ${msg}`);
    continue;
  }
  const t0 = Date.now();
  console.log(`\n▶ ${step.name}`);
  const r = spawnSync(step.cmd, step.args, { stdio: "inherit", env: { ...process.env, ...step.env } });
  if (r.status !== 0) {
    console.error(`\n✗ ${step.name} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  console.log(`✓ ${step.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
