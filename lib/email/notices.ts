import type { DbTx } from "../db/client";
import { readEnv } from "../env";
import { formatMoney } from "../money";
import { queueEmail } from "./outbox";

const appUrl = () => readEnv().APP_URL.replace(/\/+$/, "");

/**
 * The hold ran out while the buyer was trying to pay (at least one attempt, none succeeded): say so,
 * and that nothing was taken. Buyers who never tried to pay get no e-mail.
 */
export async function queueHoldExpiredNoticeInTx(tx: DbTx, orderId: string) {
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { event: true, payments: { select: { status: true } } } });
  if (order.payments.length === 0 || order.payments.some((p) => p.status === "succeeded")) return false;
  return queueEmail(tx, {
    dedupeKey: `hold-expired:${orderId}`,
    kind: "payment_expired",
    to: order.buyerEmail,
    orderId,
    subject: `Your order ${order.reference} for ${order.event.name} has expired`,
    text: `Hello ${order.buyerName},\n\nWe did not receive your payment of ${formatMoney(order.totalMinor, order.currency)} in time, so the tickets we held for order ${order.reference} have been released. Nothing was charged.\n\nIf money did leave your account, it will be matched to your order or refunded automatically.\n\nYou can start again at ${appUrl()}/events/${order.event.slug}\n\n— Lango`,
  });
}

/** A refund went through: how much, for which order, and that the tickets no longer admit anyone. */
export async function queueRefundNoticeInTx(tx: DbTx, refundId: string, ticketsRevoked: boolean) {
  const refund = await tx.refund.findUniqueOrThrow({ where: { id: refundId }, include: { order: { include: { event: true } }, payment: { select: { gateway: true } } } });
  const { order } = refund;
  return queueEmail(tx, {
    dedupeKey: `refund:${refundId}`,
    kind: "refund",
    to: order.buyerEmail,
    orderId: order.id,
    subject: `Refund of ${formatMoney(refund.amountMinor, refund.currency)} for order ${order.reference}`,
    text: `Hello ${order.buyerName},\n\nWe have refunded ${formatMoney(refund.amountMinor, refund.currency)} for order ${order.reference} (${order.event.name}) through ${refund.payment.gateway}. It goes back the way you paid; mobile money usually arrives within minutes, cards within a few days.\n\n${ticketsRevoked ? "The tickets of this order no longer admit anyone." : "Your remaining tickets stay valid."}\n\n— Lango`,
  });
}
