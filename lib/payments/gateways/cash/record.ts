import "server-only";
import type { Db } from "../../../db/handle";
import { isUniqueViolation } from "../../../db/errors";
import type { Prisma } from "../../../db/generated/client";
import { applyPaymentResult } from "../../apply-result";
import { refundPayment } from "../../refunds";
import type { InPersonOutcome, InPersonRecord, PaymentsEnv } from "../../types";

/** Keeps the reconciler (which cannot ask a desk anything) away until the payment settles a moment later. */
const SETTLE_WINDOW_MS = 10 * 60_000;

export async function recordedCash(
  db: Db,
  receipt: string,
): Promise<Extract<InPersonOutcome, { type: "already_recorded" }> | null> {
  const p = await db.payment.findUnique({
    where: { gateway_gatewayReference: { gateway: "cash", gatewayReference: receipt } },
    select: { id: true, orderId: true, order: { select: { reference: true } } },
  });
  return p && { type: "already_recorded", paymentId: p.id, orderId: p.orderId, orderReference: p.order.reference };
}

/**
 * Records cash taken at the desk as a `cash` payment, then settles it through applyPaymentResult like any
 * other payment. When the buyer chose "Pay at the desk", that waiting attempt is the one paid (the order
 * then has one cash payment, not two); otherwise a new one is recorded. The receipt-book number is the
 * payment's gateway reference, unique per gateway, so a double submit (or two desks racing) records the
 * money once. Cash that bought nothing (the seats went, or the order was paid another way) is recorded as
 * handed straight back.
 */
export async function recordCash(db: Db, input: InPersonRecord, env: PaymentsEnv, now: Date): Promise<InPersonOutcome> {
  const { orderId, amount, receipt } = input;
  const byReceipt = () => recordedCash(db, receipt);
  const existing = await byReceipt();
  if (existing) return existing;

  const cash = {
    receiptNumber: receipt,
    receivedById: input.receivedBy.id,
    receivedBy: input.receivedBy.email,
    receivedAt: now.toISOString(),
  };
  let payment;
  try {
    payment =
      (await claimDeskAttempt(db, orderId, receipt, cash, now)) ??
      (await db.payment.create({
        data: {
          orderId,
          gateway: "cash",
          method: "desk",
          amountMinor: amount.amountMinor,
          currency: amount.currency,
          gatewayReference: receipt,
          expiresAt: new Date(now.getTime() + SETTLE_WINDOW_MS),
          metadata: { cash },
        },
      }));
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const raced = await byReceipt();
    if (raced) return raced;
    throw err;
  }

  const outcome = await applyPaymentResult(db, payment.id, { status: "succeeded", paid: amount, receipt }, now);
  const settlement = outcome.changed ? outcome.settle : undefined;
  if (settlement === "paid" || settlement === "paid_late")
    return { type: "recorded", paymentId: payment.id, sold: true, settlement };

  // Nothing was sold for this cash: it goes straight back, recorded as a desk refund.
  await refundPayment(
    db,
    {
      paymentId: payment.id,
      reason: settlement === "no_capacity" ? "Seats sold out after the hold ran out" : "Order already paid",
      idempotencyKey: `cash-return:${payment.id}`,
      requestedById: input.receivedBy.id,
    },
    env,
  );
  return { type: "recorded", paymentId: payment.id, sold: false, ...(settlement && { settlement }) };
}

/**
 * The buyer's own "Pay at the desk" attempt, if one is still waiting: it takes the receipt number with a
 * conditional update (still pending, no receipt yet), so two desks cannot both pay it.
 */
async function claimDeskAttempt(db: Db, orderId: string, receipt: string, cash: Prisma.InputJsonObject, now: Date) {
  const waiting = await db.payment.findFirst({
    where: { orderId, gateway: "cash", status: "pending", gatewayReference: null },
    orderBy: { createdAt: "desc" },
    select: { id: true, amountMinor: true, currency: true },
  });
  if (!waiting) return null;
  const claimed = await db.payment.updateMany({
    where: { id: waiting.id, status: "pending", gatewayReference: null },
    data: { gatewayReference: receipt, metadata: { cash }, expiresAt: new Date(now.getTime() + SETTLE_WINDOW_MS) },
  });
  return claimed.count === 1 ? db.payment.findUniqueOrThrow({ where: { id: waiting.id } }) : null;
}
