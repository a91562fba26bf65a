/**
 * Pure Daraja builders and reply schemas (gateways.md §1). No I/O, no clock: callers pass `now`, so the
 * Password/Timestamp rules can be tested against the documented example.
 */
import { z } from "zod";
import { minorUnitDigits, type Money } from "../../../money";
import { GatewayError, type InitiateInput } from "../../types";
import type { DarajaConfig } from "./config";

/** Safaricom refuses callback URLs containing these words (gateways.md §1 Gotchas; DESIGN.md). */
export const FORBIDDEN_URL_WORDS = ["mpesa", "m-pesa", "safaricom", "query", "sql", "exec", "exe", "cmd"] as const;

export type DarajaCallbackKind =
  "stk" | "b2c-result" | "reversal-result" | "timeout" | "c2b-validation" | "c2b-confirmation" | "status-result";

/** Throws when Safaricom would reject the URL, so the mistake shows at our end and not as "Invalid CallBackURL". */
export function assertCallbackUrlAllowed(url: string): void {
  const lower = url.toLowerCase();
  const word = FORBIDDEN_URL_WORDS.find((w) => lower.includes(w));
  if (word) throw new GatewayError("daraja", "rejected", `Callback URL contains "${word}", which Safaricom refuses`);
  if (/\s/.test(url)) throw new GatewayError("daraja", "rejected", "Callback URL contains whitespace");
}

/**
 * `${appUrl}/api/callbacks/daraja/{kind}?token=…`. The token goes in the query string (not the path) so the
 * route stays /api/callbacks/{gateway}/{kind} and verifyCallback reads it from one place.
 */
export function callbackUrl(appUrl: string, kind: DarajaCallbackKind, token: string): string {
  const url = `${appUrl.replace(/\/+$/, "")}/api/callbacks/daraja/${kind}?token=${encodeURIComponent(token)}`;
  assertCallbackUrlAllowed(url);
  return url;
}

// Stryker disable StringLiteral: a typo in these options throws as the module loads, failing every test file that
// imports it; Stryker's vitest runner counts a file that fails to load as no failure (a runner artefact, issue 19).
const nairobiParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Africa/Nairobi",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});
// Stryker restore StringLiteral

