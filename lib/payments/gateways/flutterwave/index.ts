/**
 * The Flutterwave v3 gateway (gateways.md §5): a Standard hosted payment link, the transaction looked up by
 * our tx_ref as the truth, refunds full or partial. Webhooks carry the dashboard's secret hash in
 * `verif-hash` (checked in constant time) and are accepted in both the v3 and the legacy flat shape, but
 * even a genuine one only triggers the verify call: the hash proves who sent it, not what happened.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import {
  GatewayError,
  type AckOutcome,
  type Gateway,
  type GatewayContext,
  type InitiateInput,
  type InitiateResult,
  type NotificationAck,
  type NotificationRequest,
  type RefundInput,
  type RefundResult,
  type StatusQuery,
  type StatusResult,
} from "../../types";
import { jsonAck } from "../ack";
import { pendingIfAnswerLost } from "../lost-answer";
import { apiError, flutterwaveCall, type Envelope } from "./client";
import { CANNOT_CHECK, CANNOT_START, NOT_FOUND, transactionVerdict } from "./codes";
import { configFromEnv, type FlutterwaveConfig } from "./config";
import { flutterwaveMethods, flutterwaveSupports } from "./markets";
import {
  buildPaymentRequest,
  fromFlutterwaveAmount,
  parseReturn,
  parseWebhook,
  toFlutterwaveAmount,
  transactionSchema,
  type FlutterwaveTransaction,
} from "./transform";

export {
  configFromEnv as flutterwaveConfigFromEnv,
  flutterwaveConfigSchema,
  FLUTTERWAVE_SIMULATOR,
  type FlutterwaveConfig,
} from "./config";
export {
  FLUTTERWAVE_MARKETS,
  flutterwaveMethods,
  flutterwaveOptions,
  flutterwaveSupports,
  paymentOptionsFor,
} from "./markets";
export { parseReturn as parseFlutterwaveReturn, parseWebhook as parseFlutterwaveWebhook } from "./transform";

type Ctx = GatewayContext<FlutterwaveConfig>;

const hostedLinkSchema = z.object({
  link: z.url().refine((u) => /^https?:$/.test(new URL(u).protocol), "must be an http(s) URL"),
});

async function initiate(input: InitiateInput, ctx: Ctx): Promise<InitiateResult> {
  const body = buildPaymentRequest(input, ctx.now());
  return flutterwaveCall<InitiateResult>(ctx, {
    operation: "payments",
    method: "POST",
    path: "/v3/payments",
    body,
    paymentId: input.paymentId,
    interpret: (reply, res) => {
      if (reply.status === "error") throw apiError("payments", reply, res, CANNOT_START);
      const { link } = hostedLinkSchema.parse(reply.data);
      return {
        value: { gatewayReference: body.tx_ref, status: "pending", nextAction: { type: "redirect", url: link } },
      };
    },
  });
}

/** A transaction from a verify reply; null when Flutterwave has none (yet) for what we asked. */
function readTransaction(
  operation: string,
  reply: Envelope,
  res: { status: number; headers: Headers; text: string },
): FlutterwaveTransaction | null {
  if (reply.status === "error") {
    if (NOT_FOUND.test(reply.message ?? "")) return null;
    throw apiError(operation, reply, res, CANNOT_CHECK);
  }
  return transactionSchema.parse(reply.data);
}

/** What a transaction says about the payment whose tx_ref we asked for (tx_ref checked, amount kept). */
function statusOf(t: FlutterwaveTransaction, txRef: string): StatusResult {
  if (t.tx_ref !== txRef) {
    // Flutterwave answered about someone else's transaction: act on nothing.
    throw new GatewayError(
      "flutterwave",
      "malformed_response",
      `verify returned tx_ref ${t.tx_ref.slice(0, 60)} for ${txRef}`,
    );
  }
  const { status, failure } = transactionVerdict(t.status, t.processor_response, t.payment_type);
  const paid = fromFlutterwaveAmount(t.amount, t.currency);
  if (status === "succeeded" && !paid) {
    // A "successful" we cannot check against the order is not a success we may act on.
    throw new GatewayError(
      "flutterwave",
      "malformed_response",
      "successful transaction without a readable amount and currency",
    );
  }
  return {
    status,
    // The service compares it with the payment: a different amount or currency is refused there.
    ...(status === "succeeded" && { paid, receipt: t.id }),
    ...(failure && { failure }),
  };
}

/**
 * The return and the webhook name the transaction: `GET /v3/transactions/{id}/verify`, as Flutterwave asks,
 * and its tx_ref, amount and currency must be this payment's (statusOf; the service compares the amount), so
 * an id pointed at someone else's transaction confirms nothing. Callers without an id (the status poll, the
 * reconciler) ask by our own reference, `verify_by_reference?tx_ref=…`.
 */
async function getStatus(q: StatusQuery, ctx: Ctx): Promise<StatusResult> {
  if (q.claimedTransactionId && /^\d{1,20}$/.test(q.claimedTransactionId)) {
    const verified = await verifyTransaction(q.claimedTransactionId, q, ctx);
    if (verified) {
      const { transactionId: _id, ...status } = verified;
      void _id;
      return status;
    }
  }
  return flutterwaveCall(ctx, {
    operation: "verify_by_reference",
    method: "GET",
    path: `/v3/transactions/verify_by_reference?tx_ref=${encodeURIComponent(q.gatewayReference)}`,
    paymentId: q.paymentId,
    interpret: (reply, res) => {
      const t = readTransaction("verify_by_reference", reply, res);
      if (!t) return { value: { status: "pending" }, resultCode: "not_found" };
      return { value: statusOf(t, q.gatewayReference), resultCode: t.status };
    },
  });
}

