import type { Db } from "../db/client";
import { sqlOf } from "../db/sql";
import { deleteExpiredRateLimits } from "../rate-limit";
import { claimTick, RUNNER } from "./ticks";

/**
 * Often enough that the rows a burst of distinct keys leaves (each a form post with a made-up e-mail
 * address) are gone within minutes of their windows ending, at a few thousand rows a tick.
 */
export const CLEANUP_INTERVAL_MS = 60_000;
/** A tick's most: ten short statements, so it never runs long; a backlog is worked off over ticks. */
const RATE_LIMIT_BATCHES = { batchSize: 1_000, maxBatches: 10 };

/**
 * One tick of the cleanup job, in the one process (of all on the database) that claims it: counters
 * of the rate limits whose windows have ended are deleted. Null when another process has this tick.
 */
export async function cleanupTick(db: Db, now = new Date(), runner = RUNNER): Promise<{ rateLimits: number } | null> {
  if (!(await claimTick(sqlOf(db), "cleanup", CLEANUP_INTERVAL_MS, now, runner))) return null;
  return { rateLimits: await deleteExpiredRateLimits(db, now, RATE_LIMIT_BATCHES) };
}