/** `YYYYMMDDHHmmss` in Africa/Nairobi, whatever the server's own zone is. */
export function nairobiTimestamp(at: Date): string {
  const p = Object.fromEntries(nairobiParts.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}

/** base64(BusinessShortCode + Passkey + Timestamp), the STK push and query Password. */
export function stkPassword(shortcode: string, passkey: string, timestamp: string): string {
  // Stryker disable next-line StringLiteral: "utf8" is Buffer.from's default; named for the reader
  return Buffer.from(`${shortcode}${passkey}${timestamp}`, "utf8").toString("base64");
}

/** E.164 Kenyan mobile (+2547…, +2541…) → `2547…` as Daraja wants it; null for anything else. */
export function toMsisdn(phoneE164: string | undefined): string | null {
  // Stryker disable next-line StringLiteral: any text in place of "" fails the pattern below just the same
  const digits = (phoneE164 ?? "").replace(/^\+/, "");
  return /^254[17]\d{8}$/.test(digits) ? digits : null;
}

/**
 * Daraja moves whole shillings only (gateways.md §1): null for an amount with cents. It is never rounded:
 * a prompt for more than is due would be paid, and its callback then refused as claiming another amount.
 * Throws for what no buyer can cause (another currency, a broken amount).
 */
export function toWholeShillings(amount: Money): number | null {
  if (amount.currency !== "KES") {
    throw new GatewayError("daraja", "rejected", `M-Pesa takes KES only, not ${amount.currency}`);
  }
  if (!Number.isSafeInteger(amount.amountMinor) || amount.amountMinor < 0) {
    throw new GatewayError("daraja", "rejected", `Invalid amount ${amount.amountMinor}`);
  }
  const unit = 10 ** minorUnitDigits("KES");
  return amount.amountMinor % unit === 0 ? amount.amountMinor / unit : null;
}

/** STK limits from the FAQ: at least Ksh 1, at most 250,000 per transaction. */
export const STK_MIN_KES = 1;
export const STK_MAX_KES = 250_000;

/** The prompt shows AccountReference; Safaricom allows 12 characters (longer ones risk code 1025). */
export function accountReference(orderReference: string): string {
  return orderReference.replace(/[^A-Za-z0-9-]/g, "").slice(0, 12) || "LANGO";
}

export function transactionDesc(description: string): string {
  return description.replace(/\s+/g, " ").trim().slice(0, 13) || "Payment";
}

export interface StkPushBody {
  BusinessShortCode: string;
  Password: string;
  Timestamp: string;
  TransactionType: DarajaConfig["transactionType"];
  Amount: number;
  PartyA: string;
  PartyB: string;
  PhoneNumber: string;
  CallBackURL: string;
  AccountReference: string;
  TransactionDesc: string;
}

export function buildStkPush(
  config: Pick<DarajaConfig, "shortcode" | "passkey" | "transactionType" | "partyB">,
  input: Pick<InitiateInput, "orderReference" | "description" | "callbackUrl">,
  msisdn: string,
  amountKes: number,
  now: Date,
): StkPushBody {
  const timestamp = nairobiTimestamp(now);
  return {
    BusinessShortCode: config.shortcode,
    Password: stkPassword(config.shortcode, config.passkey, timestamp),
    Timestamp: timestamp,
    TransactionType: config.transactionType,
    Amount: amountKes,
    PartyA: msisdn,
    PartyB: config.partyB,
    PhoneNumber: msisdn,
    CallBackURL: input.callbackUrl,
    AccountReference: accountReference(input.orderReference),
    TransactionDesc: transactionDesc(input.description),
  };
}

export function buildStkQuery(
  config: Pick<DarajaConfig, "shortcode" | "passkey">,
  checkoutRequestId: string,
  now: Date,
) {
  const timestamp = nairobiTimestamp(now);
  return {
    BusinessShortCode: config.shortcode,
    Password: stkPassword(config.shortcode, config.passkey, timestamp),
    Timestamp: timestamp,
    CheckoutRequestID: checkoutRequestId,
  };
}

type RefundConfig = Pick<DarajaConfig, "appUrl" | "callbackToken" | "shortcode"> & {
  initiatorName: string;
  securityCredential: string;
};

/** Remarks must be 2–100 characters. */
function remarks(reason: string): string {
  const text = reason.replace(/\s+/g, " ").trim().slice(0, 100);
  return text.length >= 2 ? text : "Refund";
}

export function buildReversal(config: RefundConfig, receipt: string, amountKes: number, reason: string) {
  return {
    Initiator: config.initiatorName,
    SecurityCredential: config.securityCredential,
    CommandID: "TransactionReversal",
    TransactionID: receipt,
    Amount: amountKes,
    ReceiverParty: config.shortcode,
    RecieverIdentifierType: "11", // sic: Safaricom's spelling; "11" identifies the receiving organisation
    ResultURL: callbackUrl(config.appUrl, "reversal-result", config.callbackToken),
    QueueTimeOutURL: callbackUrl(config.appUrl, "timeout", config.callbackToken),
    Remarks: remarks(reason),
  };
}

export function buildB2c(
  config: RefundConfig & { b2cShortcode: string },
  refundId: string,
  msisdn: string,
  amountKes: number,
  reason: string,
) {
  return {
    OriginatorConversationID: refundId, // merchant-unique: a retried refund is refused as a duplicate
    InitiatorName: config.initiatorName,
    SecurityCredential: config.securityCredential,
    CommandID: "BusinessPayment",
    Amount: amountKes,
    PartyA: config.b2cShortcode,
    PartyB: msisdn,
    Remarks: remarks(reason),
    QueueTimeOutURL: callbackUrl(config.appUrl, "timeout", config.callbackToken),
    ResultURL: callbackUrl(config.appUrl, "b2c-result", config.callbackToken),
    Occassion: "Refund", // sic
  };
}

/** Numbers in some payloads, strings in others (gateways.md §1): normalise to the string form. */
export const codeSchema = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/)]).transform(Number),
});

export const errorEnvelopeSchema = z.object({
  requestId: z.string().optional(),
  errorCode: z.string().min(1),
  errorMessage: z.string().default(""),
});

export const stkPushResponseSchema = z.object({
  MerchantRequestID: z.string().optional(),
  CheckoutRequestID: z.string().optional(),
  ResponseCode: codeSchema,
  ResponseDescription: z.string().optional(),
  CustomerMessage: z.string().optional(),
});

export const stkQueryResponseSchema = z.object({
  ResponseCode: codeSchema.optional(),
  ResponseDescription: z.string().optional(),
  CheckoutRequestID: z.string().optional(),
  ResultCode: codeSchema.optional(),
  ResultDesc: z.string().optional(),
});

/** B2C and reversal share the acknowledgement shape. */
export const requestAcceptedSchema = z.object({
  ConversationID: z.string().optional(),
  OriginatorConversationID: z.string().optional(),
  ResponseCode: codeSchema,
  ResponseDescription: z.string().optional(),
});
