import os from "node:os";
import type { Sql } from "../db/sql";

/** Who runs a tick, as the JobTick row records it. */
export const RUNNER = `${os.hostname()}:${process.pid}`;

/** Ticks kept per job: enough to see which process ran the last few, never a growing table. */
const KEEP_TICKS = 100;

/**
 * Claims the current tick of a periodic job for this process: true for the one process (of however many
 * share the database) whose INSERT lands first, false for every other. The interval splits time into
 * numbered ticks, so processes whose timers fire at different moments still agree on which tick it is,
 * and a job runs once per interval across all of them rather than once per process.
 */
export async function claimTick(
  sql: Sql,
  job: string,
  intervalMs: number,
  now = new Date(),
  runner = RUNNER,
): Promise<boolean> {
  const tick = Math.floor(now.getTime() / intervalMs);
  const claimed = await sql.query(
    `INSERT INTO "JobTick" ("job", "tick", "runner", "claimedAt") VALUES ($1, $2, $3, $4::timestamp)
     ON CONFLICT ("job", "tick") DO NOTHING`,
    [job, tick, runner, now.toISOString()],
  );
  if (claimed.rowCount === 0) return false;
  await sql.query(`DELETE FROM "JobTick" WHERE "job" = $1 AND "tick" < $2`, [job, tick - KEEP_TICKS]);
  return true;
}
