import "server-only";
import { isUniqueViolation } from "../db/errors";
import type { Db } from "../db/client";
import { gatewayContext } from "./context";
import { gatewayById, isGatewayId, type PaymentsEnv } from "./registry";
import { completeRefund, failRefund } from "./refunds";
import { syncPayment } from "./sync-payment";
import { appliedVerdict } from "./verdicts";
import type {
  AckOutcome,
  CallbackLogEntry,
  CallbackVerdict,
  NotificationAck,
  NotificationRequest,
  RefundResultClaim,
} from "./types";

const KEPT_HEADERS = ["content-type", "user-agent", "x-forwarded-for", "x-real-ip", "content-length"];

export interface NotificationResult extends CallbackVerdict {
  ack: NotificationAck;
}

const CLAIM_MISMATCH = "the notification claims a different amount or currency than the payment";

/**
 * Handles one gateway notification: source check, parse, log (with a unique dedupe key, so a repeat is
 * recorded as a duplicate and changes nothing), then confirmation with the gateway before anything
 * changes. Notifications are never trusted by themselves.
 */
export async function handleNotification(
  db: Db,
  gatewayId: string,
  req: NotificationRequest,
  env: PaymentsEnv,
): Promise<NotificationResult | null> {
  if (!isGatewayId(gatewayId)) return null;
  const { gateway, config } = gatewayById(gatewayId, env);
  const ctx = gatewayContext(db, config);
  const headers = Object.fromEntries(
    KEPT_HEADERS.flatMap((h) => (req.headers.get(h) ? [[h, req.headers.get(h)]] : [])),
  );
  const kind = req.kind ?? "notification";

  const log = async (data: CallbackLogEntry) =>
    db.callbackLog.create({
      data: {
        gateway: gatewayId,
        kind,
        headers,
        body: req.rawBody.slice(0, 64_000),
        sourceIp: req.sourceIp ?? null,
        verified: data.verified,
        outcome: data.outcome,
        detail: data.detail ?? null,
        dedupeKey: data.dedupeKey ?? null,
        duplicate: data.duplicate ?? false,
        paymentId: data.paymentId ?? null,
      },
    });
  const done = async (ackAs: AckOutcome, entry: Parameters<typeof log>[0]) => {
    await log(entry);
    return { ack: gateway.callbackAck(ackAs, req), outcome: entry.outcome, detail: entry.detail };
  };

  const source = gateway.verifyCallback(req, ctx);
  if (!source.ok) return done("rejected", { outcome: "rejected", detail: source.reason, verified: false });

  // Payments that arrive unprompted (M-Pesa paybill) answer in their own shapes and create their payment.
  if (gateway.unprompted?.kinds.has(kind)) {
    return gateway.unprompted.handle({ db, env, config, req, log, rejectedAck: gateway.callbackAck("rejected", req) });
  }

  if (gateway.parseRefundResult && gateway.refundResultKinds?.includes(kind)) {
    return handleRefundResult(db, gatewayId, gateway.parseRefundResult(req), (entry) => done(entry.ack, entry));
  }

  const claim = gateway.parseCallback(req);
  if (claim.type === "ignored") return done("ignored", { outcome: "ignored", detail: claim.reason, verified: true });

  const payment = await db.payment.findFirst({
    where: claim.paymentId
      ? { id: claim.paymentId, gateway: gatewayId }
      : { gateway: gatewayId, gatewayReference: claim.gatewayReference ?? "\u0000" },
    select: { id: true, status: true, amountMinor: true, currency: true, gatewayReference: true },
  });
  if (!payment) return done("rejected", { outcome: "rejected", detail: "no such payment", verified: true });
  // Found by our id, but naming another attempt's reference (DPO's TransactionToken, say): not this
  // payment's notification. Refused before it takes a dedupe key built from that reference, which the
  // genuine notification of the other attempt needs.
  if (
    claim.paymentId &&
    claim.gatewayReference &&
    payment.gatewayReference &&
    claim.gatewayReference !== payment.gatewayReference
  ) {
    return done("rejected", {
      outcome: "rejected",
      detail: "names another payment's gateway reference",
      verified: true,
      paymentId: payment.id,
    });
  }
  // A claim of another amount is not the gateway's: refused before it takes the notification's dedupe key,
  // so a forged copy racing the genuine one cannot make the genuine one look like a duplicate.
  const claimed = claim.claimedAmount;
  if (claimed && (claimed.amountMinor !== payment.amountMinor || claimed.currency !== payment.currency)) {
    return done("accepted", {
      outcome: "refused",
      detail: CLAIM_MISMATCH,
      verified: true,
      paymentId: payment.id,
    });
  }

  let entry;
  try {
    entry = await log({ outcome: "received", verified: true, dedupeKey: claim.dedupeKey, paymentId: payment.id });
  } catch (err) {
    if (isUniqueViolation(err)) {
      return done("duplicate", {
        outcome: "duplicate",
        detail: "already handled",
        verified: true,
        paymentId: payment.id,
        duplicate: true,
      });
    }
    throw err;
  }

  let result;
  try {
    result = await syncPayment(db, payment.id, env, {
      hint: { receipt: claim.receipt, claimedAmount: claim.claimedAmount, transactionId: claim.transactionId },
      revisitGivenUp: claim.claimedStatus === "succeeded",
      anonymous: source.anonymous,
    });
  } catch (err) {
    // Something failed on our side: free the key, so the gateway's retry (or another copy) is handled.
    await db.callbackLog.update({
      where: { id: entry.id },
      data: { outcome: "error", detail: String(err).slice(0, 200), dedupeKey: null },
    });
    throw err;
  }
  let verdict: CallbackVerdict;
  let keepKey = true;
  if (result.changed) verdict = appliedVerdict(result);
  else if (result.reason === "gateway_error") {
    verdict = { outcome: "unconfirmed", detail: result.error };
    keepKey = false;
  } else if (result.reason === "claim_mismatch") {
    verdict = { outcome: "refused", detail: CLAIM_MISMATCH };
    keepKey = false;
  } else if (result.reason === "asked_recently") {
    verdict = {
      outcome: "not_applied",
      detail: "the gateway was asked about this payment moments ago; the buyer's poll or the reconciler asks again",
    };
    keepKey = false;
  } else if (result.reason === "still_pending") {
    verdict = {
      outcome: "not_applied",
      detail: `the gateway says the payment is still pending (claimed ${claim.claimedStatus})`,
    };
    keepKey = false;
  } else
    verdict = {
      outcome: "no_change",
      detail: `payment already ${payment.status === "pending" ? "settled" : payment.status}`,
    };
  // A notification that changed nothing yet must not block the genuine one that may follow with the
  // same key (a forged early "success", or one we could not confirm): free its key.
  await db.callbackLog.update({
    where: { id: entry.id },
    data: { outcome: verdict.outcome, detail: verdict.detail ?? null, ...(!keepKey && { dedupeKey: null }) },
  });
  return { ack: gateway.callbackAck("accepted", req), ...verdict };
}

