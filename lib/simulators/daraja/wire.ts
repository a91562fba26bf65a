/**
 * Daraja's wire conventions shared by its endpoints: the `{requestId, errorCode, errorMessage}` error
 * envelope, bearer-token checks, field rules from the Daraja tables, and its identifier formats.
 */
import { eatCompact, eatParts, randomAlnum, randomChars, randomDigits, randomHex, randomUpperAlnum } from "../ids";
import { json } from "../http";
import { isDeliverableUrl, sendJsonNotification } from "../notify";
import { schedule, settings } from "../store";
import { darajaState } from "./state";

export function requestId(): string {
  return `${randomHex(4)}-${randomHex(4)}-${randomHex(4)}-${randomHex(12)}${randomDigits(4)}`;
}

export function darajaError(status: number, errorCode: string, errorMessage: string, id = requestId()): Response {
  return json({ requestId: id, errorCode, errorMessage }, status);
}

export const badRequest = (field: string) => darajaError(400, "400.002.02", `Bad Request - Invalid ${field}`);
export const invalidAccessToken = () => darajaError(404, "404.001.03", "Invalid Access Token");
export const resourceNotFound = () => darajaError(404, "404.001.01", "Resource not found");
export const methodNotAllowed = () => darajaError(405, "405.001", "Method Not Allowed");
export const internalServerError = () => darajaError(500, "500.003.1001", "Internal Server Error");

/** A new access token for the app behind `consumerKey`; the app's previous token stops working. */
export function issueToken(consumerKey: string): { token: string; ttlSeconds: number } {
  const state = darajaState();
  const ttlSeconds = settings().darajaTokenTtlSeconds;
  const token = randomAlnum(28);
  const previous = state.latestTokenByConsumer.get(consumerKey);
  if (previous) state.tokens.delete(previous);
  state.tokens.set(token, { consumerKey, expiresAt: Date.now() + ttlSeconds * 1000 });
  state.latestTokenByConsumer.set(consumerKey, token);
  return { token, ttlSeconds };
}

export function hasValidBearer(req: Request): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  if (!match) return false;
  const entry = darajaState().tokens.get(match[1]);
  return !!entry && entry.expiresAt > Date.now();
}

/**
 * Parses a JSON request body. Daraja reports a body it cannot read (wrong Content-Type, not JSON) as an
 * invalid first field, "Invalid BusinessShortCode", so `null` here becomes that error at the call site.
 */
export function readDarajaJson(req: Request, text: string): Record<string, unknown> | null {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type.trim())) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Daraja takes identifiers as JSON strings or numbers interchangeably. */
export function digitsField(value: unknown, pattern: RegExp): string | null {
  const text =
    typeof value === "number" && Number.isInteger(value)
      ? String(value)
      : typeof value === "string"
        ? value.trim()
        : null;
  return text !== null && pattern.test(text) ? text : null;
}

export const SHORTCODE = /^\d{5,7}$/;
/** Safaricom subscribers: 2547XXXXXXXX, and the newer 2541XXXXXXXX range. */
export const MSISDN = /^254[17]\d{8}$/;

/** Whole shillings, sent as a number or a numeric string. */
export function wholeAmount(value: unknown, min: number, max: number): number | null {
  const n =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

export function text(value: unknown, min: number, max: number): string | null {
  const s = typeof value === "number" ? String(value) : typeof value === "string" ? value : null;
  return s !== null && s.length >= min && s.length <= max ? s : null;
}

// Safaricom refuses result URLs containing these words (and any whitespace).
const BANNED_URL_WORDS = ["m-pesa", "mpesa", "safaricom", "exe", "exec", "cmd", "sql", "query"];

/**
 * A result URL Safaricom would take, which the simulator also delivers to: the app's own origin or this
 * machine only (`isDeliverableUrl`); anything else is Daraja's own "Invalid <field>" at request time.
 */
export function callbackUrl(value: unknown, appUrl: string): string | null {
  if (typeof value !== "string" || value.length === 0 || /\s/.test(value)) return null;
  if (!isDeliverableUrl(value, appUrl)) return null;
  const lower = value.toLowerCase();
  return BANNED_URL_WORDS.some((w) => lower.includes(w)) ? null : value;
}

export function validTimestamp(value: unknown): string | null {
  if (typeof value !== "string" || !/^\d{14}$/.test(value)) return null;
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((i, k) => Number(value.slice(i, i + (k === 0 ? 4 : 2))));
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  const roundTrips =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  return roundTrips ? value : null;
}

export function expectedPassword(shortCode: string, passkey: string, timestamp: string): string {
  return Buffer.from(shortCode + passkey + timestamp).toString("base64");
}

/** Real receipts look like "NLJ7RT61SV": ten upper-case letters and digits, starting with a letter. */
export function newReceiptNumber(): string {
  let receipt: string;
  do receipt = randomChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1) + randomUpperAlnum(9);
  while (darajaState().receipts.has(receipt));
  return receipt;
}

/** "ws_CO_" + DDMMYYYYHHmmss + milliseconds + digits, like ws_CO_1007202409152617172396192. */
export function newCheckoutRequestId(): string {
  const t = eatParts();
  return `ws_CO_${t.dd}${t.MM}${t.yyyy}${t.HH}${t.mm}${t.ss}${t.SSS}${randomDigits(8)}`;
}

/** Like "29115-34620561-1". */
export function newMerchantRequestId(): string {
  return `${randomDigits(5)}-${randomDigits(8)}-1`;
}

/** Like "AG_20240706_2010325b025970fbc403". */
export function newConversationId(): string {
  return `AG_${eatCompact().slice(0, 8)}_${randomHex(20)}`;
}

/** Time format of B2C results: "06.07.2024 22:48:52". */
export function dottedDateTime(date = new Date()): string {
  const t = eatParts(date);
  return `${t.dd}.${t.MM}.${t.yyyy} ${t.HH}:${t.mm}:${t.ss}`;
}

/** Where Safaricom's own queue-timeout handler lives; results echo it in ReferenceData. */
export const SAFARICOM_QUEUE_TIMEOUT_URL = "https://internalsandbox.safaricom.co.ke/mpesa/b2cresults/v1/submit";

/** The ReferenceData of a B2C or reversal Result. */
export const queueTimeoutReference = () => ({
  ReferenceItem: { Key: "QueueTimeoutURL", Value: SAFARICOM_QUEUE_TIMEOUT_URL },
});

/** Results are asynchronous at Safaricom; a short pause keeps the acknowledgement first on the wire. */
export const RESULT_DELAY_MS = 150;

/**
 * The asynchronous half of B2C, reversal and Transaction Status: `{ Result }` posted to the ResultURL a
 * moment after the acknowledgement. `build` runs then, so it sees the state as it is when Safaricom answers.
 */
/** The OriginatorConversationID Safaricom makes up for requests that bring none ("29115-34620561-1"). */
export const newOriginatorConversationId = () => `${randomDigits(5)}-${randomDigits(8)}-1`;

/** The synchronous acknowledgement of reversal and Transaction Status requests. */
export const acceptedAck = (originatorId: string, conversationId: string) =>
  json({
    OriginatorConversationID: originatorId,
    ConversationID: conversationId,
    ResponseCode: "0",
    ResponseDescription: "Accept the service request successfully.",
  });

export function postResultLater(kind: string, resultUrl: string, build: () => Record<string, unknown>): void {
  schedule(() => {
    sendJsonNotification({ gateway: "daraja", kind, url: resultUrl, payload: { Result: build() } });
  }, RESULT_DELAY_MS);
}
