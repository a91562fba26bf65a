import "server-only";
import { isUniqueViolation } from "../db/errors";
import type { Db } from "../db/client";
import { AppError, notFound } from "../errors";
import { queueRefundNoticeInTx } from "../email/notices";
import { revokeOrderTicketsInTx } from "../tickets/revoke";
import { gatewayContext } from "./context";
import { gatewayById, type PaymentsEnv } from "./registry";
import { GatewayError } from "./types";

export interface RefundRequest {
  paymentId: string;
  /** Defaults to everything not yet refunded. */
  amountMinor?: number;
  reason: string;
  /** The same key twice (a double click, a retried job) refunds once. */
  idempotencyKey: string;
  requestedById?: string;
}

export interface RefundView {
  refundId: string;
  status: "pending" | "succeeded" | "failed";
  amount: number;
  currency: string;
  failureReason: string | null;
}

const view = (r: { id: string; status: "pending" | "succeeded" | "failed"; amountMinor: number; currency: string; failureReason: string | null }): RefundView => ({
  refundId: r.id,
  status: r.status,
  amount: r.amountMinor,
  currency: r.currency,
  failureReason: r.failureReason,
});

/**
 * Refunds a succeeded payment in full or in part through its gateway, once per idempotency key. The
 * refund is recorded before the gateway is asked, so a crash in between leaves a pending refund to
 * look at, never a silent one.
 */
export async function refundPayment(db: Db, req: RefundRequest, env: PaymentsEnv): Promise<RefundView> {
  const existing = await db.refund.findUnique({ where: { idempotencyKey: req.idempotencyKey } });
  if (existing) return view(existing);

  const payment = await db.payment.findUnique({ where: { id: req.paymentId } });
  if (!payment) throw notFound("payment_not_found", "There is no such payment.");
  if (payment.status !== "succeeded") throw new AppError("invalid_input", "Only a succeeded payment can be refunded.", 409);
  const refundable = payment.amountMinor - payment.refundedMinor;
  const amountMinor = req.amountMinor ?? refundable;
  if (!Number.isInteger(amountMinor) || amountMinor <= 0 || amountMinor > refundable) {
    throw new AppError("invalid_input", `The refund must be between 1 and ${refundable} (minor units).`, 422);
  }
  const record = async () => {
    try {
      return await db.refund.create({
        data: {
          paymentId: payment.id,
          orderId: payment.orderId,
          amountMinor,
          currency: payment.currency,
          reason: req.reason,
          idempotencyKey: req.idempotencyKey,
          requestedById: req.requestedById ?? null,
        },
      });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  };
  const again = async () => view(await db.refund.findUniqueOrThrow({ where: { idempotencyKey: req.idempotencyKey } }));

  // Cash has no gateway: it was taken at the desk and goes back over the desk, so the admin who records
  // the refund is the one paying it out, and it is complete as soon as it is recorded.
  if (payment.gateway === "cash") {
    const refund = await record();
    return refund ? view(await completeRefund(db, refund.id)) : again();
  }

  const { gateway, config } = gatewayById(payment.gateway, env);
  const refund = await record();
  if (!refund) return again();

  if (!gateway.refund) {
    return view(await failRefund(db, refund.id, `${gateway.displayName} refunds are not available through its API: refund the payer directly and record it.`));
  }
  try {
    const result = await gateway.refund(
      {
        refundId: refund.id,
        paymentId: payment.id,
        gatewayReference: payment.gatewayReference ?? "",
        receipt: payment.gatewayReceipt ?? undefined,
        phoneE164: payment.phone ?? undefined,
        amount: { amountMinor, currency: payment.currency },
        paymentAmount: { amountMinor: payment.amountMinor, currency: payment.currency },
        reason: req.reason,
      },
      gatewayContext(db, config),
    );
    await db.refund.update({ where: { id: refund.id }, data: { gatewayReference: result.gatewayReference ?? null } });
    if (result.status === "succeeded") return view(await completeRefund(db, refund.id));
    if (result.status === "failed") return view(await failRefund(db, refund.id, result.failureReason ?? "The gateway refused the refund."));
    return view(await db.refund.findUniqueOrThrow({ where: { id: refund.id } }));
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    return view(await failRefund(db, refund.id, `${gateway.displayName} did not answer: ${err.message}`));
  }
}

export async function failRefund(db: Db, refundId: string, reason: string) {
  await db.refund.updateMany({ where: { id: refundId, status: "pending" }, data: { status: "failed", failureReason: reason, completedAt: new Date() } });
  return db.refund.findUniqueOrThrow({ where: { id: refundId } });
}

/**
 * Marks a refund done and carries it to the payment and the order, once (a conditional update from
 * pending; the gateway's result notification may arrive more than once).
 */
export async function completeRefund(db: Db, refundId: string, now = new Date()) {
  await db.$transaction(async (tx) => {
    const moved = await tx.refund.updateMany({ where: { id: refundId, status: "pending" }, data: { status: "succeeded", completedAt: now } });
    if (moved.count === 0) return;
    const refund = await tx.refund.findUniqueOrThrow({ where: { id: refundId } });
    const payment = await tx.payment.update({
      where: { id: refund.paymentId },
      data: { refundedMinor: { increment: refund.amountMinor } },
    });
    if (payment.refundedMinor >= payment.amountMinor) {
      await tx.payment.update({ where: { id: payment.id }, data: { status: "refunded" } });
    }
    // Only money that paid the order changes the order; a refunded late or duplicate payment leaves it as
    // it is (the late one's buyer was already told when it arrived).
    if (!paidTheOrder(payment.metadata)) {
      if ((payment.metadata as { settlement?: string } | null)?.settlement === "already_paid") await queueRefundNoticeInTx(tx, refundId, false);
      return;
    }
    const order = await tx.order.findUniqueOrThrow({ where: { id: refund.orderId } });
    if (order.status !== "paid" && order.status !== "partially_refunded") return;
    const refundedMinor = order.refundedMinor + refund.amountMinor;
    const fully = refundedMinor >= order.totalMinor;
    await tx.order.update({
      where: { id: order.id },
      data: { refundedMinor, status: fully ? "refunded" : "partially_refunded" },
    });
    // A refunded order admits nobody: every code already sent stops verifying. (A partial refund keeps
    // the tickets; revoking particular seats is revokeTicketInTx.)
    if (fully) await revokeOrderTicketsInTx(tx, order.id, now);
    await queueRefundNoticeInTx(tx, refundId, fully);
  });
  return db.refund.findUniqueOrThrow({ where: { id: refundId } });
}

function paidTheOrder(metadata: unknown): boolean {
  const settlement = (metadata as { settlement?: string } | null)?.settlement;
  return settlement === "paid" || settlement === "paid_late";
}
