/**
 * Collections: `POST /merchant/v1/payments/` puts a USSD prompt on the payer's (virtual) phone and answers
 * "In process"; the payer's answer becomes the callback and what `GET /standard/v1/payments/{id}` reports
 * (TS / TF, TIP while the prompt is open).
 */
import { sendJsonNotification } from "../notify";
import { openPrompt, type PromptResolution } from "../prompts";
import { airtelState, type AirtelTransaction } from "./state";
import {
  badRequest,
  COUNTRIES,
  ESB_SUCCESS,
  hasValidBearer,
  newAirtelMoneyId,
  readJson,
  record,
  refusal,
  reply,
  unauthorized,
  writtenAmount,
} from "./wire";

/** How each prompt outcome reads in Airtel's collection response codes. */
const OUTCOMES: Record<PromptResolution, { status: "TS" | "TF"; code: string; meaning: string }> = {
  approve: { status: "TS", code: "DP00800001001", meaning: "Success" },
  wrong_pin: { status: "TF", code: "DP00800001002", meaning: "Incorrect Pin" },
  insufficient_funds: { status: "TF", code: "DP00800001007", meaning: "Not enough balance" },
  decline: { status: "TF", code: "DP00800001008", meaning: "Refused" },
  timeout: { status: "TF", code: "DP00800001024", meaning: "Timed Out" },
  expired: { status: "TF", code: "DP00800001029", meaning: "Expired" },
};

const text = (v: unknown) => (typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "");

export function collect(req: Request, body: string, appUrl: string): Response {
  if (!hasValidBearer(req)) return unauthorized();
  const input = readJson(body);
  if (!input) return badRequest("body is not a JSON object");
  const subscriber = record(input.subscriber);
  const transaction = record(input.transaction);
  if (!subscriber) return badRequest("subscriber is required");
  if (!transaction) return badRequest("transaction is required");

  const headerCountry = (req.headers.get("x-country") ?? "").trim();
  const headerCurrency = (req.headers.get("x-currency") ?? "").trim();
  if (!headerCountry) return badRequest("X-Country header is required");
  if (!headerCurrency) return badRequest("X-Currency header is required");
  const market = COUNTRIES[headerCountry];
  if (!market) return refusal(400, "ESB000034", "Invalid Country Name");
  if (!market.currencies.includes(headerCurrency)) return refusal(400, "ESB000035", "Invalid Currency Code");
  // The gotcha of gateways.md §4: headers, subscriber and transaction must all agree.
  for (const [where, value] of [
    ["subscriber.country", subscriber.country],
    ["transaction.country", transaction.country],
  ] as const) {
    if (text(value) !== headerCountry) return badRequest(`${where} must match X-Country`);
  }
  for (const [where, value] of [
    ["subscriber.currency", subscriber.currency],
    ["transaction.currency", transaction.currency],
  ] as const) {
    if (text(value) !== headerCurrency) return badRequest(`${where} must match X-Currency`);
  }

  const msisdn = text(subscriber.msisdn);
  // "Do not send country code in msisdn": a number that starts with it and is too long is refused.
  if (!/^\d{6,10}$/.test(msisdn) || (msisdn.startsWith(market.dialCode) && msisdn.length > 9)) {
    return refusal(
      400,
      "ESB000033",
      "Invalid MSISDN Length. MSISDN Length should be 9 and should be without country code",
    );
  }
  const amount = typeof transaction.amount === "number" ? transaction.amount : Number.NaN;
  if (!Number.isFinite(amount) || amount <= 0)
    return refusal(400, "ESB000008", "Field validation failed: transaction.amount", "DP00800001004");
  const id = text(transaction.id);
  if (!id || id.length > 64) return badRequest("transaction.id");
  const reference = text(input.reference);
  if (!reference) return badRequest("reference");

  const state = airtelState();
  if (state.transactions.has(id)) return refusal(400, "ESB000041", "External Transaction ID already exists");

  const prompt = openPrompt({
    gateway: "airtel",
    phone: msisdn,
    amount,
    currency: headerCurrency,
    reference,
    description: `Pay ${state.merchantName}`,
    onOutcome: (resolution) => settle(id, resolution, appUrl),
  });
  state.transactions.set(id, {
    id,
    reference,
    msisdn,
    country: headerCountry,
    currency: headerCurrency,
    amount,
    promptId: prompt.id,
    createdAt: new Date().toISOString(),
    status: "TIP",
    responseCode: "DP00800001006",
    message: "Transaction in progress",
  });

  // As in the sample: the id comes back as `false`, the real state is "In process".
  return reply(
    200,
    { transaction: { id: false, status: "SUCCESS" } },
    {
      message: "SUCCESS",
      result_code: ESB_SUCCESS,
      response_code: "DP00800001006",
      success: true,
    },
  );
}

/** The payer answered (or the prompt expired): record the result and call the merchant back. */
function settle(id: string, resolution: PromptResolution, appUrl: string): void {
  const state = airtelState();
  const t = state.transactions.get(id);
  if (!t || t.status !== "TIP") return;
  const outcome = OUTCOMES[resolution];
  const airtelMoneyId = newAirtelMoneyId();
  t.status = outcome.status;
  t.responseCode = outcome.code;
  t.airtelMoneyId = airtelMoneyId;
  state.byAirtelMoneyId.set(airtelMoneyId, id);
  t.message =
    outcome.status === "TS"
      ? `Paid ${writtenAmount(t.currency, t.amount)} to ${state.merchantName} Charge ${t.currency} 0, Trans ID ${airtelMoneyId}.`
      : `Transaction failed: ${outcome.meaning}. Trans ID ${airtelMoneyId}.`;
  sendJsonNotification({
    gateway: "airtel",
    kind: "callback",
    url: state.callbackUrl ?? `${appUrl}/api/callbacks/airtel`,
    payload: callbackPayload(t),
  });
}

function callbackPayload(t: AirtelTransaction) {
  return { transaction: { id: t.id, message: t.message, status_code: t.status, airtel_money_id: t.airtelMoneyId } };
}

/** `GET /standard/v1/payments/{id}`, with the same headers as the collection. */
export function enquiry(req: Request, id: string): Response {
  if (!hasValidBearer(req)) return unauthorized();
  const t = airtelState().transactions.get(id);
  if (!t) return refusal(404, "ESB000045", "No transaction found with provided transaction Id", "DP00800001025");
  if (
    (req.headers.get("x-country") ?? "").trim() !== t.country ||
    (req.headers.get("x-currency") ?? "").trim() !== t.currency
  ) {
    return badRequest("X-Country and X-Currency must match the transaction");
  }
  return reply(
    200,
    { transaction: { airtel_money_id: t.airtelMoneyId ?? null, id: t.id, message: t.message, status: t.status } },
    { message: "SUCCESS", result_code: ESB_SUCCESS, response_code: t.responseCode, success: true },
  );
}
