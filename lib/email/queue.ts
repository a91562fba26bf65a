import type { DbTx } from "../db/client";
import { readEnv } from "../env";
import { ticketCodes } from "../tickets/codes";
import { queueEmail } from "./outbox";
import { orderConfirmationEmail } from "./templates";

/**
 * Queues the order confirmation with its tickets, in the transaction that paid the order: once per
 * order (dedupe key), however many times the payment is confirmed. An admin's "resend tickets" passes
 * its own key per request, so the buyer gets the tickets' current codes again.
 */
export async function queueOrderConfirmationInTx(tx: DbTx, orderId: string, opts: { dedupeKey?: string } = {}): Promise<boolean> {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    include: {
      event: true,
      tickets: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { ticketType: { select: { name: true } } } },
    },
  });
  const codes = await ticketCodes(tx, order.tickets);
  const email = orderConfirmationEmail({
    appUrl: readEnv().APP_URL.replace(/\/+$/, ""),
    reference: order.reference,
    accessToken: order.accessToken,
    buyerName: order.buyerName,
    totalMinor: order.totalMinor,
    currency: order.currency,
    receiptNumber: order.receiptNumber,
    event: order.event,
    tickets: order.tickets.map((t) => ({ id: t.id, attendeeName: t.attendeeName, ticketType: t.ticketType?.name ?? null, code: codes.get(t.id) ?? null })),
  });
  return queueEmail(tx, { dedupeKey: opts.dedupeKey ?? `order-confirmation:${orderId}`, kind: "order_confirmation", to: order.buyerEmail, orderId, ...email });
}
