/**
 * M-Pesa Express: the STK push that puts a PIN prompt on the buyer's phone, and the STK query that is the
 * source of truth for it (gateways.md §1 "STK Push", "STK Query").
 */
import { formatMoney, minorUnitDigits } from "../../../money";
import {
  GatewayError,
  type GatewayContext,
  type InitiateInput,
  type InitiateResult,
  type PaymentFailure,
  type StatusQuery,
  type StatusResult,
} from "../../types";
import { parseJsonBody, type GatewayHttpResponse, type Interpreted } from "../http";
import { authorizedPost, envelopeError, safeJson } from "./client";
import { classifySyncError, stkOutcome } from "./codes";
import { STK_PROMPT_MS, type DarajaConfig } from "./config";
import { promptExpiry } from "../prompt-window";
import {
  STK_MAX_KES,
  STK_MIN_KES,
  assertCallbackUrlAllowed,
  buildStkPush,
  buildStkQuery,
  errorEnvelopeSchema,
  stkPushResponseSchema,
  stkQueryResponseSchema,
  toMsisdn,
  toWholeShillings,
} from "./transform";

type Ctx = GatewayContext<DarajaConfig>;

const POLL_AFTER_MS = 2_000;

const refused = (failure: PaymentFailure, gatewayReference = ""): InitiateResult => ({
  gatewayReference,
  status: "failed",
  nextAction: { type: "none" },
  failure,
});

type PushOutcome =
  { kind: "accepted"; checkoutRequestId: string } | { kind: "refused"; failure: PaymentFailure; requestId?: string };

function interpretPush(res: GatewayHttpResponse): Interpreted<PushOutcome> {
  if (res.status >= 200 && res.status < 300) {
    const ok = stkPushResponseSchema.parse(parseJsonBody("daraja", res));
    if (ok.ResponseCode === "0" && ok.CheckoutRequestID) {
      return { value: { kind: "accepted", checkoutRequestId: ok.CheckoutRequestID }, resultCode: "0" };
    }
    const failure = { gatewayCode: ok.ResponseCode, message: "M-Pesa could not start the payment. Try again." };
    return { value: { kind: "refused", failure }, resultCode: ok.ResponseCode };
  }
  const envelope = errorEnvelopeSchema.safeParse(safeJson(res.text));
  if (!envelope.success) throw envelopeError(res);
  const verdict = classifySyncError(envelope.data, res.status);
  if (verdict.kind === "error") throw verdict.error;
  // A buyer-side refusal (busy phone, bad number) is a working call with a business answer, not an outage.
  return {
    value: { kind: "refused", failure: verdict.failure, requestId: envelope.data.requestId },
    resultCode: envelope.data.errorCode,
  };
}

export async function initiateStk(input: InitiateInput, ctx: Ctx): Promise<InitiateResult> {
  const amountKes = toWholeShillings(input.amount); // throws for non-KES: a routing bug, not a buyer mistake
  // Before the phone: no other number makes this payable, so the buyer is not asked to fix one first.
  if (amountKes === null) {
    return refused({
      gatewayCode: "amount_not_whole",
      message: "M-Pesa takes whole shillings only, and this order's total has cents. Choose another way to pay.",
    });
  }
  const msisdn = toMsisdn(input.customer.phoneE164);
  if (!msisdn) {
    return refused({
      gatewayCode: "invalid_phone",
      message: "M-Pesa needs a Kenyan Safaricom number, such as 0712 345 678. Check the number and try again.",
    });
  }
  if (amountKes < STK_MIN_KES || amountKes > STK_MAX_KES) {
    return refused({
      gatewayCode: amountKes < STK_MIN_KES ? "amount_below_minimum" : "amount_above_maximum",
      message: `M-Pesa takes between KES ${STK_MIN_KES} and KES 250,000 in one payment. Choose another way to pay.`,
    });
  }
  assertCallbackUrlAllowed(input.callbackUrl);

  const now = ctx.now();
  const body = buildStkPush(ctx.config, input, msisdn, amountKes, now);
  const outcome = await authorizedPost(ctx, {
    operation: "stk_push",
    path: "/mpesa/stkpush/v1/processrequest",
    body,
    paymentId: input.paymentId,
    redact: [body.Password],
    interpret: interpretPush,
  });
  if (outcome.kind === "refused") return refused(outcome.failure, outcome.requestId);

  const expiresAt = promptExpiry(now, ctx.config.promptMs ?? STK_PROMPT_MS, input.expiresAt);
  return {
    gatewayReference: outcome.checkoutRequestId,
    status: "pending",
    nextAction: {
      type: "await_customer",
      message: `Check your phone and enter your M-Pesa PIN to pay ${formatMoney(amountKes * 10 ** minorUnitDigits("KES"), "KES")}.`,
      pollAfterMs: POLL_AFTER_MS,
      expiresAt: expiresAt.toISOString(),
    },
  };
}

function interpretQuery(q: StatusQuery) {
  return (res: GatewayHttpResponse): Interpreted<StatusResult> => {
    if (res.status >= 200 && res.status < 300) {
      const reply = stkQueryResponseSchema.parse(parseJsonBody("daraja", res));
      // Accepted but no ResultCode yet: nothing final has happened.
      if (reply.ResultCode === undefined) return { value: { status: "pending" }, resultCode: reply.ResponseCode };
      const outcome = stkOutcome(reply.ResultCode, reply.ResultDesc);
      // The query carries no receipt or amount: report the amount asked about; the service cross-checks it
      // against the callback's claim when one arrived.
      const value: StatusResult =
        outcome.status === "succeeded"
          ? { status: "succeeded", paid: { ...q.amount } }
          : { status: outcome.status, ...(outcome.failure && { failure: outcome.failure }) };
      return { value, resultCode: reply.ResultCode };
    }
    const envelope = errorEnvelopeSchema.safeParse(safeJson(res.text));
    if (!envelope.success) throw envelopeError(res);
    const { errorCode, errorMessage } = envelope.data;
    // Daraja's standard answer while the buyer has not acted yet is an HTTP 500 (gateways.md §1 STK Query).
    if (errorCode === "500.001.1001" && /being processed/i.test(errorMessage)) {
      return { value: { status: "pending" }, resultCode: errorCode };
    }
    const verdict = classifySyncError(envelope.data, res.status);
    if (verdict.kind === "error") throw verdict.error;
    throw new GatewayError("daraja", "rejected", `${errorCode}: ${errorMessage}`, {
      gatewayCode: errorCode,
      httpStatus: res.status,
      buyerMessage: verdict.failure.message,
    });
  };
}

export async function queryStk(q: StatusQuery, ctx: Ctx): Promise<StatusResult> {
  const body = buildStkQuery(ctx.config, q.gatewayReference, ctx.now());
  return authorizedPost(ctx, {
    operation: "stk_query",
    path: "/mpesa/stkpushquery/v1/query",
    body,
    paymentId: q.paymentId,
    redact: [body.Password],
    interpret: interpretQuery(q),
  });
}
