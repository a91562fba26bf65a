/**
 * The full reliability suite: the same storms, faults and in-process fuzzing as `npm test`
 * (test/reliability/), with bigger bounds, on PGlite and PostgreSQL.
 *
 *   npx tsx bench/reliability.ts      (STORMS, STORM_ORDERS, FUZZ_CASES, RELIABILITY_SEED)
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedFromEnv } from "./lib/prng";
import { writeResult } from "./lib/results";
import { PG_SERVER, postgresAvailable, ROOT } from "./lib/server";

const STORMS = process.env.STORMS ?? "4";
const STORM_ORDERS = process.env.STORM_ORDERS ?? "20";
const FUZZ_CASES = process.env.FUZZ_CASES_IN_PROCESS ?? "300";

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults: {
    name: string;
    assertionResults: { fullName: string; status: string; duration?: number; failureMessages: string[] }[];
  }[];
}

export async function run() {
  const seed = seedFromEnv();
  const out = path.join(os.tmpdir(), `lango-reliability-${process.pid}.json`);
  console.log(
    `▶ reliability suite: ${STORMS} storms × ${STORM_ORDERS} orders per gateway, ${FUZZ_CASES} in-process fuzz cases per route, RELIABILITY_SEED=${seed}`,
  );
  const pgUrl = process.env.TEST_DATABASE_URL ?? ((await postgresAvailable()) ? PG_SERVER : undefined);
  const t0 = Date.now();
  const r = spawnSync(
    "npx",
    ["vitest", "run", "--project", "db", "test/reliability", "--reporter=json", `--outputFile=${out}`],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        STORMS,
        STORM_ORDERS,
        FUZZ_CASES,
        RELIABILITY_SEED: String(seed),
        ...(pgUrl && { TEST_DATABASE_URL: pgUrl }),
      },
    },
  );
  const report = JSON.parse(fs.readFileSync(out, "utf8")) as VitestJson;
  fs.rmSync(out, { force: true });
  const tests = report.testResults.flatMap((f) =>
    f.assertionResults.map((a) => ({
      file: path.relative(ROOT, f.name),
      name: a.fullName,
      status: a.status,
      ms: Math.round(a.duration ?? 0),
      failure: a.failureMessages[0]?.slice(0, 500),
    })),
  );
  const byFile = [...new Set(tests.map((t) => t.file))].map((file) => {
    const ts = tests.filter((t) => t.file === file);
    return {
      file,
      passed: ts.filter((t) => t.status === "passed").length,
      failed: ts.filter((t) => t.status === "failed").length,
    };
  });
  writeResult({
    scenario: "reliability",
    title: "Reliability suite (full bounds)",
    summary: [
      `${report.numPassedTests} passed, **${report.numFailedTests} failed** in ${Math.round((Date.now() - t0) / 1000)} s (seed ${seed}; ${pgUrl ? "PGlite and PostgreSQL" : "PGlite only"}).`,
      "",
      "| suite | passed | failed |",
      "|---|---|---|",
      ...byFile.map((f) => `| ${f.file} | ${f.passed} | ${f.failed} |`),
    ],
    conditions: [
      `Callback storms: ${STORMS} per gateway of ${STORM_ORDERS} orders each — genuine notifications 1–3 times, shuffled, in concurrent batches, some after the hold ran out and the seats were resold, plus forged successes (with and without the URL secret) and wrong amounts; invariants after each storm, including the stock check of the whole database (sold = valid tickets, held = live holds, booths match their orders).`,
      "Gateway faults via /sim/api/faults: http_500, malformed, slow, drop/duplicate/delay callbacks; the stock check after each.",
      `In-process fuzzing: ${FUZZ_CASES} cases per route (the bench's HTTP fuzzing is separate).`,
      "Replay: RELIABILITY_SEED=<seed> npx tsx bench/reliability.ts",
    ],
    figures: {
      seed,
      exitCode: r.status,
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      byFile,
      failures: tests.filter((t) => t.status === "failed"),
    },
  });
  return { failed: report.numFailedTests };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then(
    (r) => process.exit(r.failed ? 1 : 0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
