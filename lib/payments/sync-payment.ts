import "server-only";
import type { Db } from "../db/client";
import { applyPaymentResult, type ApplyOutcome, type ConfirmedResult } from "./apply-result";
import { gatewayContext } from "./context";
import { refundPayment } from "./refunds";
import { gatewayById, type PaymentsEnv } from "./registry";
import { GatewayError, type PaymentFailure } from "./types";

/** After this, a payment the gateway still calls pending is given up on (and cancelled where possible). */
const GIVE_UP_AFTER_MS = 15 * 60_000;

const EXPIRED: PaymentFailure = {
  gatewayCode: "expired",
  message: "The payment was not completed in time. You can try again.",
};

export type SyncOutcome =
  | ApplyOutcome
  | { changed: false; reason: "gateway_error"; error: string }
  | { changed: false; reason: "not_pending" | "claim_mismatch" | "asked_recently" };

/**
 * How often a trigger anyone can pull (a return URL, a notification nobody signs) may make Lango ask the
 * gateway about one payment: each would otherwise cost a status call, and a loop of them would spend the
 * gateway's rate limits that real buyers need. Two in a window, so a forged notification just before the
 * genuine one does not hold the genuine one back; the buyer's poll and the reconciler ask regardless.
 * Counted per process, in memory: no write on the way, and each process adds at most its own share.
 */
export const ANONYMOUS_ASKS = { perWindow: 2, windowMs: 3_000, tracked: 10_000 };
const anonymousAsks = new Map<string, { from: number; n: number }>();

function mayAskAnonymously(paymentId: string, now: Date): boolean {
  const t = now.getTime();
  const seen = anonymousAsks.get(paymentId);
  if (seen && t - seen.from < ANONYMOUS_ASKS.windowMs) {
    if (seen.n >= ANONYMOUS_ASKS.perWindow) return false;
    seen.n++;
    return true;
  }
  // Re-inserted, so the map's order is oldest window first and the oldest is what goes when it is full.
  anonymousAsks.delete(paymentId);
  anonymousAsks.set(paymentId, { from: t, n: 1 });
  if (anonymousAsks.size > ANONYMOUS_ASKS.tracked) anonymousAsks.delete(anonymousAsks.keys().next().value!);
  return true;
}

/**
 * Asks the gateway what happened to a payment (the gateway is the truth) and applies the answer.
 * Used by the status poll, the return from a hosted page, notifications and the reconciler.
 */
export async function syncPayment(
  db: Db,
  paymentId: string,
  env: PaymentsEnv,
  opts: {
    now?: Date;
    hint?: Pick<ConfirmedResult, "receipt"> & {
      claimedAmount?: { amountMinor: number; currency: string };
      transactionId?: string;
    };
    /**
     * Ask about an attempt we had given up on (expired, failed, cancelled), because a notification or a
     * return says it was paid after all; only a confirmed success changes it (see applyPaymentResult).
     */
    revisitGivenUp?: boolean;
    /** Asked by a trigger anyone can pull: at most ANONYMOUS_ASKS.perWindow times a window per payment. */
    anonymous?: boolean;
  } = {},
): Promise<SyncOutcome> {
  const now = opts.now ?? new Date();
  const payment = await db.payment.findUnique({
    where: { id: paymentId },
    include: { order: { select: { status: true } } },
  });
  const revisit = !!opts.revisitGivenUp && !!payment && ["failed", "expired", "cancelled"].includes(payment.status);
  if (!payment || (payment.status !== "pending" && !revisit)) return { changed: false, reason: "not_pending" };
  // A notification claiming another amount than we asked for is not the gateway's: refuse it and
  // change nothing (the genuine notification, or the reconciler, settles the payment).
  const claimed = opts.hint?.claimedAmount;
  if (claimed && (claimed.amountMinor !== payment.amountMinor || claimed.currency !== payment.currency)) {
    return { changed: false, reason: "claim_mismatch" };
  }
  const { gateway, config } = gatewayById(payment.gateway, env);
  const ctx = gatewayContext(db, config);

  if (!payment.gatewayReference && revisit) return { changed: false, reason: "not_pending" };
  if (!payment.gatewayReference) {
    // The gateway never acknowledged the attempt: nothing to ask about once its window has passed.
    if (payment.expiresAt > now) return { changed: false, reason: "still_pending" };
    return finish(db, paymentId, { status: "expired", failure: EXPIRED }, env, now);
  }

  if (opts.anonymous && !mayAskAnonymously(paymentId, now)) return { changed: false, reason: "asked_recently" };
  await db.payment.update({ where: { id: paymentId }, data: { lastQueriedAt: now } });
  const query = {
    paymentId,
    gatewayReference: payment.gatewayReference,
    amount: { amountMinor: payment.amountMinor, currency: payment.currency },
    ...(opts.hint?.transactionId && { claimedTransactionId: opts.hint.transactionId }),
  };
  let result: ConfirmedResult;
  try {
    result = await gateway.getStatus(query, ctx);
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    return { changed: false, reason: "gateway_error", error: err.message };
  }

  // A given-up attempt changes only if the gateway now says it was paid.
  if (revisit && result.status !== "succeeded") return { changed: false, reason: "not_pending" };

  if (result.status === "succeeded") {
    // Gateways whose status answer has no receipt (Daraja's STK query) take it from the notification.
    result = { ...result, paid: result.paid ?? claimed, receipt: result.receipt ?? opts.hint?.receipt };
    // Where money also arrives unprompted (M-Pesa's paybill twin of an STK payment), a given-up attempt's
    // money may already be counted under its receipt as another payment. Without a receipt to check that
    // against, reviving it would count the same money twice, and refund the "duplicate" by paying it out.
    if (revisit && !result.receipt && gateway.unprompted) {
      console.warn(
        JSON.stringify({ level: "warn", msg: "given-up payment not revived: success without a receipt", paymentId }),
      );
      return { changed: false, reason: "not_pending" };
    }
  }

  if (result.status === "pending" && gateway.cancel && payment.order.status !== "pending") {
    // The hold is gone: stop the gateway taking money for it (DPO cancelToken), then look once more
    // in case the payer finished in between.
    try {
      await gateway.cancel(query, ctx);
      result = await gateway.getStatus(query, ctx);
      if (result.status === "pending" || result.status === "cancelled")
        result = { status: "expired", failure: EXPIRED };
    } catch (err) {
      if (!(err instanceof GatewayError)) throw err;
      return { changed: false, reason: "gateway_error", error: err.message };
    }
  } else if (result.status === "pending" && now.getTime() - payment.expiresAt.getTime() > GIVE_UP_AFTER_MS) {
    // Gateways that cannot cancel have long concluded by now (an STK prompt lives about a minute).
    result = { status: "expired", failure: EXPIRED };
  }
  return finish(db, paymentId, result, env, now);
}

