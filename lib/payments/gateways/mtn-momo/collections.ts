/**
 * RequestToPay and its status (gateways.md §3): the payer gets a prompt from MTN; the status GET, keyed by
 * the X-Reference-Id we chose, is the truth. Because we choose that id, an attempt whose reply was lost
 * is not lost with it: it stays pending and the status GET finds out what MTN did.
 */
import { randomUUID } from "node:crypto";
import { formatMoney } from "../../../money";
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
import { errorCode, momoCall, replyError } from "./client";
import { FAILURE_REASONS, failureOutcome, isMerchantSide } from "./codes";
import { APPROVAL_WINDOW_MS, type MtnMomoConfig } from "./config";
import { promptExpiry } from "../prompt-window";
import { MTN_MARKETS, mtnMarket, SANDBOX_ENVIRONMENT } from "./markets";
import { buildRequestToPay, fromWire, toMsisdn, transactionOutcome, transactionSchema } from "./transform";

type Ctx = GatewayContext<MtnMomoConfig>;

const POLL_AFTER_MS = 2_000;

/**
 * The X-Target-Environment for money in this currency: the configured one (the sandbox takes any of our
 * markets, in EUR), or in simulator mode the country environment of the currency.
 */
export function targetEnvironment(config: MtnMomoConfig, currency: string): string | undefined {
  const market = Object.values(MTN_MARKETS).find((m) => m.currency === currency.toUpperCase());
  if (!market) return undefined;
  if (!config.targetEnvironment) return market.targetEnvironment;
  if (config.targetEnvironment === SANDBOX_ENVIRONMENT) return SANDBOX_ENVIRONMENT;
  return config.targetEnvironment === market.targetEnvironment ? config.targetEnvironment : undefined;
}

const refused = (failure: PaymentFailure): InitiateResult => ({
  gatewayReference: "",
  status: "failed",
  nextAction: { type: "none" },
  failure,
});

type Sent = { kind: "accepted" } | { kind: "refused"; failure: PaymentFailure };

function interpretRequestToPay(res: GatewayHttpResponse): Interpreted<Sent> {
  // 202 has an empty body; whatever else comes with it does not change that MTN took the request.
  if (res.status >= 200 && res.status < 300) return { value: { kind: "accepted" }, resultCode: String(res.status) };
  const err = errorCode(res);
  // Our id already exists at MTN: an earlier try of this very request got through. The GET tells the rest.
  if (res.status === 409 && err?.code === "RESOURCE_ALREADY_EXIST")
    return { value: { kind: "accepted" }, resultCode: err.code };
  if (err && res.status < 500 && FAILURE_REASONS[err.code] && !isMerchantSide(err.code)) {
    // A payer-side refusal (no MoMo account, over the limit) is a working call with a business answer.
    return { value: { kind: "refused", failure: failureOutcome(err.code).failure }, resultCode: err.code };
  }
  const error = replyError(res, "requesttopay");
  // A refusal about our account gets its reason's wording; an outage keeps the service's "not answering".
  if (err && res.status < 500 && FAILURE_REASONS[err.code])
    error.details.buyerMessage = FAILURE_REASONS[err.code].message;
  throw error;
}

export async function requestToPay(input: InitiateInput, ctx: Ctx): Promise<InitiateResult> {
  const msisdn = toMsisdn(input.customer.phoneE164);
  if (!msisdn) {
    return refused({
      gatewayCode: "invalid_phone",
      message: "MTN MoMo needs the mobile number of your MoMo account. Check the number and try again.",
    });
  }
  const environment =
    mtnMarket(input.country)?.currency === input.amount.currency
      ? targetEnvironment(ctx.config, input.amount.currency)
      : undefined;
  if (!environment) {
    return refused({
      gatewayCode: "market_not_configured",
      message: "MTN MoMo is not available for this payment. Choose another way to pay.",
    });
  }

  const referenceId = randomUUID();
  const body = buildRequestToPay(input, msisdn, environment);
  let sent: Sent;
  try {
    sent = await momoCall(ctx, {
      operation: "requesttopay",
      method: "POST",
      path: "/collection/v1_0/requesttopay",
      targetEnvironment: environment,
      headers: { "X-Reference-Id": referenceId, "X-Callback-Url": input.callbackUrl },
      body,
      paymentId: input.paymentId,
      interpret: interpretRequestToPay,
    });
  } catch (err) {
    // No answer in time: MTN may well have the request (and the payer a prompt). Keep the id and let the
    // status GET say; an unknown id there fails the payment without anything taken.
    if (!(err instanceof GatewayError) || err.code !== "timeout") throw err;
    sent = { kind: "accepted" };
  }
  if (sent.kind === "refused") return { ...refused(sent.failure), gatewayReference: referenceId };

  const expiresAt = promptExpiry(ctx.now(), ctx.config.promptMs ?? APPROVAL_WINDOW_MS, input.expiresAt);
  return {
    gatewayReference: referenceId,
    status: "pending",
    nextAction: {
      type: "await_customer",
      message: `Check your phone and enter your MTN MoMo PIN to pay ${formatMoney(input.amount.amountMinor, input.amount.currency)}.`,
      pollAfterMs: POLL_AFTER_MS,
      expiresAt: expiresAt.toISOString(),
    },
  };
}

function interpretStatus(q: StatusQuery, environment: string) {
  return (res: GatewayHttpResponse): Interpreted<StatusResult> => {
    if (res.status === 404) {
      // MTN never got this id (the request's reply was lost before MTN took it): nothing was taken.
      const { status, failure } = failureOutcome("RESOURCE_NOT_FOUND");
      return { value: { status, failure }, resultCode: "RESOURCE_NOT_FOUND" };
    }
    if (res.status < 200 || res.status >= 300) throw replyError(res, "requesttopay status");
    const t = transactionSchema.parse(parseJsonBody("mtn-momo", res));
    if (t.externalId && t.externalId !== q.paymentId) {
      throw new GatewayError(
        "mtn-momo",
        "rejected",
        `requesttopay ${q.gatewayReference} belongs to externalId ${t.externalId}, not ${q.paymentId}`,
      );
    }
    const outcome = transactionOutcome(t);
    if (!outcome) throw new GatewayError("mtn-momo", "malformed_response", `unknown requesttopay status ${t.status}`);
    const resultCode = t.status === "FAILED" ? (t.reason ?? "FAILED") : t.status;
    if (outcome.status !== "succeeded") return { value: outcome, resultCode };
    if (t.amount === undefined || t.amount === null || !t.currency) {
      // A success we cannot check against the order is not one we may act on.
      throw new GatewayError("mtn-momo", "malformed_response", "SUCCESSFUL without amount and currency");
    }
    const value: StatusResult = {
      status: "succeeded",
      paid: fromWire(t.amount, t.currency, q.amount.currency, environment),
      ...(t.financialTransactionId && { receipt: t.financialTransactionId }),
    };
    return { value, resultCode };
  };
}

export async function requestToPayStatus(q: StatusQuery, ctx: Ctx): Promise<StatusResult> {
  const environment = targetEnvironment(ctx.config, q.amount.currency);
  if (!environment) {
    throw new GatewayError("mtn-momo", "rejected", `no MTN target environment is configured for ${q.amount.currency}`);
  }
  return momoCall(ctx, {
    operation: "requesttopay status",
    method: "GET",
    path: `/collection/v1_0/requesttopay/${encodeURIComponent(q.gatewayReference)}`,
    targetEnvironment: environment,
    paymentId: q.paymentId,
    interpret: interpretStatus(q, environment),
  });
}
