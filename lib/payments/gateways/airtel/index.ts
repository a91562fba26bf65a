/**
 * The Airtel Money gateway (gateways.md §4): a USSD push with `POST /merchant/v1/payments/`, the status
 * enquiry `GET /standard/v1/payments/{id}` as the truth, and `POST /standard/v1/payments/refund`.
 * Callbacks are not trusted by themselves: each one only triggers an enquiry.
 */
import { formatMoney } from "../../../money";
import {
  GatewayError,
  type AckOutcome,
  type Gateway,
  type GatewayContext,
  type InitiateInput,
  type InitiateResult,
  type NotificationAck,
  type PaymentFailure,
  type RefundInput,
  type RefundResult,
  type StatusQuery,
  type StatusResult,
} from "../../types";
import { parseJsonBody, type GatewayHttpResponse, type Interpreted } from "../http";
import { jsonAck } from "../ack";
import { pendingIfAnswerLost } from "../lost-answer";
import { airtelCall } from "./client";
import { collectionVerdict, RESPONSE_CODES, transactionOutcome } from "./codes";
import { configFromEnv, USSD_PROMPT_MS, type AirtelConfig } from "./config";
import { promptExpiry } from "../prompt-window";
import { airtelMarket, airtelSupports, countryForCurrency } from "./markets";
import {
  buildCollection,
  buildRefund,
  collectionResponseSchema,
  enquiryResponseSchema,
  parseCallback,
  refundResponseSchema,
  toAirtelAmount,
  toMsisdn,
  type StatusBlock,
} from "./transform";

export {
  configFromEnv as airtelConfigFromEnv,
  airtelConfigSchema,
  AIRTEL_STAGING_URL,
  type AirtelConfig,
} from "./config";
export { AIRTEL_MARKETS, airtelSupports } from "./markets";
export { RESPONSE_CODES, transactionOutcome } from "./codes";
export { amountFromMessage, parseCallback as parseAirtelCallback, toMsisdn as toAirtelMsisdn } from "./transform";

type Ctx = GatewayContext<AirtelConfig>;

const POLL_AFTER_MS = 2_000;
/** "Not Found": the enquiry's answer for an id Airtel has not (yet) registered. */
const NOT_FOUND = "DP00800001025";

export const PARTIAL_REFUND_UNSUPPORTED =
  "Airtel Money's refund API can only return a whole payment (it takes the transaction id, no amount). Refund part of it to the payer directly, for example by sending Airtel Money, and record it here.";

const refused = (failure: PaymentFailure): InitiateResult => ({
  gatewayReference: "",
  status: "failed",
  nextAction: { type: "none" },
  failure,
});

function readStatus<T extends { status: StatusBlock }>(
  schema: { parse: (v: unknown) => T },
  res: GatewayHttpResponse,
): T {
  return schema.parse(parseJsonBody("airtel", res));
}

async function initiate(input: InitiateInput, ctx: Ctx): Promise<InitiateResult> {
  const market = airtelMarket(input.country);
  if (!market || market.currency !== input.amount.currency.toUpperCase()) {
    // The registry only offers Airtel where `supports` holds: reaching here is a routing bug.
    throw new GatewayError(
      "airtel",
      "rejected",
      `Airtel Money does not collect ${input.amount.currency} in ${input.country}`,
    );
  }
  const msisdn = toMsisdn(input.customer.phoneE164, input.country);
  if (!msisdn) {
    return refused({
      gatewayCode: "invalid_phone",
      message: `Airtel Money needs a ${market.adjective} Airtel number. Check the number and try again.`,
    });
  }
  const amount = toAirtelAmount(input.amount);
  if (amount === null) {
    return refused({
      gatewayCode: "amount_not_whole",
      message: "Airtel Money takes whole amounts only. Choose another way to pay.",
    });
  }

  const body = buildCollection(input, msisdn, amount);
  const now = ctx.now();
  const awaiting: InitiateResult = {
    gatewayReference: input.paymentId,
    status: "pending",
    nextAction: {
      type: "await_customer",
      message: `Check your phone and enter your Airtel Money PIN to pay ${formatMoney(input.amount.amountMinor, input.amount.currency)}.`,
      pollAfterMs: POLL_AFTER_MS,
      expiresAt: promptExpiry(now, ctx.config.promptMs ?? USSD_PROMPT_MS, input.expiresAt).toISOString(),
    },
  };
  try {
    return await airtelCall<InitiateResult>(ctx, {
      operation: "collection",
      method: "POST",
      path: "/merchant/v1/payments/",
      country: body.transaction.country,
      currency: body.transaction.currency,
      body,
      paymentId: input.paymentId,
      interpret: (res) => {
        const reply = readStatus(collectionResponseSchema, res);
        const s = reply.status;
        const verdict = collectionVerdict({
          success: s.success,
          responseCode: s.response_code,
          resultCode: s.result_code,
          message: s.message,
          httpStatus: res.status,
        });
        const resultCode = s.response_code ?? s.result_code;
        if (verdict.kind === "error") throw verdict.error;
        if (verdict.kind === "refused") return { value: refused(verdict.failure), resultCode };
        return { value: awaiting, resultCode };
      },
    });
  } catch (err) {
    // We chose the transaction id before sending, so a request whose answer was lost or garbled is still
    // one the enquiry can settle: the prompt may well be on the buyer's phone, and failing the payment
    // here would strand money they approve.
    if (err instanceof GatewayError && (err.code === "timeout" || err.code === "malformed_response")) return awaiting;
    throw err;
  }
}