/** `GET /v3/transactions/{id}/verify`, checked against our tx_ref; null when the id is unknown. */
async function verifyTransaction(
  id: string,
  q: StatusQuery,
  ctx: Ctx,
): Promise<(StatusResult & { transactionId: string }) | null> {
  if (!/^\d{1,20}$/.test(id))
    throw new GatewayError("flutterwave", "rejected", "a Flutterwave transaction id is numeric");
  return flutterwaveCall(ctx, {
    operation: "verify",
    method: "GET",
    path: `/v3/transactions/${id}/verify`,
    paymentId: q.paymentId,
    interpret: (reply, res) => {
      const t = readTransaction("verify", reply, res);
      if (!t) return { value: null, resultCode: "not_found", ok: false };
      if (t.id !== id)
        throw new GatewayError("flutterwave", "malformed_response", `verify ${id} returned transaction ${t.id}`);
      return { value: { ...statusOf(t, q.gatewayReference), transactionId: t.id }, resultCode: t.status };
    },
  });
}

const refundReplySchema = z
  .object({ id: z.union([z.number(), z.string()]).transform(String), status: z.string() })
  .loose();

async function refund(input: RefundInput, ctx: Ctx): Promise<RefundResult> {
  const query: StatusQuery = {
    paymentId: input.paymentId,
    gatewayReference: input.gatewayReference,
    amount: input.paymentAmount ?? input.amount,
  };
  const id = await refundableTransaction(input.receipt, query, ctx);
  if (!id)
    return { status: "failed", failureReason: "Flutterwave has no successful transaction for this payment to refund." };
  return pendingIfAnswerLost(
    "refund",
    flutterwaveCall<RefundResult>(ctx, {
      operation: "refund",
      method: "POST",
      path: `/v3/transactions/${id}/refund`,
      body: { amount: toFlutterwaveAmount(input.amount) },
      paymentId: input.paymentId,
      interpret: (reply, res) => {
        if (reply.status === "error") {
          if (res.status === 401 || res.status === 403) throw apiError("refund", reply, res, CANNOT_CHECK);
          return {
            value: {
              status: "failed",
              failureReason: `Flutterwave refused the refund: ${reply.message ?? "no reason given"}`,
            },
            ok: false,
          };
        }
        const r = refundReplySchema.parse(reply.data);
        const s = r.status.toLowerCase();
        if (s === "completed" || s === "successful")
          return { value: { status: "succeeded", gatewayReference: r.id }, resultCode: r.status };
        if (s === "failed")
          return {
            value: {
              status: "failed",
              gatewayReference: r.id,
              failureReason: "Flutterwave could not complete the refund.",
            },
            resultCode: r.status,
            ok: false,
          };
        // "Refund initiated" and still on its way: recorded as pending for the admin to follow up.
        return { value: { status: "pending", gatewayReference: r.id }, resultCode: r.status };
      },
    }),
  );
}

/**
 * The transaction a refund goes to. The payment's receipt is Flutterwave's transaction id (see statusOf);
 * it is verified by id first, so money only ever goes back from this payment's own successful charge. A
 * payment without one is looked up by its tx_ref.
 */
async function refundableTransaction(receipt: string | undefined, q: StatusQuery, ctx: Ctx): Promise<string | null> {
  if (receipt && /^\d{1,20}$/.test(receipt)) {
    const t = await verifyTransaction(receipt, q, ctx);
    return t?.status === "succeeded" ? t.transactionId : null;
  }
  const status = await getStatus(q, ctx);
  return status.status === "succeeded" && status.receipt ? status.receipt : null;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** The secret hash is compared as digests, so neither its length nor its prefix leaks through timing. */
function verifyCallback(req: NotificationRequest, ctx: Ctx): { ok: true } | { ok: false; reason: string } {
  const sent = req.headers.get("verif-hash");
  if (!sent) return { ok: false, reason: "missing verif-hash header" };
  return timingSafeEqual(digest(sent), digest(ctx.config.secretHash))
    ? { ok: true }
    : { ok: false, reason: "verif-hash does not match the secret hash" };
}

function callbackAck(outcome: AckOutcome): NotificationAck {
  // Flutterwave only needs a quick 2xx; a refusal is a 401 so a misconfigured hash shows in its dashboard.
  return outcome === "rejected"
    ? jsonAck(401, { status: "error", message: "Refused" })
    : jsonAck(200, { status: "success" });
}

export const flutterwaveGateway: Gateway<FlutterwaveConfig> = {
  id: "flutterwave",
  displayName: "Flutterwave",
  flow: "redirect",
  methods: flutterwaveMethods,
  loadConfig: configFromEnv,
  supports: ({ currency, country }) => flutterwaveSupports(currency, country),
  initiate,
  getStatus,
  verifyCallback,
  parseCallback: (req) => parseWebhook(req.rawBody),
  callbackAck,
  parseReturn,
  refund,
};
