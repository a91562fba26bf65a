/**
 * Load with `wrk` (C, event loop, Lua for request bodies): it costs the two cores far less than the server
 * it measures, unlike a Node `fetch` loop, which tops out near 500 req/s here and measured itself.
 * Installed from Debian when missing (`apt-get install -y wrk`).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface WrkResult {
  requestsPerSecond: number;
  requests: number;
  latencyMs: { p50: number; p95: number; p99: number };
  /** Answers outside 2xx/3xx (an expected 400 counts here too) and socket errors. */
  non2xx: number;
  socketErrors: number;
}

export function ensureWrk() {
  if (spawnSync("which", ["wrk"]).status === 0) return;
  console.log("▶ installing wrk (Debian package)");
  const r = spawnSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk"], {
    stdio: "inherit",
  });
  if (r.status !== 0) throw new Error("wrk is missing and could not be installed: apt-get install -y wrk");
}

/** Prints one JSON line at the end; the percentiles are wrk's own (microseconds → ms). */
const DONE = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests":%d,"durationUs":%d,"p50":%.2f,"p95":%.2f,"p99":%.2f,"status":%d,"socket":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
`;

/** Gives each wrk thread its own number (`id`), so generated buyers never repeat across threads. */
const THREAD_IDS = `
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
`;

export interface WrkOptions {
  url: string;
  /** Lua defining `request()` (and optionally `response()`); a plain GET of `url` when absent. */
  lua?: string;
  connections?: number;
  seconds: number;
  threads?: number;
}

/** Runs wrk without blocking this process: the bare-Node floor server answers from this event loop. */
export async function wrk({ url, lua = "", connections = 50, seconds, threads = 2 }: WrkOptions): Promise<WrkResult> {
  const script = path.join(os.tmpdir(), `lango-wrk-${process.pid}-${Date.now()}.lua`);
  fs.writeFileSync(script, `${THREAD_IDS}\n${lua}\n${DONE}`);
  try {
    const child = spawn("wrk", [
      `-t${threads}`,
      `-c${connections}`,
      `-d${seconds}s`,
      "--timeout",
      "10s",
      "-s",
      script,
      url,
    ]);
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    const line = out.split("\n").find((l) => l.startsWith("WRKJSON "));
    if (!line) throw new Error(`wrk gave no result (exit ${code}): ${err || out}`);
    const j = JSON.parse(line.slice(8)) as Record<string, number>;
    return {
      requestsPerSecond: Math.round((j.requests / j.durationUs) * 1e6),
      requests: j.requests,
      latencyMs: { p50: j.p50, p95: j.p95, p99: j.p99 },
      non2xx: j.status,
      socketErrors: j.socket,
    };
  } finally {
    fs.rmSync(script, { force: true });
  }
}

/** A Lua string literal. */
export const lua = (s: string) => JSON.stringify(s);
