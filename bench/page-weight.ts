/**
 * The event page on a phone: its first-load JavaScript (scripts/page-weight.ts, gzip), split into what
 * every page loads (Next's and React's client runtime, measured on the home page, which has no client code of its
 * own) and the event page's own share; and its Lighthouse mobile performance score
 * (lighthouse from npm, run with `npx`, with Debian's Chromium).
 *
 *   npx tsx bench/page-weight.ts        (LIGHTHOUSE_VERSION, CHROMIUM_PATH; BENCH_DATABASES' first entry)
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SLUG } from "./lib/client";
import { writeResult, RESULTS_DIR } from "./lib/results";
import { benchDatabases, freshDatabase, ROOT, startServer, runAsScript } from "./lib/server";

// 12.x is the newest line that runs on Node 20 (13 needs Node 22.19).
const LIGHTHOUSE = process.env.LIGHTHOUSE_VERSION ?? "12.8.2";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CHROME_FLAGS =
  "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run";
const RUNS = Number(process.env.LIGHTHOUSE_RUNS) || 3;

interface Weight {
  scripts: Map<string, number>;
  gzipKb: number;
}

/** Runs scripts/page-weight.ts and reads its table back (gzip KB per script path). */
function pageWeight(url: string): Weight {
  const r = spawnSync("npx", ["tsx", "scripts/page-weight.ts", url], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`page-weight failed: ${r.stderr}`);
  const scripts = new Map<string, number>();
  for (const line of r.stdout.split("\n")) {
    const m = /^\s*([\d.]+) KB gzip\s+[\d.]+ KB raw\s+(\S+)/.exec(line);
    if (m) scripts.set(m[2], Number(m[1]));
  }
  return { scripts, gzipKb: round([...scripts.values()].reduce((a, b) => a + b, 0)) };
}

const round = (n: number) => Math.round(n * 10) / 10;

function lighthouse(url: string, out: string) {
  const r = spawnSync(
    "npx",
    [
      "-y",
      `lighthouse@${LIGHTHOUSE}`,
      url,
      "--only-categories=performance",
      "--output=json",
      `--output-path=${out}`,
      `--chrome-path=${CHROMIUM}`,
      `--chrome-flags=${CHROME_FLAGS}`,
      "--quiet",
    ],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, CHROME_PATH: CHROMIUM } },
  );
  if (r.status !== 0 || !fs.existsSync(out)) throw new Error(`lighthouse failed: ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(fs.readFileSync(out, "utf8"));
  const ms = (id: string) => Math.round(report.audits[id]?.numericValue ?? NaN);
  return {
    score: Math.round(report.categories.performance.score * 100),
    firstContentfulPaintMs: ms("first-contentful-paint"),
    largestContentfulPaintMs: ms("largest-contentful-paint"),
    totalBlockingTimeMs: ms("total-blocking-time"),
    cumulativeLayoutShift: Math.round((report.audits["cumulative-layout-shift"]?.numericValue ?? NaN) * 1000) / 1000,
    speedIndexMs: ms("speed-index"),
    formFactor: report.configSettings?.formFactor,
    throttling: report.configSettings?.throttlingMethod,
    lighthouseVersion: report.lighthouseVersion,
  };
}

export async function run() {
  const [kind] = await benchDatabases(["pglite"]);
  console.log(`▶ event page weight and Lighthouse (${kind})`);
  const db = await freshDatabase(kind, "page");
  const server = await startServer(db);
  try {
    const url = `${server.url}/events/${SLUG}`;
    const page = pageWeight(url);
    const base = pageWeight(`${server.url}/`);
    const own = [...page.scripts].filter(([src]) => !base.scripts.has(src));
    const ownKb = round(own.reduce((a, [, kb]) => a + kb, 0));
    // Warm the page once, then take the median score of a few runs (Lighthouse varies run to run).
    await (await fetch(url)).arrayBuffer();
    const runs = Array.from({ length: RUNS }, (_, i) =>
      lighthouse(url, path.join(RESULTS_DIR, `lighthouse-event-page-${i + 1}.json`)),
    );
    for (let i = 1; i <= RUNS; i++)
      fs.rmSync(path.join(RESULTS_DIR, `lighthouse-event-page-${i}.json`), { force: true });
    const median = [...runs].sort((a, b) => a.score - b.score)[Math.floor(runs.length / 2)];
    console.log(
      `  ${page.gzipKb} KB gzip first-load JS (${ownKb} KB the page's own); Lighthouse ${runs.map((r) => r.score).join(", ")}`,
    );
    writeResult({
      scenario: "page-weight",
      title: "Event page: first-load JavaScript and Lighthouse (mobile)",
      summary: [
        "| first-load JS (gzip) | of which every page's runtime | the event page's own | Lighthouse performance, mobile (goal ≥ 95) | FCP | LCP | TBT | CLS |",
        "|---|---|---|---|---|---|---|---|",
        `| ${page.gzipKb} KB | ${round(page.gzipKb - ownKb)} KB | ${ownKb} KB | **${median.score}** (runs: ${runs.map((r) => r.score).join(", ")}) | ${median.firstContentfulPaintMs} ms | ${median.largestContentfulPaintMs} ms | ${median.totalBlockingTimeMs} ms | ${median.cumulativeLayoutShift} |`,
      ],
      conditions: [
        `/events/${SLUG} from \`next start\`; JS measured by scripts/page-weight.ts (the page's <script src> files, gzip -9); "every page's runtime" is what the home page (no client code of its own) also loads.`,
        `Lighthouse ${median.lighthouseVersion} (npx), ${median.formFactor} form factor, ${median.throttling} throttling, Chromium at ${CHROMIUM}; median of ${RUNS} runs.`,
      ],
      figures: {
        url: `/events/${SLUG}`,
        firstLoadJsGzipKb: page.gzipKb,
        runtimeGzipKb: round(page.gzipKb - ownKb),
        pageOwnGzipKb: ownKb,
        pageOwnScripts: Object.fromEntries(own),
        lighthouse: median,
        lighthouseRuns: runs,
      },
    });
    return { score: median.score };
  } finally {
    await server.stop();
    await db.drop();
  }
}

runAsScript(import.meta.url, run);
