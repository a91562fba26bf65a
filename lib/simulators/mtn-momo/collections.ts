/**
 * Collections: `POST /collection/token/`, `POST /collection/v1_0/requesttopay` (202, then a prompt on the
 * virtual phone, or the documented sandbox payer behaviour) and `GET /collection/v1_0/requesttopay/{id}`,
 * whose body is also what the single callback carries.
 */
import { json } from "../http";
import { isDeliverableUrl, sendJsonNotification } from "../notify";
import { openPrompt, type PromptResolution } from "../prompts";
import { schedule } from "../store";
import { mtnState, transactionKey, type ApiUser, type Transaction } from "./state";
import {
  TOKEN_TTL_SECONDS,
  alreadyExists,
  badRequest,
  basicUser,
  bearerUser,
  callbackHostAllowed,
  empty,
  invalidToken,
  isUuidV4,
  mtnError,
  newAccessToken,
  newFinancialTransactionId,
  notFound,
  readJsonObject,
} from "./wire";

/** Each environment is one MTN platform taking one currency; the sandbox takes EUR only. */
const ENVIRONMENT_CURRENCY: Record<string, string> = {
  sandbox: "EUR",
  mtnuganda: "UGX",
  mtnrwanda: "RWF",
  mtnghana: "GHS",
  mtnzambia: "ZMW",
  mtncameroon: "XAF",
  mtnivorycoast: "XOF",
  mtnbenin: "XOF",
  mtncongo: "XAF",
  mtnswaziland: "SZL",
  mtnguineaconakry: "GNF",
  mtnliberia: "LRD",
  mtnsouthafrica: "ZAR",
};

const PARTY_ID_TYPES = new Set(["MSISDN", "EMAIL", "PARTY_CODE"]);

/** MTN's sandbox payers, `467331234` + two digits (gateways.md §3 "Sandbox payer numbers"). */
const SANDBOX_PAYERS: Record<
  string,
  { status: "FAILED"; reason: string } | { status: "PENDING"; then: "never" | "delay" }
> = {
  "46733123450": { status: "FAILED", reason: "INTERNAL_PROCESSING_ERROR" }, // PayerFailed
  "46733123451": { status: "FAILED", reason: "APPROVAL_REJECTED" }, // PayerRejected
  "46733123452": { status: "FAILED", reason: "EXPIRED" }, // PayerExpired
  "46733123453": { status: "PENDING", then: "never" }, // PayerOngoing
  "46733123454": { status: "PENDING", then: "delay" }, // PayerDelayed
  "46733123455": { status: "FAILED", reason: "PAYER_NOT_FOUND" },
  "46733123456": { status: "FAILED", reason: "PAYEE_NOT_ALLOWED_TO_RECEIVE" },
  "46733123457": { status: "FAILED", reason: "NOT_ALLOWED" },
  "46733123458": { status: "FAILED", reason: "NOT_ALLOWED_TARGET_ENVIRONMENT" },
  "46733123459": { status: "FAILED", reason: "INVALID_CALLBACK_URL_HOST" },
  "46733123460": { status: "FAILED", reason: "INVALID_CURRENCY" },
  "46733123461": { status: "FAILED", reason: "INTERNAL_PROCESSING_ERROR" },
  "46733123462": { status: "FAILED", reason: "SERVICE_UNAVAILABLE" },
  "46733123463": { status: "FAILED", reason: "COULD_NOT_PERFORM_TRANSACTION" },
};

/** What the payer's answer on the virtual phone becomes. */
const PROMPT_RESULTS: Record<PromptResolution, { status: "SUCCESSFUL" } | { status: "FAILED"; reason: string }> = {
  approve: { status: "SUCCESSFUL" },
  decline: { status: "FAILED", reason: "APPROVAL_REJECTED" },
  // MTN: INTERNAL_PROCESSING_ERROR "mostly means insufficient funds".
  insufficient_funds: { status: "FAILED", reason: "INTERNAL_PROCESSING_ERROR" },
  wrong_pin: { status: "FAILED", reason: "PAYMENT_NOT_APPROVED" },
  timeout: { status: "FAILED", reason: "EXPIRED" },
  // MTN: "usually means the payer did not approve within 5 minutes".
  expired: { status: "FAILED", reason: "COULD_NOT_PERFORM_TRANSACTION" },
};

