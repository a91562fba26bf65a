import "server-only";
import type { Db } from "../db/client";
import type { Sql } from "../db/sql";
import { AppError } from "../errors";
import { buyerSeatLimit, type OrderSource } from "./order-limits";
import { settleOrderPaid } from "./settle";

/**
 * Orders whose total is zero (a free ticket type, a 100 % code) need no gateway: they are settled the
 * moment their hold is placed, through the same settlement as a paid order (tickets issued, confirmation
 * queued, promo use counted as used).
 */
export async function confirmFreeOrder(db: Db, reference: string, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const order = await tx.order.findUniqueOrThrow({ where: { reference }, select: { id: true, totalMinor: true } });
    if (order.totalMinor !== 0) throw new Error(`Order ${reference} is not free.`);
    await settleOrderPaid(tx, order.id, now);
  });
}

/**
 * A free order is paid at once, so the unpaid-hold limits never see it: without this one buyer could
 * take every free seat, one order at a time. Free seats held or confirmed per buyer (e-mail key or phone)
 * and event are capped like unpaid ones. Runs in the holding transaction after checkUnpaidHoldsInTx, whose
 * advisory locks on the buyer make simultaneous orders count one after the other.
 */
export async function checkFreeSeatsInTx(
  sql: Sql,
  h: {
    eventId: string;
    emailKey: string;
    phone: string;
    seats: number;
    largestPerOrder: number;
    now: Date;
    source?: OrderSource;
  },
): Promise<AppError | null> {
  const perBuyer = h.source?.limits.perBuyer ?? 0;
  if (perBuyer === 0 || h.seats === 0) return null;
  const limit = buyerSeatLimit(perBuyer, h.largestPerOrder);
  const {
    rows: [mine],
  } = await sql.query<{ seats: number }>(
    `SELECT coalesce(sum(i."quantity"), 0)::int AS "seats"
     FROM "Order" o JOIN "OrderItem" i ON i."orderId" = o."id" AND i."kind" = 'ticket'
     WHERE o."eventId" = $1 AND o."totalMinor" = 0 AND (o."buyerEmailKey" = $2 OR o."buyerPhone" = $3)
       AND (o."status" = 'paid' OR (o."status" = 'pending' AND o."holdReleasedAt" IS NULL AND o."expiresAt" > $4::timestamp))`,
    [h.eventId, h.emailKey, h.phone, h.now.toISOString()],
  );
  const held = mine?.seats ?? 0;
  if (held + h.seats <= limit) return null;
  return new AppError(
    "free_limit_reached",
    `One buyer (the same e-mail address or phone number) can get at most ${limit} free tickets for this event${held ? `, and you already have ${held}` : ""}.`,
    undefined,
    { held, limit },
  );
}
