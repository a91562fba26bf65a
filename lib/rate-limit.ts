import type { Db } from "./db/client";
import { AppError } from "./errors";

/**
 * Fixed-window counter kept in the database, so the limit holds across app processes and restarts.
 * Returns whether this hit is within the limit.
 */
export async function hit(db: Db, key: string, limit: number, windowMs: number, now = new Date()): Promise<boolean> {
  const resetAt = new Date(now.getTime() + windowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimit" ("key", "count", "resetAt") VALUES (${key}, 1, ${resetAt})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= ${now} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= ${now} THEN ${resetAt} ELSE "RateLimit"."resetAt" END
    RETURNING "count"`;
  return Number(rows[0]?.count ?? 1) <= limit;
}

export async function enforce(db: Db, key: string, limit: number, windowMs: number, message: string, now = new Date()) {
  if (!(await hit(db, key, limit, windowMs, now))) {
    throw new AppError("rate_limited", message, 429, undefined, { retryAfterSeconds: Math.ceil(windowMs / 1000) });
  }
}
