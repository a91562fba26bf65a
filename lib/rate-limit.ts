import type { Db } from "./db/client";
import { sqlOf } from "./db/sql";
import { AppError } from "./errors";

export interface Limit {
  key: string;
  limit: number;
  windowMs: number;
  /** What the caller hears when this limit is the one reached. */
  message: string;
}

/**
 * Fixed-window counters kept in the database, so a limit holds across app processes and restarts. Every
 * key is counted in one statement (a payment prompt passes two limits, and every prompt of an on-sale rush
 * comes through here); keys are upserted in sorted order, so two requests sharing keys cannot deadlock.
 * Returns each key's count after this hit.
 */
async function count(db: Db, limits: readonly Limit[], now: Date): Promise<Map<string, number>> {
  const sorted = [...limits].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const { rows } = await sqlOf(db).query<{ key: string; count: number }>(
    `INSERT INTO "RateLimit" ("key", "count", "resetAt")
     SELECT k, 1, r FROM unnest($1::text[], $3::timestamp[]) WITH ORDINALITY AS t(k, r, n) ORDER BY n
     ON CONFLICT ("key") DO UPDATE SET
       "count" = CASE WHEN "RateLimit"."resetAt" <= $2::timestamp THEN 1 ELSE "RateLimit"."count" + 1 END,
       "resetAt" = CASE WHEN "RateLimit"."resetAt" <= $2::timestamp THEN EXCLUDED."resetAt" ELSE "RateLimit"."resetAt" END
     RETURNING "key", "count"`,
    [
      sorted.map((l) => l.key),
      now.toISOString(),
      sorted.map((l) => new Date(now.getTime() + l.windowMs).toISOString()),
    ],
  );
  return new Map(rows.map((r) => [r.key, Number(r.count)]));
}

/** Whether this hit on `key` is within the limit. */
export async function hit(db: Db, key: string, limit: number, windowMs: number, now = new Date()): Promise<boolean> {
  const counts = await count(db, [{ key, limit, windowMs, message: "" }], now);
  return (counts.get(key) ?? 1) <= limit;
}

/**
 * Counts a hit on every limit and refuses with the first one (in the order given) that is exceeded. All are
 * counted even when an earlier one refuses: an attempt refused for one reason is still an attempt.
 */
export async function enforceAll(db: Db, limits: readonly Limit[], now = new Date()): Promise<void> {
  const keys = new Set(limits.map((l) => l.key));
  if (keys.size !== limits.length) throw new Error("enforceAll: each limit needs its own key");
  const counts = await count(db, limits, now);
  const over = limits.find((l) => (counts.get(l.key) ?? 1) > l.limit);
  if (over) {
    throw new AppError("rate_limited", over.message, undefined, { retryAfterSeconds: Math.ceil(over.windowMs / 1000) });
  }
}

export function enforce(db: Db, key: string, limit: number, windowMs: number, message: string, now = new Date()) {
  return enforceAll(db, [{ key, limit, windowMs, message }], now);
}

/** What one cleanup may delete: batches of `batchSize` rows, at most `maxBatches` of them. */
export interface RateLimitCleanup {
  batchSize: number;
  maxBatches: number;
}

/**
 * Deletes counters whose window has ended: every distinct key ever limited (an address, an e-mail given to
 * a public form) leaves a row, and nothing else removes them. A row past its `resetAt` limits nothing (the
 * next hit starts it again at 1), so deleting it changes no answer. A hit that renews a row while it is
 * being deleted wins: the DELETE checks `resetAt` again on the row it finally meets. Small batches, so no
 * statement holds many row locks against the hits of a rush; stops at the first batch that is not full.
 * Returns how many rows were deleted.
 */
export async function deleteExpiredRateLimits(
  db: Db,
  now = new Date(),
  { batchSize = 1_000, maxBatches = 20 }: Partial<RateLimitCleanup> = {},
): Promise<number> {
  const sql = sqlOf(db);
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const { rowCount } = await sql.query(
      `DELETE FROM "RateLimit" WHERE "key" IN (
         SELECT "key" FROM "RateLimit" WHERE "resetAt" <= $1::timestamp LIMIT $2 FOR UPDATE SKIP LOCKED)
       AND "resetAt" <= $1::timestamp`,
      [now.toISOString(), batchSize],
    );
    deleted += rowCount;
    if (rowCount < batchSize) break;
  }
  return deleted;
}