async function handleRefundResult(
  db: Db,
  gatewayId: string,
  result: RefundResultClaim,
  done: (
    entry: CallbackVerdict & {
      ack: AckOutcome;
      verified: boolean;
      dedupeKey?: string;
      duplicate?: boolean;
    },
  ) => Promise<NotificationResult>,
): Promise<NotificationResult> {
  if (result.type === "ignored")
    return done({ ack: "ignored", outcome: "ignored", detail: result.reason, verified: true });
  const refund =
    (await db.refund.findFirst({
      where: {
        payment: { gateway: gatewayId },
        OR: [{ gatewayReference: result.gatewayReference }, { id: result.refundId ?? "\u0000" }],
      },
    })) ?? (await unansweredReversal(db, gatewayId, result));
  if (!refund) return done({ ack: "rejected", outcome: "rejected", detail: "no such refund", verified: true });
  if (refund.status !== "pending") {
    if ((refund.status === "succeeded") !== result.succeeded) return contradicted(refund, result, done);
    return done({
      ack: "duplicate",
      outcome: "duplicate",
      detail: `refund already ${refund.status}`,
      verified: true,
      duplicate: true,
    });
  }
  if (!refund.gatewayReference) {
    // Found by the receipt it reverses: its own reference is this one, so a repeat of it is found directly.
    await db.refund.updateMany({
      where: { id: refund.id, gatewayReference: null },
      data: { gatewayReference: result.gatewayReference },
    });
  }
  if (result.succeeded) await completeRefund(db, refund.id);
  else await failRefund(db, refund.id, result.reason ?? "The gateway could not complete the refund.");
  return done({ ack: "accepted", outcome: result.succeeded ? "refund_succeeded" : "refund_failed", verified: true });
}

/**
 * A Result that says the opposite of what was recorded: a person settled the refund by hand from the
 * gateway's records, or an earlier answer said otherwise. Nothing is changed on its word (the money may now
 * have gone back twice, or not at all, and only the gateway's statement can tell), but it is logged as an
 * error and shown on the order's timeline in plain words, not filed as a duplicate.
 */
function contradicted(
  refund: { id: string; status: string },
  result: Extract<RefundResultClaim, { type: "refund" }>,
  done: (entry: CallbackVerdict & { ack: AckOutcome; verified: boolean }) => Promise<NotificationResult>,
) {
  const says = result.succeeded ? "succeeded" : "failed";
  console.error(
    JSON.stringify({ level: "error", msg: "refund result contradicts the record", refundId: refund.id, says }),
  );
  return done({
    ack: "accepted",
    outcome: "not_applied",
    detail: `the gateway says refund ${refund.id} ${says}, but it is recorded ${refund.status}: check the gateway's statement`,
    verified: true,
  });
}

/**
 * The refund a reversal's Result is about when its request's answer (with the reference the Result carries)
 * never reached us: the pending, unanswered refund of the payment whose receipt the Result says it reversed.
 */
function unansweredReversal(db: Db, gatewayId: string, result: Extract<RefundResultClaim, { type: "refund" }>) {
  if (!result.reversedReceipt) return null;
  return db.refund.findFirst({
    where: {
      status: "pending",
      gatewayReference: null,
      payment: { gateway: gatewayId, gatewayReceipt: result.reversedReceipt },
    },
    orderBy: { createdAt: "asc" },
  });
}
