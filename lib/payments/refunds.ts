import "server-only";
import { isUniqueViolation } from "../db/errors";
import type { Db } from "../db/client";
import type { Payment, Refund } from "../db/generated/client";
import { AppError, notFound } from "../errors";
import { formatMoney } from "../money";
import { tellBuyerRefundedInTx } from "../orders/payment-notices";
import { settleOrderRefundedInTx } from "../orders/settle";
import { paidTheOrder } from "../orders/settlement";
import { gatewayContext } from "./context";
import {
  gatewayById,
  inPersonPayments,
  REFUND_REPORTING_GATEWAY_IDS,
  REFUND_RESENDING_GATEWAY_IDS,
  type PaymentsEnv,
} from "./registry";
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

const view = (r: {
  id: string;
  status: "pending" | "succeeded" | "failed";
  amountMinor: number;
  currency: string;
  failureReason: string | null;
}): RefundView => ({
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
  // Money taken in person (cash) goes back over the desk, with no gateway to ask: the admin who records
  // the refund is the one paying it out, and it is complete as soon as it is recorded.
  const gateway = inPersonPayments(payment.gateway) ? null : gatewayById(payment.gateway, env);

  let refund: Refund;
  try {
    const recorded = await reserveRefund(db, req, gateway !== null);
    if (recorded.repeated) return view(recorded.refund);
    refund = recorded.refund;
  } catch (err) {
    // The same key at the same moment from a request for another payment: the first one stands.
    // Stryker disable next-line ConditionalExpression: only PostgreSQL interleaves two reservations; PGlite runs one at a time (refunds.db.test.ts "one idempotency key … two different payments" races it there)
    if (!isUniqueViolation(err)) throw err;
    // Stryker disable next-line ObjectLiteral: reached on PostgreSQL only, as above
    return view(await db.refund.findUniqueOrThrow({ where: { idempotencyKey: req.idempotencyKey } }));
  }
  if (!gateway) return view(await completeRefund(db, refund.id));
  return askGateway(db, refund, payment, gateway);
}

/**
 * Records the refund if it still fits the payment. The payment row is locked first, so concurrent
 * refunds of one payment take turns: each counts the money already promised back (pending refunds as
 * well as succeeded ones, since the gateway may yet pay them) and only one that fits is written.
 */
async function reserveRefund(
  db: Db,
  req: RefundRequest,
  throughGateway: boolean,
): Promise<{ refund: Refund; repeated: boolean }> {
  return db.$transaction(async (tx) => {
    const [payment] = await tx.$queryRaw<
      { id: string; orderId: string; status: string; amountMinor: number; currency: string }[]
    >`
      SELECT "id", "orderId", "status", "amountMinor", "currency" FROM "Payment" WHERE "id" = ${req.paymentId} FOR UPDATE`;
    // Stryker disable next-line ConditionalExpression,StringLiteral: refundPayment read this payment just before, and payments are never deleted
    if (!payment) throw notFound("payment_not_found", "There is no such payment.");
    // Under the lock: a retry of a request that was racing this one sees its refund now.
    const earlier = await tx.refund.findUnique({ where: { idempotencyKey: req.idempotencyKey } });
    if (earlier) return { refund: earlier, repeated: true };
    if (payment.status !== "succeeded")
      throw new AppError("payment_not_refundable", "Only a succeeded payment can be refunded.");
    const promised = await tx.refund.aggregate({
      where: { paymentId: payment.id, status: { in: ["pending", "succeeded"] } },
      _sum: { amountMinor: true },
    });
    const refundable = payment.amountMinor - (promised._sum.amountMinor ?? 0);
    const amountMinor = req.amountMinor ?? refundable;
    if (refundable <= 0)
      throw new AppError(
        "payment_not_refundable",
        "This payment has already been refunded in full, or its refunds are still on their way.",
      );
    if (!Number.isInteger(amountMinor) || amountMinor <= 0 || amountMinor > refundable) {
      throw new AppError(
        "refund_exceeds_remaining",
        `At most ${formatMoney(refundable, payment.currency)} of this payment can still be refunded.`,
      );
    }
    const refund = await tx.refund.create({
      data: {
        paymentId: payment.id,
        orderId: payment.orderId,
        amountMinor,
        currency: payment.currency,
        reason: req.reason,
        idempotencyKey: req.idempotencyKey,
        requestedById: req.requestedById ?? null,
        // The gateway is asked right after this commits.
        askedAt: throughGateway ? new Date() : null,
      },
    });
    return { refund, repeated: false };
  });
}

/**
 * Outside any transaction: a gateway call can take seconds and must not hold the payment's lock.
 * `again`: a repeat of a request whose answer never came; a gateway that does not answer this time either
 * leaves the refund pending (the first request may have been taken), where a first request fails.
 */
async function askGateway(
  db: Db,
  refund: Refund,
  payment: Payment,
  { gateway, config }: ReturnType<typeof gatewayById>,
  again = false,
): Promise<RefundView> {
  if (!gateway.refund) {
    return view(
      await failRefund(
        db,
        refund.id,
        `${gateway.displayName} refunds are not available through its API: refund the payer directly and record it.`,
      ),
    );
  }
  try {
    const result = await gateway.refund(
      {
        refundId: refund.id,
        paymentId: payment.id,
        gatewayReference: payment.gatewayReference ?? "",
        receipt: payment.gatewayReceipt ?? undefined,
        phoneE164: payment.phone ?? undefined,
        amount: { amountMinor: refund.amountMinor, currency: payment.currency },
        paymentAmount: { amountMinor: payment.amountMinor, currency: payment.currency },
        reason: refund.reason,
      },
      gatewayContext(db, config),
    );
    await db.refund.update({ where: { id: refund.id }, data: { gatewayReference: result.gatewayReference ?? null } });
    if (result.status === "succeeded") return view(await completeRefund(db, refund.id));
    if (result.status === "failed") return view(await failRefund(db, refund.id, result.failureReason));
    return view(await db.refund.findUniqueOrThrow({ where: { id: refund.id } }));
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    if (again) return view(await db.refund.findUniqueOrThrow({ where: { id: refund.id } }));
    return view(await failRefund(db, refund.id, `${gateway.displayName} did not answer: ${err.message}`));
  }
}

/** How long a refund request may go unanswered before it is asked again, and until when that is tried. */
const RESEND_AFTER_MS = 10 * 60_000;
const RESEND_FOR_MS = 24 * 60 * 60_000;

/**
 * Asks again for refunds whose request went unanswered (still pending with no gateway reference, so no
 * Result has come either) on gateways where a repeat is safe (Daraja: see its refund.ts). Each is claimed by
 * a conditional update of `askedAt`, so two sweeps never send the same one twice. After a day the refund is
 * left pending for a person to check against the gateway's statement. Returns how many were asked again.
 */
export async function resendUnansweredRefunds(db: Db, env: PaymentsEnv, now = new Date(), limit = 20) {
  const quiet = new Date(now.getTime() - RESEND_AFTER_MS);
  const unanswered = await db.refund.findMany({
    where: {
      status: "pending",
      gatewayReference: null,
      createdAt: { lt: quiet, gt: new Date(now.getTime() - RESEND_FOR_MS) },
      OR: [{ askedAt: null }, { askedAt: { lt: quiet } }],
      payment: { gateway: { in: [...REFUND_RESENDING_GATEWAY_IDS] } },
    },
    include: { payment: true },
    orderBy: { createdAt: "asc" },
    take: limit,
  });
  let asked = 0;
  for (const { payment, ...refund } of unanswered) {
    const claimed = await db.refund.updateMany({
      where: { id: refund.id, status: "pending", gatewayReference: null, askedAt: refund.askedAt },
      data: { askedAt: now },
    });
    if (claimed.count !== 1) continue;
    try {
      await askGateway(db, refund, payment, gatewayById(payment.gateway, env), true);
      asked++;
    } catch (err) {
      console.error(
        JSON.stringify({ level: "error", msg: "refund not asked again", refundId: refund.id, err: String(err) }),
      );
    }
  }
  return asked;
}

/**
 * What a pending refund is waiting on, for the people watching it: `result` when the gateway took the
 * request (its reference is on record) and reports its end (M-Pesa's Result); `taken` when it took it, said
 * it is still under way (Flutterwave's "initiated", Ksher's PROCESSING) and reports nothing more, so a
 * person must look it up; `resend` when its answer was lost and Lango asks again by itself
 * (resendUnansweredRefunds, for a day); `person` when its answer was lost on a gateway that cannot safely be
 * asked twice, or Lango has stopped asking. Settled refunds wait on nothing; this is for pending ones only.
 */
export function refundWaitsOn(
  refund: Pick<Refund, "gatewayReference" | "createdAt">,
  gateway: string,
  now = new Date(),
) {
  if (refund.gatewayReference)
    return REFUND_REPORTING_GATEWAY_IDS.includes(gateway) ? ("result" as const) : ("taken" as const);
  const stillAsked =
    REFUND_RESENDING_GATEWAY_IDS.includes(gateway) && now.getTime() - refund.createdAt.getTime() < RESEND_FOR_MS;
  return stillAsked ? ("resend" as const) : ("person" as const);
}

/** How long a pending refund is left to its gateway (since it was last asked) before a person may settle it. */
export const SETTLE_BY_HAND_AFTER_MS = 10 * 60_000;

/** From when a pending refund may be settled by hand: a result already on its way gets time to arrive first. */
export const settleableFrom = (refund: Pick<Refund, "askedAt" | "createdAt">) =>
  new Date((refund.askedAt ?? refund.createdAt).getTime() + SETTLE_BY_HAND_AFTER_MS);

export interface HandSettlement {
  refundId: string;
  /** What the gateway's own records (its portal, a statement) show. */
  outcome: "refunded" | "not_refunded";
  /** What was checked, for the record. */
  note: string;
  /** Who checked, for the failure reason a "not refunded" leaves. */
  by: string;
}

/**
 * Settles a pending refund as the gateway's own records show it, when its answer never came: refunded
 * carries it to the payment and the order like a gateway's confirmation (completeRefund); not refunded
 * frees the money to be refunded again. Only from pending, once: a result that arrives first wins, and a
 * second settlement of the same refund is refused.
 */
export async function settleRefundByHand(db: Db, s: HandSettlement, now = new Date()): Promise<Refund> {
  const refund = await db.refund.findUnique({ where: { id: s.refundId } });
  if (!refund) throw notFound("refund_not_found", "There is no such refund.");
  if (refund.status !== "pending")
    throw new AppError("refund_not_pending", `This refund has already ${refund.status}: there is nothing to settle.`);
  const from = settleableFrom(refund);
  if (now < from) {
    // A wait, not a clock time: the admin reads it in whatever zone they are in.
    const minutes = Math.ceil((from.getTime() - now.getTime()) / 60_000);
    throw new AppError(
      "refund_too_recent",
      `The gateway was asked less than ${SETTLE_BY_HAND_AFTER_MS / 60_000} minutes ago and its result may still come: settle it by hand in ${minutes} ${minutes === 1 ? "minute" : "minutes"} if it has not.`,
    );
  }
  const moved =
    s.outcome === "refunded"
      ? await markSucceeded(db, refund.id, now)
      : await markFailed(db, refund.id, `Not refunded, as checked by ${s.by}: ${s.note}`, now);
  const settled = await db.refund.findUniqueOrThrow({ where: { id: refund.id } });
  // The gateway's result, or another person, settled it in between (even the same way): theirs stands.
  if (!moved) throw new AppError("refund_not_pending", `It was settled meanwhile: this refund has ${settled.status}.`);
  return settled;
}

export async function failRefund(db: Db, refundId: string, reason: string, now = new Date()) {
  await markFailed(db, refundId, reason, now);
  return db.refund.findUniqueOrThrow({ where: { id: refundId } });
}

/** Fails a pending refund; false when it was no longer pending (settled already). */
async function markFailed(db: Db, refundId: string, reason: string, now: Date): Promise<boolean> {
  const moved = await db.refund.updateMany({
    where: { id: refundId, status: "pending" },
    data: { status: "failed", failureReason: reason, completedAt: now },
  });
  return moved.count === 1;
}

/**
 * Marks a refund done and carries it to the payment and the order, once (a conditional update from
 * pending; the gateway's result notification may arrive more than once).
 */
export async function completeRefund(db: Db, refundId: string, now = new Date()) {
  await markSucceeded(db, refundId, now);
  return db.refund.findUniqueOrThrow({ where: { id: refundId } });
}

/** completeRefund's work; false when the refund was no longer pending (settled already), and nothing moved. */
async function markSucceeded(db: Db, refundId: string, now: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const moved = await tx.refund.updateMany({
      where: { id: refundId, status: "pending" },
      data: { status: "succeeded", completedAt: now },
    });
    if (moved.count === 0) return false;
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
    if (!paidTheOrder(payment.settlement)) {
      if (payment.settlement === "already_paid") await tellBuyerRefundedInTx(tx, refundId, false);
      return true;
    }
    const order = await tx.order.findUniqueOrThrow({ where: { id: refund.orderId } });
    if (order.status !== "paid" && order.status !== "partially_refunded") return true;
    const refundedMinor = order.refundedMinor + refund.amountMinor;
    const fully = refundedMinor >= order.totalMinor;
    await tx.order.update({
      where: { id: order.id },
      data: { refundedMinor, status: fully ? "refunded" : "partially_refunded" },
    });
    // A refunded order admits nobody (every code already sent stops verifying) and holds nothing: its
    // seats and booths go back on sale. A partial refund keeps the tickets; taking particular seats back
    // is refundSeatsInTx.
    if (fully) await settleOrderRefundedInTx(tx, order.id, now);
    await tellBuyerRefundedInTx(tx, refundId, fully);
    return true;
  });
}