/** Money that must go back by itself, and why (the refund's recorded reason). */
const AUTOMATIC_REFUND_REASONS = {
  no_capacity: "Paid after the hold ran out and the tickets sold out",
  already_paid: "Duplicate payment for an order already paid",
  order_cancelled: "Paid for an order the organiser had cancelled",
} as const;

/**
 * Applies a result the gateway itself confirmed (a paybill payment's Transaction Status answer, say), with
 * the same automatic refund of money that cannot be kept as a status query's answer gets.
 */
export async function applyConfirmedResult(
  db: Db,
  paymentId: string,
  result: ConfirmedResult,
  env: PaymentsEnv,
  now = new Date(),
): Promise<ApplyOutcome> {
  return finish(db, paymentId, result, env, now);
}

async function finish(
  db: Db,
  paymentId: string,
  result: ConfirmedResult,
  env: PaymentsEnv,
  now: Date,
): Promise<ApplyOutcome> {
  const outcome = await applyPaymentResult(db, paymentId, result, now);
  if (outcome.changed && outcome.settle === "already_paid" && (await maybeTwin(db, paymentId, env))) {
    // Paying it back could pay the same money out a second time: a person checks the statement.
    console.error(
      JSON.stringify({
        level: "error",
        msg: "second payment without a receipt beside one of the same amount: not refunded automatically",
        paymentId,
      }),
    );
    return outcome;
  }
  if (outcome.changed && outcome.settle && outcome.settle in AUTOMATIC_REFUND_REASONS) {
    // Money arrived for seats we no longer have (late), or for an order already paid (a second
    // attempt that also went through): it goes back automatically.
    await refundPayment(
      db,
      {
        paymentId,
        reason: AUTOMATIC_REFUND_REASONS[outcome.settle as keyof typeof AUTOMATIC_REFUND_REASONS],
        idempotencyKey: `auto:${paymentId}`,
      },
      env,
    ).catch((err) =>
      console.error(JSON.stringify({ level: "error", msg: "automatic refund failed", paymentId, err: String(err) })),
    );
  }
  return outcome;
}

/**
 * A second success for an order, confirmed without a receipt (Daraja's STK query), on a gateway where the
 * same money also arrives unprompted (the paybill's C2B twin) and another payment of the same amount already
 * paid the order: it may be that very money told twice, or the buyer may really have paid twice. Only the
 * gateway's statement can tell which.
 */
async function maybeTwin(db: Db, paymentId: string, env: PaymentsEnv): Promise<boolean> {
  const payment = await db.payment.findUniqueOrThrow({
    where: { id: paymentId },
    select: { gateway: true, gatewayReceipt: true, orderId: true, amountMinor: true },
  });
  if (payment.gatewayReceipt || !gatewayById(payment.gateway, env).gateway.unprompted) return false;
  const other = await db.payment.findFirst({
    where: {
      orderId: payment.orderId,
      gateway: payment.gateway,
      status: "succeeded",
      amountMinor: payment.amountMinor,
      id: { not: paymentId },
    },
    select: { id: true },
  });
  return other !== null;
}
