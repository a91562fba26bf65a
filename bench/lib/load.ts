/** Load generation and the figures every scenario reports. */
import os from "node:os";

// Node's fetch opens as many keep-alive sockets per origin as there are requests in flight, like many phones.

export interface LatencyStats {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

const round = (n: number) => Math.round(n * 10) / 10;

export function stats(samples: number[]): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : 0);
  return {
    count: s.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(s.at(-1) ?? 0),
    mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
  };
}

/** Runs `total` tasks with at most `concurrency` in flight; returns each task's latency (ms) and result. */
export async function runConcurrent<T>(
  total: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<{ results: T[]; latencies: number[]; elapsedMs: number }> {
  const results: T[] = new Array(total);
  const latencies: number[] = new Array(total);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) {
        const i = next++;
        const start = performance.now();
        results[i] = await task(i);
        latencies[i] = performance.now() - start;
      }
    }),
  );
  return { results, latencies, elapsedMs: performance.now() - t0 };
}

/** Runs as many tasks as fit in `durationMs` with `concurrency` in flight. */
export async function runFor(
  durationMs: number,
  concurrency: number,
  task: () => Promise<boolean>,
): Promise<{ ok: number; failed: number; latencies: number[]; elapsedMs: number }> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const t0 = performance.now();
  const end = t0 + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const start = performance.now();
        if (await task()) ok++;
        else failed++;
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { ok, failed, latencies, elapsedMs: performance.now() - t0 };
}

export const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000 * 10) / 10;

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export async function json<T = unknown>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  }
}
