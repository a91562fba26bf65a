/**
 * CPU time a server spends, read from /proc (Linux): user + system time of a process and all its
 * descendants. Requests per second swing with whatever else the two cores are doing; the server's own CPU
 * per request barely does, so the rush bench reports both.
 */
import { execSync } from "node:child_process";
import fs from "node:fs";

let ticksPerSecond: number | undefined;
function ticks(): number {
  return (ticksPerSecond ??= Number(execSync("getconf CLK_TCK").toString().trim()) || 100);
}

interface ProcStat {
  ppid: number;
  /** utime + stime + the reaped children's cutime + cstime, in clock ticks. */
  cpu: number;
}

function readStat(pid: string): ProcStat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may itself contain spaces or parentheses.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const n = (i: number) => Number(fields[i - 3]);
    return { ppid: n(4), cpu: n(14) + n(15) + n(16) + n(17) };
  } catch {
    return null; // gone between the listing and the read
  }
}

/** CPU milliseconds used so far by `rootPid` and every process below it; 0 where /proc is missing. */
export function treeCpuMs(rootPid: number | undefined): number {
  if (!rootPid || !fs.existsSync("/proc/self/stat")) return 0;
  const stats = new Map<number, ProcStat>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat) stats.set(Number(entry), stat);
  }
  let total = 0;
  const queue = [rootPid];
  while (queue.length) {
    const pid = queue.pop()!;
    total += stats.get(pid)?.cpu ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) queue.push(child);
  }
  return (total * 1000) / ticks();
}