const REASON_MESSAGES: Record<string, string> = {
  APPROVAL_REJECTED: "Request to pay was rejected by the payer.",
  EXPIRED: "Request to pay expired.",
  INTERNAL_PROCESSING_ERROR: "An internal error occurred while processing.",
  PAYER_NOT_FOUND: "Payer not found.",
  PAYEE_NOT_ALLOWED_TO_RECEIVE: "The payee is not allowed to receive.",
  NOT_ALLOWED: "Authorization failed. Insufficient permissions.",
  NOT_ALLOWED_TARGET_ENVIRONMENT: "Access to target environment is forbidden.",
  INVALID_CALLBACK_URL_HOST: "Callback URL with host not allowed.",
  INVALID_CURRENCY: "Currency not supported.",
  SERVICE_UNAVAILABLE: "Service unavailable.",
  COULD_NOT_PERFORM_TRANSACTION: "Could not perform transaction.",
  PAYMENT_NOT_APPROVED: "Payment not approved.",
};

/** The immediate "result" of a finished sandbox payer comes just after the 202, as at MTN. */
const SETTLE_DELAY_MS = 100;

function delayedPayerMs(): number {
  const n = Number(process.env.SIM_MTN_MOMO_DELAYED_PAYER_MS);
  return Number.isInteger(n) && n > 0 ? n : 30_000;
}

export function issueToken(req: Request): Response {
  const user = basicUser(req);
  if (!user) return json({ error: "login_failed" }, 401);
  const token = newAccessToken(user.id);
  mtnState().tokens.set(token, { apiUser: user.id, expiresAt: Date.now() + TOKEN_TTL_SECONDS * 1000 });
  return json({ access_token: token, token_type: "access_token", expires_in: TOKEN_TTL_SECONDS });
}

type Checked<T> = { ok: true; value: T } | { ok: false; response: Response };

function authorise(req: Request): Checked<{ user: ApiUser; environment: string }> {
  const user = bearerUser(req);
  if (!user) return { ok: false, response: invalidToken() };
  const environment = req.headers.get("x-target-environment")?.trim() ?? "";
  if (!(environment in ENVIRONMENT_CURRENCY) || (user.sandboxOnly && environment !== "sandbox")) {
    return {
      ok: false,
      response: mtnError(403, "NOT_ALLOWED_TARGET_ENVIRONMENT", "Access to target environment is forbidden."),
    };
  }
  return { ok: true, value: { user, environment } };
}