function interpretEnquiry(q: StatusQuery) {
  return (res: GatewayHttpResponse): Interpreted<StatusResult> => {
    const reply = readStatus(enquiryResponseSchema, res);
    const s = reply.status;
    const t = reply.data?.transaction;
    const resultCode = t?.status ?? s.response_code ?? s.result_code;
    if (!s.success) {
      // An id Airtel does not know yet is not a failure: the request may still be on its way (a lost or slow
      // collection reply). The payment stays pending until its window is over.
      if (s.response_code === NOT_FOUND || res.status === 404)
        return { value: { status: "pending" }, resultCode: s.response_code ?? "HTTP 404" };
      const code = s.response_code ?? s.result_code ?? `HTTP ${res.status}`;
      throw new GatewayError(
        "airtel",
        res.status === 403 ? "auth_failed" : "rejected",
        `enquiry refused: ${code}${s.message ? ` ${s.message}` : ""}`,
        {
          gatewayCode: code,
          httpStatus: res.status,
        },
      );
    }
    if (!t?.status)
      throw new GatewayError("airtel", "malformed_response", "enquiry succeeded without data.transaction.status", {
        httpStatus: res.status,
      });
    const outcome = transactionOutcome(t.status, s.response_code);
    const receipt = t.airtel_money_id ?? undefined;
    // The enquiry carries no amount: report the amount asked about, which the service checks against the
    // order and against any amount the callback claimed.
    const value: StatusResult =
      outcome.status === "succeeded"
        ? { status: "succeeded", paid: { ...q.amount }, ...(receipt && { receipt }) }
        : { status: outcome.status, ...(outcome.failure && { failure: outcome.failure }) };
    return { value, resultCode };
  };
}

async function getStatus(q: StatusQuery, ctx: Ctx): Promise<StatusResult> {
  const country = countryForCurrency(q.amount.currency);
  if (!country) throw new GatewayError("airtel", "rejected", `no Airtel Money market for ${q.amount.currency}`);
  return airtelCall(ctx, {
    operation: "enquiry",
    method: "GET",
    path: `/standard/v1/payments/${encodeURIComponent(q.gatewayReference)}`,
    country,
    currency: q.amount.currency,
    paymentId: q.paymentId,
    interpret: interpretEnquiry(q),
  });
}

const refundFailed = (failureReason: string): RefundResult => ({ status: "failed", failureReason });

async function refund(input: RefundInput, ctx: Ctx): Promise<RefundResult> {
  const whole =
    input.paymentAmount !== undefined &&
    input.paymentAmount.currency === input.amount.currency &&
    input.paymentAmount.amountMinor === input.amount.amountMinor;
  if (!whole) return refundFailed(PARTIAL_REFUND_UNSUPPORTED);
  if (!input.receipt)
    return refundFailed(
      "The payment has no Airtel Money transaction id (airtel_money_id), which the refund API needs.",
    );
  const country = countryForCurrency(input.amount.currency);
  if (!country) return refundFailed(`Airtel Money has no market for ${input.amount.currency}.`);
  return pendingIfAnswerLost(
    "refund",
    airtelCall<RefundResult>(ctx, {
      operation: "refund",
      method: "POST",
      path: "/standard/v1/payments/refund",
      country,
      currency: input.amount.currency,
      body: buildRefund(input.receipt),
      paymentId: input.paymentId,
      interpret: (res) => {
        const reply = readStatus(refundResponseSchema, res);
        const s = reply.status;
        const resultCode = s.response_code ?? s.result_code;
        if (!s.success) {
          const meaning = s.response_code ? RESPONSE_CODES[s.response_code]?.meaning : undefined;
          const why = [resultCode, s.message ?? meaning].filter(Boolean).join(": ") || `HTTP ${res.status}`;
          return { value: refundFailed(`Airtel Money refused the refund (${why}).`), resultCode, ok: false };
        }
        const id = reply.data?.transaction?.airtel_money_id ?? input.receipt;
        return { value: { status: "succeeded", gatewayReference: id ?? undefined }, resultCode };
      },
    }),
  );
}

function callbackAck(outcome: AckOutcome): NotificationAck {
  // Duplicates and unreadable bodies are acknowledged too: a retried callback changes nothing, and an error
  // would only tell a prober what we accept.
  return outcome === "rejected" ? jsonAck(403, { status: "rejected" }) : jsonAck(200, { status: "received" });
}

export const airtelGateway: Gateway<AirtelConfig> = {
  id: "airtel",
  displayName: "Airtel Money",
  // The optional `hash` is not relied on: its serialisation is unverified (gateways.md §4). Every callback
  // is confirmed by a status enquiry instead.
  flow: "push",
  methods: () => [],
  loadConfig: configFromEnv,
  supports: ({ currency, country }) => airtelSupports(currency, country),
  initiate,
  getStatus,
  verifyCallback: (req) =>
    req.method === "POST" ? { ok: true, anonymous: true } : { ok: false, reason: `method ${req.method}` },
  parseCallback: (req) => parseCallback(req.rawBody),
  callbackAck,
  refund,
};
