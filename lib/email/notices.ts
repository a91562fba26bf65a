import type { DbTx } from "../db/client";
import { localGatewayLabel } from "../documents/labels";
import { storedLocale } from "../i18n/order-locale";
import { getTranslator } from "../i18n/translator";
import { readEnv } from "../env";
import { paidTheOrder } from "../orders/settlement";
import { queueEmail } from "./outbox";
import { holdExpiredEmail, latePaymentRefundEmail, refundEmail, type LatePaymentRefundInput } from "./templates";

const appUrl = () => readEnv().APP_URL.replace(/\/+$/, "");

/**
 * The hold ran out while the buyer was trying to pay (at least one attempt, none succeeded): say so,
 * and that nothing was taken. Buyers who never tried to pay get no e-mail: an order costs nothing to
 * create, so mailing every one would let anyone send Lango's mail to any address.
 */
export async function queueHoldExpiredNoticeInTx(tx: DbTx, orderId: string) {
  const order = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    include: { event: true, payments: { select: { status: true } } },
  });
  if (order.payments.length === 0 || order.payments.some((p) => p.status === "succeeded")) return false;
  return queueEmail(tx, {
    dedupeKey: `hold-expired:${orderId}`,
    kind: "payment_expired",
    to: order.buyerEmail,
    orderId,
    ...(await holdExpiredEmail(
      {
        appUrl: appUrl(),
        buyerName: order.buyerName,
        reference: order.reference,
        event: order.event,
        totalMinor: order.totalMinor,
        currency: order.currency,
      },
      storedLocale(order.lang),
    )),
  });
}

/**
 * A refund went through: how much, for which order, and what became of the tickets. `ticketsRevoked`
 * says whether this refund cancelled the order's tickets; a refunded payment that never paid the
 * order (a duplicate) is told apart from its settlement, so its buyer is not told tickets stay "remaining".
 */
export async function queueRefundNoticeInTx(tx: DbTx, refundId: string, ticketsRevoked: boolean) {
  const refund = await tx.refund.findUniqueOrThrow({
    where: { id: refundId },
    include: {
      order: { include: { event: { select: { name: true } } } },
      payment: { select: { gateway: true, settlement: true } },
    },
  });
  const { order } = refund;
  const lang = storedLocale(order.lang);
  return queueEmail(tx, {
    dedupeKey: `refund:${refundId}`,
    kind: "refund",
    to: order.buyerEmail,
    orderId: order.id,
    ...(await refundEmail(
      {
        buyerName: order.buyerName,
        reference: order.reference,
        eventName: order.event.name,
        amountMinor: refund.amountMinor,
        currency: refund.currency,
        paidWith: localGatewayLabel(await getTranslator(lang), refund.payment.gateway),
        tickets: ticketsRevoked ? "revoked" : paidTheOrder(refund.payment.settlement) ? "kept" : "none",
      },
      lang,
    )),
  });
}

/**
 * A payment arrived after its hold ran out and the stock had gone: the money goes back automatically.
 * Same dedupe key as the notice apply-result.ts queues today, so switching to this one changes nothing
 * for messages already queued.
 */
export async function queueLatePaymentRefundInTx(
  tx: DbTx,
  paymentId: string,
  why: LatePaymentRefundInput["why"] = "no_capacity",
  automatic = true,
) {
  const payment = await tx.payment.findUniqueOrThrow({
    where: { id: paymentId },
    include: {
      order: {
        select: {
          id: true,
          reference: true,
          buyerName: true,
          buyerEmail: true,
          lang: true,
          event: { select: { name: true } },
        },
      },
    },
  });
  const lang = storedLocale(payment.order.lang);
  return queueEmail(tx, {
    dedupeKey: `late-payment-refund:${payment.id}`,
    kind: "late_payment_refund",
    to: payment.order.buyerEmail,
    orderId: payment.order.id,
    ...(await latePaymentRefundEmail(
      {
        buyerName: payment.order.buyerName,
        reference: payment.order.reference,
        eventName: payment.order.event.name,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        paidWith: localGatewayLabel(await getTranslator(lang), payment.gateway),
        why,
        automatic,
      },
      lang,
    )),
  });
}
