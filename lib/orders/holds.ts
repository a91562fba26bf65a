import type { Db, DbTx } from "../db/client";
import type { OrderStatus } from "../db/generated/client";
import { sqlOf, txSql } from "../db/sql";
import { queueHoldExpiredNoticeInTx } from "../email/notices";
import { returnPromoUseInTx } from "../promo/uses";
import { offerFreedSeatsInTx } from "../waitlist/offers";
import { releaseHeld } from "./stock";

/**
 * Gives an order's held seats, booths and promo-code use back, exactly once: the order row moves out of `pending` with
 * `holdReleasedAt` set in the same statement that checks it was still holding, so a concurrent sweep,
 * cancellation or payment cannot release the same stock twice.
 */
export async function releaseHoldInTx(
  tx: DbTx,
  orderId: string,
  to: Extract<OrderStatus, "expired" | "cancelled">,
  now: Date,
): Promise<boolean> {
  const moved = await tx.order.updateMany({
    where: { id: orderId, status: "pending", holdReleasedAt: null },
    data: { status: to, holdReleasedAt: now, ...(to === "cancelled" && { cancelledAt: now }) },
  });
  if (moved.count === 0) return false;
  if (to === "expired") await queueHoldExpiredNoticeInTx(tx, orderId);
  const items = await tx.orderItem.findMany({
    where: { orderId },
    select: { kind: true, ticketTypeId: true, boothId: true, quantity: true },
  });
  const sql = txSql(tx);
  await releaseHeld(sql, orderId, items, now);
  await returnPromoUseInTx(sql, orderId, now);
  // The first in line get the seats before anyone else can buy them.
  await offerFreedSeatsInTx(tx, seatTypes(items), now);
  return true;
}

export const seatTypes = (items: readonly { ticketTypeId: string | null }[]) =>
  items.flatMap((i) => (i.ticketTypeId ? [i.ticketTypeId] : []));

export function releaseHold(db: Db, orderId: string, to: "expired" | "cancelled", now = new Date()) {
  return db.$transaction((tx) => releaseHoldInTx(tx, orderId, to, now));
}

/**
 * Expires pending orders whose hold has run out and returns their capacity. Called when availability
 * is read (for one event) and by the periodic sweep (for all). Returns how many orders it expired.
 */
export async function releaseExpiredHolds(
  db: Db,
  opts: { eventId?: string; now?: Date; limit?: number } = {},
): Promise<number> {
  const now = opts.now ?? new Date();
  // Plain SQL: every buyer turned away in a sold-out flash sale asks this, and the answer is nearly always none.
  const { rows: due } = await sqlOf(db).query<{ id: string }>(
    `SELECT "id" FROM "Order"
     WHERE "status" = 'pending' AND "holdReleasedAt" IS NULL AND "expiresAt" <= $1::timestamp AND ($2::text IS NULL OR "eventId" = $2)
     ORDER BY "expiresAt" LIMIT $3`,
    [now.toISOString(), opts.eventId ?? null, opts.limit ?? 500],
  );
  let released = 0;
  for (const { id } of due) {
    if (await releaseHold(db, id, "expired", now)) released++;
  }
  return released;
}