export function requestToPay(req: Request, body: string, appUrl: string): Response {
  const auth = authorise(req);
  if (!auth.ok) return auth.response;
  const { user, environment } = auth.value;

  const referenceId = req.headers.get("x-reference-id");
  if (!isUuidV4(referenceId)) return badRequest("X-Reference-Id must be a UUID version 4.");
  const callbackHeader = req.headers.get("x-callback-url");
  let callbackUrl: string | undefined;
  if (callbackHeader !== null) {
    let url: URL | null = null;
    try {
      url = new URL(callbackHeader.trim());
    } catch {
      url = null;
    }
    if (!url || !isDeliverableUrl(url, appUrl) || !callbackHostAllowed(user, url)) {
      return mtnError(400, "INVALID_CALLBACK_URL_HOST", "Callback URL with host not allowed.");
    }
    callbackUrl = url.toString();
  }

  const input = readJsonObject(body);
  if (!input) return badRequest("The request body must be a JSON object.");
  // A string, as MTN documents; a JSON number is refused.
  if (typeof input.amount !== "string" || !/^\d+(\.\d{1,2})?$/.test(input.amount) || Number(input.amount) <= 0) {
    return badRequest("amount must be a positive amount written as a string.");
  }
  if (typeof input.currency !== "string" || !/^[A-Z]{3}$/.test(input.currency))
    return badRequest("currency must be an ISO 4217 code.");
  if (typeof input.externalId !== "string" || !input.externalId.trim()) return badRequest("externalId is required.");
  const payer = input.payer as Record<string, unknown> | undefined;
  const partyIdType = typeof payer?.partyIdType === "string" ? payer.partyIdType : "";
  const partyId = typeof payer?.partyId === "string" ? payer.partyId.trim() : "";
  if (!PARTY_ID_TYPES.has(partyIdType) || !partyId)
    return badRequest("payer must have a partyIdType (MSISDN, EMAIL, PARTY_CODE) and a partyId.");
  if (partyIdType === "MSISDN" && !/^\d{8,15}$/.test(partyId))
    return badRequest("payer.partyId must be an MSISDN (digits only).");

  const state = mtnState();
  const key = transactionKey(environment, referenceId);
  if (state.transactions.has(key)) return alreadyExists();

  const t: Transaction = {
    referenceId: referenceId.trim().toLowerCase(),
    targetEnvironment: environment,
    amount: input.amount,
    currency: input.currency,
    externalId: input.externalId,
    payer: { partyIdType, partyId },
    ...(typeof input.payerMessage === "string" && { payerMessage: input.payerMessage }),
    ...(typeof input.payeeNote === "string" && { payeeNote: input.payeeNote }),
    ...(callbackUrl && { callbackUrl }),
    status: "PENDING",
    settledBy: "prompt",
    createdAt: new Date().toISOString(),
  };
  state.transactions.set(key, t);

  const sandboxPayer = partyIdType === "MSISDN" ? SANDBOX_PAYERS[partyId] : undefined;
  if (input.currency !== ENVIRONMENT_CURRENCY[environment]) {
    t.settledBy = "immediate";
    schedule(() => settle(key, { status: "FAILED", reason: "INVALID_CURRENCY" }), SETTLE_DELAY_MS);
  } else if (sandboxPayer?.status === "FAILED") {
    t.settledBy = "immediate";
    schedule(() => settle(key, sandboxPayer), SETTLE_DELAY_MS);
  } else if (sandboxPayer?.status === "PENDING") {
    t.settledBy = sandboxPayer.then;
    if (sandboxPayer.then === "delay") schedule(() => settle(key, { status: "SUCCESSFUL" }), delayedPayerMs());
  } else {
    const prompt = openPrompt({
      gateway: "mtn-momo",
      phone: partyId,
      amount: Number(input.amount),
      currency: input.currency,
      reference: input.externalId,
      ...(t.payerMessage && { description: t.payerMessage }),
      onOutcome: (resolution) => settle(key, PROMPT_RESULTS[resolution]),
    });
    t.promptId = prompt.id;
  }
  return empty(202);
}

function settle(key: string, result: { status: "SUCCESSFUL" } | { status: "FAILED"; reason: string }): void {
  const t = mtnState().transactions.get(key);
  if (!t || t.status !== "PENDING") return;
  t.status = result.status;
  if (result.status === "SUCCESSFUL") t.financialTransactionId = newFinancialTransactionId();
  else t.reason = result.reason;
  // Sent once, never retried (gateways.md §3 "Callback"); no header means no callback.
  if (t.callbackUrl)
    sendJsonNotification({ gateway: "mtn-momo", kind: "requesttopay", url: t.callbackUrl, payload: statusBody(t) });
}

/**
 * The reason is a plain string by default, as the widely used SDK reads it; SIM_MTN_MOMO_REASON_FORMAT=object
 * gives the swagger model's `{code, message}` instead (gateways.md §3 notes both).
 */
function reasonValue(reason: string): unknown {
  if (process.env.SIM_MTN_MOMO_REASON_FORMAT?.trim() === "object")
    return { code: reason, message: REASON_MESSAGES[reason] ?? reason };
  return reason;
}

function statusBody(t: Transaction): Record<string, unknown> {
  return {
    ...(t.financialTransactionId && { financialTransactionId: t.financialTransactionId }),
    externalId: t.externalId,
    amount: t.amount,
    currency: t.currency,
    payer: t.payer,
    ...(t.payerMessage !== undefined && { payerMessage: t.payerMessage }),
    ...(t.payeeNote !== undefined && { payeeNote: t.payeeNote }),
    status: t.status,
    ...(t.reason && { reason: reasonValue(t.reason) }),
  };
}

export function requestToPayStatus(req: Request, referenceId: string): Response {
  const auth = authorise(req);
  if (!auth.ok) return auth.response;
  // Another environment is another platform: it has never heard of this id.
  const t = mtnState().transactions.get(transactionKey(auth.value.environment, referenceId));
  return t ? json(statusBody(t)) : notFound();
}
