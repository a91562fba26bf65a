/**
 * `npm run bench`: every scenario, one after another, on a production build. Writes
 * bench/results/<scenario>.json and bench/results/summary.md. Holds /tmp/lango-e2e.lock throughout, so
 * no end-to-end run rebuilds .next under it.
 *
 *   BENCH_ONLY=flash-sale,payments npm run bench     (a subset)
 *   npm run bench -- rush --quick                    (scenarios named as arguments; --quick: short runs)
 */
import { run as checkin } from "./checkin";
import { run as flashSale } from "./flash-sale";
import { run as fuzz } from "./fuzz";
import { run as pageWeight } from "./page-weight";
import { run as payments } from "./payments";
import { run as reliability } from "./reliability";
import { run as rush } from "./rush";
import { run as scale } from "./scale";
import { RESULTS_DIR } from "./lib/results";
import { buildOnce, holdBenchLock } from "./lib/server";

const SCENARIOS: [string, () => Promise<unknown>][] = [
  ["rush", rush],
  ["scale", scale],
  ["flash-sale", flashSale],
  ["payments", payments],
  ["checkin", checkin],
  ["page-weight", pageWeight],
  ["fuzz", fuzz],
  ["reliability", reliability],
];

async function main() {
  const named = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const only = named.length ? named : process.env.BENCH_ONLY?.split(",").map((s) => s.trim());
  const t0 = Date.now();
  buildOnce();
  const failed: string[] = [];
  for (const [name, scenario] of SCENARIOS) {
    if (only && !only.includes(name)) continue;
    try {
      await scenario();
    } catch (err) {
      console.error(`✗ ${name}:`, err);
      failed.push(name);
    }
  }
  console.log(
    `\nBench done in ${Math.round((Date.now() - t0) / 1000)} s: ${RESULTS_DIR}/summary.md${failed.length ? `; FAILED: ${failed.join(", ")}` : ""}`,
  );
  process.exit(failed.length ? 1 : 0);
}

if (holdBenchLock()) void main();
