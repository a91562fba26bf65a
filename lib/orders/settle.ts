import type { DbTx } from "../db/client";
import type { Settlement } from "../db/generated/client";
import { txSql } from "../db/sql";
import { lockPromoUseFreeInTx, retakePromoUseInTx, returnPromoUseInTx, spendHeldPromoUseInTx } from "../promo/uses";
import { queueOrderConfirmationInTx } from "../email/queue";
import { issueTicketsInTx } from "../tickets/issue";
import { revokeTicketsInTx, type RevokedTicket } from "../tickets/revoke";
import { profileFromPaidBookingInTx } from "./exhibitor-profile";
import { offerFreedSeatsInTx } from "../waitlist/offers";
import { releaseHoldInTx } from "./holds";
import { expiredHolderOf, lockFree, returnBooths, returnSeats, sellFree, sellHeld } from "./stock";

/**
 * What a successful payment did to its order (the Prisma enum, stored on the payment): paid, paid late,
 * or money that bought nothing and must go back (no capacity, already paid, order cancelled).
 */
export type SettleOutcome = Settlement;

/**
 * Turns an order's hold into a sale when its payment succeeds. Payments call this and know nothing of
 * tickets or booths; the caller's transaction makes the payment and the sale one change.
 */
export async function settleOrderPaid(tx: DbTx, orderId: string, now: Date): Promise<SettleOutcome> {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      status: true,
      // Stryker disable next-line BooleanLiteral: unread, it leaves the status alone to decide whether the order holds, which it does (see `holding` below)
      holdReleasedAt: true,
      // Stryker disable next-line ObjectLiteral: every item field instead of these four; the stock statements read only these
      items: { select: { kind: true, ticketTypeId: true, boothId: true, quantity: true } },
    },
  });
  if (order.status !== "pending" && order.status !== "expired" && order.status !== "cancelled") return "already_paid";
  // A cancellation is the organiser's decision (a payment still in flight at a gateway that could not
  // be stopped, say): late money does not overrule it.
  if (order.status === "cancelled") return "order_cancelled";

  const sql = txSql(tx);
  const receiptNumber = await nextReceiptNumber(tx, now);
  // Stryker disable next-line ConditionalExpression,LogicalOperator: an order is pending exactly while it holds (releaseHoldInTx changes both at once), so either half decides alone
  const holding = order.status === "pending" && !order.holdReleasedAt;
  if (holding) {
    const moved = await tx.order.updateMany({
      where: { id: orderId, status: "pending", holdReleasedAt: null },
      data: { status: "paid", paidAt: now, holdReleasedAt: now, receiptNumber },
    });
    // Stryker disable next-line ConditionalExpression,BlockStatement,StringLiteral: only a concurrent settle gets here with nothing moved; PGlite runs one at a time, lock-order.db.test.ts races it on PostgreSQL
    if (moved.count === 0) return "already_paid";
    await sellHeld(sql, orderId, order.items, now);
    await spendHeldPromoUseInTx(sql, orderId, now);
    // Orders fulfil themselves: the tickets exist the moment the order is paid, in the same transaction.
    await profileFromPaidBookingInTx(tx, orderId, now);
    await issueTicketsInTx(tx, orderId, now);
    await queueOrderConfirmationInTx(tx, orderId);
    return "paid";
  }

  // Late: the hold ran out before the money arrived. Sell again only what is still free, all or nothing:
  // the stock is locked and checked before anything is written, so a refusal leaves nothing to undo.
  // A booth still marked held by another order whose hold has run out: that order is expired first (and
  // its buyer told), so it can never later be paid for a booth it no longer holds.
  for (const item of order.items) {
    // Ticket lines name no booth; a second line naming the same booth finds its holder already expired.
    // Stryker disable next-line ConditionalExpression: asking for the holder of a ticket line's null booth finds none
    if (!item.boothId) continue;
    const holder = await expiredHolderOf(sql, item.boothId, orderId, now);
    if (holder) await releaseHoldInTx(tx, holder, "expired", now);
  }
  // The promo code's use went back with the hold: like a seat, it is sold again only if still free.
  if (!(await lockFree(sql, order.items, now)) || !(await lockPromoUseFreeInTx(sql, orderId))) return "no_capacity";
  const moved = await tx.order.updateMany({
    where: { id: orderId, status: order.status },
    data: { status: "paid", paidAt: now, receiptNumber, cancelledAt: null },
  });
  // Stryker disable next-line ConditionalExpression,BlockStatement,StringLiteral: only a concurrent settle gets here with nothing moved; PGlite runs one at a time, lock-order.db.test.ts races it on PostgreSQL
  if (moved.count === 0) return "already_paid";
  await sellFree(sql, orderId, order.items, now);
  await retakePromoUseInTx(sql, orderId, now);
  await profileFromPaidBookingInTx(tx, orderId, now);
  await issueTicketsInTx(tx, orderId, now);
  await queueOrderConfirmationInTx(tx, orderId);
  return "paid_late";
}

/**
 * Takes a sale back once the money that paid it has gone back in full, in the refund's transaction:
 * every ticket still valid is revoked and its seat goes back on sale, the booths the order booked
 * are free again, and its promo-code use comes back. Only what this call revoked is given back, so a duplicated refund notification, a
 * retried job or a later refund of the same order returns nothing twice. Returns how many tickets it revoked.
 */
export async function settleOrderRefundedInTx(tx: DbTx, orderId: string, now: Date): Promise<number> {
  const revoked = await revokeTicketsInTx(tx, { orderId }, now);
  const sql = txSql(tx);
  await returnSeats(sql, seatsOf(revoked), now);
  await offerFreedSeatsInTx(tx, seatsOf(revoked), now);
  await returnBooths(sql, orderId, now);
  await returnPromoUseInTx(sql, orderId, now);
  return revoked.length;
}

/**
 * Takes particular seats of a paid order back (a partial refund for guests who cannot come): those
 * tickets are revoked and exactly their seats go back on sale; a ticket already revoked gives nothing.
 * Returns how many tickets it revoked.
 */
export async function refundSeatsInTx(
  tx: DbTx,
  orderId: string,
  ticketIds: readonly string[],
  now: Date,
): Promise<number> {
  const revoked = await revokeTicketsInTx(tx, { orderId, ticketIds }, now);
  await returnSeats(txSql(tx), seatsOf(revoked), now);
  await offerFreedSeatsInTx(tx, seatsOf(revoked), now);
  return revoked.length;
}

/** One seat per revoked ticket of a ticket type; a booth's staff passes took no seat. */
function seatsOf(revoked: RevokedTicket[]): string[] {
  // Stryker disable next-line ArrayDeclaration: an id no ticket type has returns no seat and offers none (returnSeats and offerFreedSeatsInTx match rows by id)
  const noSeat: string[] = [];
  return revoked.flatMap((t) => (t.ticketTypeId ? [t.ticketTypeId] : noSeat));
}

/** "LR-2026-001042": sequential per database (receipt_number_seq), with the year for humans. */
async function nextReceiptNumber(tx: DbTx, now: Date): Promise<string> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('receipt_number_seq') AS n`;
  return `LR-${now.getUTCFullYear()}-${String(row.n).padStart(6, "0")}`;
}
