import type { Db } from "./db/client";
import { sqlOf } from "./db/sql";
import { AppError } from "./errors";

/**
 * Fixed-window counter kept in the database, so the limit holds across app processes and restarts.
 * Returns whether this hit is within the limit.
 */
export async function hit(db: Db, key: string, limit: number, windowMs: number, now = new Date()): Promise<boolean> {
  const resetAt = new Date(now.getTime() + windowMs);
  // On the driver directly: every order and every payment prompt passes through here.
  const { rows } = await sqlOf(db).query<{ count: number }>(
    `INSERT INTO "RateLimit" ("key", "count", "resetAt") VALUES ($1, 1, $3::timestamp)
     ON CONFLICT ("key") DO UPDATE SET
       "count" = CASE WHEN "RateLimit"."resetAt" <= $2::timestamp THEN 1 ELSE "RateLimit"."count" + 1 END,
       "resetAt" = CASE WHEN "RateLimit"."resetAt" <= $2::timestamp THEN $3::timestamp ELSE "RateLimit"."resetAt" END
     RETURNING "count"`,
    [key, now.toISOString(), resetAt.toISOString()],
  );
  return Number(rows[0]?.count ?? 1) <= limit;
}

export async function enforce(db: Db, key: string, limit: number, windowMs: number, message: string, now = new Date()) {
  if (!(await hit(db, key, limit, windowMs, now))) {
    throw new AppError("rate_limited", message, undefined, { retryAfterSeconds: Math.ceil(windowMs / 1000) });
  }
}
