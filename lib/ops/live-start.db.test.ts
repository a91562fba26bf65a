import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { seedOnFirstStart } from "@/lib/db/seed";

const root = path.resolve(import.meta.dirname, "../..");
const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lango-live-start-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/**
 * Runs the server's real start-up (instrumentation.ts's register, as Next calls it) in a child process
 * with only the given configuration, and reports how it ended.
 */
function start(env: Record<string, string>): Promise<{ code: number | null; lines: string[] }> {
  const script = 'const m = await import("./instrumentation.ts"); await m.register();';
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: root,
        timeout: 90_000,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          NODE_ENV: "production",
          NEXT_RUNTIME: "nodejs",
          ...env,
        },
      },
      (err, _stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? null) : 0;
        resolve({
          code: typeof code === "number" ? code : null,
          lines: stderr.split("\n").filter((l) => l.startsWith("[lango]")),
        });
      },
    );
  });
}

const LIVE_ADMIN = { PAYMENTS_MODE: "live", ADMIN_EMAIL: "boss@example.com", ADMIN_PASSWORD: "Kilimanjaro-sunrise-47" };
const STRONG = { ...LIVE_ADMIN, AUTH_SECRET: "0f8c1d6e4b2a97f35c0e8d1b6a4f27c9e3d5b8a1" };

describe("pentest 12.9: live mode without AUTH_SECRET exits instead of serving 500s", () => {
  it("the real start-up exits non-zero with one line naming AUTH_SECRET and the fix", async () => {
    const { code, lines } = await start({ ...LIVE_ADMIN, PGLITE_DIR: path.join(tempDir(), "db") });
    expect(code).toBe(1);
    expect(lines).toEqual([expect.stringMatching(/^\[lango\] AUTH_SECRET is not set: .*openssl rand/)]);
  });
});

describe("pentest 12.1: live start-up on a database that served the demo", () => {
  it("exits non-zero with one line telling the operator to give live mode a database of its own", async () => {
    const dataDir = path.join(tempDir(), "db");
    const db = await openDatabase({ kind: "pglite", dataDir });
    await seedOnFirstStart(db.prisma, { PAYMENTS_MODE: "simulator" });
    await db.close();

    const { code, lines } = await start({ ...STRONG, PGLITE_DIR: dataDir });
    expect(code).toBe(1);
    expect(lines).toEqual([
      // Said at every live start without a proxy to trust, before anything can stop it.
      expect.stringMatching(/^\[lango\] TRUST_PROXY is not set: clients cannot be told apart/),
      expect.stringMatching(/^\[lango\] This database holds simulator demo data .*database of its own/),
    ]);
  });
});
