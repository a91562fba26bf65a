import "server-only";
import type { Db } from "../db/client";
import type { Sql } from "../db/sql";
import { readEnv } from "../env";
import { AppError } from "../errors";
import { enforce } from "../rate-limit";

/** The window of the per-IP order limit (ORDER_RATE_LIMIT_PER_IP orders in it). */
export const ORDER_IP_WINDOW_MS = 10 * 60_000;
/** Booths one e-mail may hold unpaid for one event at a time. */
export const MAX_OPEN_BOOTH_HOLDS = 3;

/**
 * Orders are anonymous and every one holds stock, so a script could keep seats and booths held forever
 * by ordering again as each hold runs out. Each client IP may place ORDER_RATE_LIMIT_PER_IP orders per ten
 * minutes (0: no limit, e.g. for a load test from one machine). With no known IP (no TRUST_PROXY) there is
 * no per-IP limit: one bucket for every buyer would let one script stop all sales, and the booth limit
 * per e-mail still holds.
 */
export async function enforceOrderRateLimit(db: Db, ip: string | undefined, env: Record<string, string | undefined> = process.env, now = new Date()): Promise<void> {
  const limit = readEnv(env).ORDER_RATE_LIMIT_PER_IP;
  if (!ip || limit === 0) return;
  await enforce(db, `orders:ip:${ip}`, limit, ORDER_IP_WINDOW_MS, "Too many orders from your network in a short time. Wait a few minutes, then try again.", now);
}

/**
 * At most MAX_OPEN_BOOTH_HOLDS booths held unpaid per e-mail and event, counting this order's. Called
 * in the holding transaction; the lock on (event, e-mail) makes simultaneous bookings from one address
 * count one after the other, so they cannot all slip under the limit together.
 */
export async function checkBoothHoldLimitInTx(sql: Sql, h: { eventId: string; email: string; booths: number; now: Date }): Promise<AppError | null> {
  await sql.query(`SELECT 1 AS "locked" FROM pg_advisory_xact_lock(hashtext($1))`, [`booth-holds:${h.eventId}:${h.email}`]);
  // Minutes until the first of them runs out, computed by the database (timestamps stay UTC there).
  const { rows: [row] } = await sql.query<{ held: string | number; minutesLeft: number | null }>(
    `SELECT count(*) AS "held", ceil(extract(epoch FROM min(b."holdExpiresAt") - $2::timestamp) / 60)::int AS "minutesLeft"
     FROM "Booth" b JOIN "Order" o ON o."id" = b."holdOrderId"
     WHERE b."eventId" = $1 AND b."status" = 'held' AND b."holdExpiresAt" > $2::timestamp
       AND o."status" = 'pending' AND lower(o."buyerEmail") = $3`,
    [h.eventId, h.now.toISOString(), h.email],
  );
  const held = Number(row?.held ?? 0);
  if (held + h.booths <= MAX_OPEN_BOOTH_HOLDS) return null;
  const minutes = row?.minutesLeft != null ? Math.max(1, row.minutesLeft) : null;
  const already = held === 0 ? "" : ` You already hold ${held} unpaid ${held === 1 ? "booth" : "booths"} for this event.`;
  return new AppError(
    "rate_limited",
    `One e-mail address can hold at most ${MAX_OPEN_BOOTH_HOLDS} unpaid booths per event.${already} Pay for ${held === 1 ? "it" : "them"} on the order page${minutes ? `, or wait until a hold runs out (in about ${minutes} min)` : ""}, then book again.`,
    429,
    undefined,
    { held, limit: MAX_OPEN_BOOTH_HOLDS, ...(minutes && { retryAfterSeconds: minutes * 60 }) },
  );
}
