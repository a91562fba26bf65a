import "server-only";
import type { Db } from "../db/client";
import type { Sql } from "../db/sql";
import { AppError } from "../errors";
import { DIRECT_CLIENT } from "../http/client-ip";
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
 * A free order is paid at once, so the unpaid-hold limits never see it: without this one buyer, or one
 * script inventing a buyer per order, could take every free seat, one order at a time. Free seats held or
 * confirmed per event are capped like unpaid ones per buyer (e-mail key or phone), and, where the operator
 * sets FREE_SEATS_PER_IP, per client address. Only public orders (`source`) are capped; the box office
 * sells without one. Runs in the holding transaction after unpaidHoldsGuard,
 * whose advisory locks on the buyer and the client come first in the same round trip, so simultaneous
 * orders from either count one after the other and cannot slip under a cap together.
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
  // Per client only where the address is known: confirmed free seats never leave the count, so one bucket
  // for every unknown client would end a free event for everyone once it filled.
  const clientLimit = h.source?.clientKey === DIRECT_CLIENT ? 0 : (h.source?.limits.freePerClient ?? 0);
  if (h.seats === 0 || (perBuyer === 0 && clientLimit === 0)) return null;
  const buyerLimit = buyerSeatLimit(perBuyer, h.largestPerOrder);
  const clientKey = clientLimit > 0 ? h.source!.clientKey : null;
  const {
    rows: [taken],
  } = await sql.query<{ buyer: number; client: number }>(
    `SELECT coalesce(sum(i."quantity") FILTER (WHERE o."buyerEmailKey" = $2 OR o."buyerPhone" = $3), 0)::int AS "buyer",
       coalesce(sum(i."quantity") FILTER (WHERE o."clientKey" = $4), 0)::int AS "client"
     FROM "Order" o JOIN "OrderItem" i ON i."orderId" = o."id" AND i."kind" = 'ticket'
     WHERE o."eventId" = $1 AND o."totalMinor" = 0 AND (o."buyerEmailKey" = $2 OR o."buyerPhone" = $3 OR o."clientKey" = $4)
       AND (o."status" = 'paid' OR (o."status" = 'pending' AND o."holdReleasedAt" IS NULL AND o."expiresAt" > $5::timestamp))`,
    [h.eventId, perBuyer > 0 ? h.emailKey : null, perBuyer > 0 ? h.phone : null, clientKey, h.now.toISOString()],
  );
  const held = taken?.buyer ?? 0;
  if (perBuyer > 0 && held + h.seats > buyerLimit) {
    return new AppError(
      "free_limit_reached",
      `One buyer (the same e-mail address or phone number) can get at most ${buyerLimit} free tickets for this event${held ? `, and you already have ${held}` : ""}.`,
      undefined,
      { held, limit: buyerLimit },
    );
  }
  const fromClient = taken?.client ?? 0;
  if (clientKey && fromClient + h.seats > clientLimit) {
    return new AppError(
      "free_limit_reached",
      `Too many free tickets for this event have been taken from your network (at most ${clientLimit}, and ${fromClient} are taken).`,
      undefined,
      { held: fromClient, limit: clientLimit },
    );
  }
  return null;
}
