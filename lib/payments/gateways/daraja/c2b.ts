/**
 * Paybill (C2B, gateways.md §1 "C2B" and "Transaction Status"): the buyer pays our paybill from their own
 * phone with the order reference as the account number. Safaricom asks our validation URL first (accept or
 * refuse with a C2B000xx code), then posts the confirmation. Neither is signed, so a confirmation is only a
 * claim: the Transaction Status API is asked about its TransID, and the payment settles on that answer,
 * which Safaricom posts to a ResultURL carrying a proof only this app can compute.
 */
import { createHmac } from "node:crypto";
import { z } from "zod";
import { fromMajorUnits, type Money } from "../../../money";
import { GatewayError, type GatewayContext, type NotificationAck } from "../../types";
import { parseJsonBody, type GatewayHttpResponse, type Interpreted } from "../http";
import { resultEnvelopeSchema } from "./callbacks";
import { authorizedPost, envelopeError, safeJson } from "./client";
import type { DarajaConfig } from "./config";
import { constantTimeEqual } from "./verify";
import { callbackUrl, codeSchema, errorEnvelopeSchema, requestAcceptedSchema } from "./transform";

type Ctx = GatewayContext<DarajaConfig>;

// ── Register URLs ───────────────────────────────────────────────────────────────────────────────

export interface RegisterResult {
  shortCode: string;
  /** False when production answered "Urls are already registered" (it does not allow overwriting). */
  changed: boolean;
  confirmationUrl: string;
  validationUrl: string;
}

/**
 * `POST /mpesa/c2b/v2/registerurl`. ResponseType "Cancelled": when our validation URL cannot be reached,
 * Safaricom refuses the payment rather than taking money for an order we could not check.
 */
export async function registerC2bUrls(ctx: Ctx): Promise<RegisterResult> {
  const c = ctx.config;
  if (!c.c2bShortcode) throw new GatewayError("daraja", "rejected", "No paybill configured (DARAJA_C2B_SHORTCODE)");
  const confirmationUrl = callbackUrl(c.appUrl, "c2b-confirmation", c.callbackToken);
  const validationUrl = callbackUrl(c.appUrl, "c2b-validation", c.callbackToken);
  const body = {
    ShortCode: c.c2bShortcode,
    ResponseType: "Cancelled",
    ConfirmationURL: confirmationUrl,
    ValidationURL: validationUrl,
  };
  const changed = await authorizedPost(ctx, {
    operation: "c2b_register",
    path: "/mpesa/c2b/v2/registerurl",
    body,
    interpret: (res): Interpreted<boolean> => {
      if (res.status >= 200 && res.status < 300) {
        const ack = z
          .object({ ResponseCode: codeSchema, ResponseDescription: z.string().optional() })
          .parse(parseJsonBody("daraja", res));
        if (ack.ResponseCode === "0") return { value: true, resultCode: "0" };
        throw new GatewayError("daraja", "rejected", `${ack.ResponseCode}: ${ack.ResponseDescription ?? "refused"}`, {
          gatewayCode: ack.ResponseCode,
        });
      }
      const envelope = errorEnvelopeSchema.safeParse(safeJson(res.text));
      if (envelope.success && /already registered/i.test(envelope.data.errorMessage))
        return { value: false, resultCode: envelope.data.errorCode };
      throw envelopeError(res);
    },
  });
  return { shortCode: c.c2bShortcode, changed, confirmationUrl, validationUrl };
}

// ── Validation and confirmation ─────────────────────────────────────────────────────────────────

/** Everything in the body is a string (gateways.md §1); amounts are whole shillings ("10", "200.00"). */
const c2bBodySchema = z.object({
  TransactionType: z.string().optional(),
  // Present on confirmations; validations may carry it blank.
  TransID: z
    .string()
    .trim()
    .regex(/^[A-Z0-9]{0,20}$/i)
    .optional()
    .default(""),
  TransTime: z.string().optional(),
  TransAmount: z.union([z.string(), z.number()]).transform((v) => String(v).trim()),
  BusinessShortCode: z.union([z.string(), z.number()]).transform((v) => String(v).trim()),
  BillRefNumber: z.string().optional().default(""),
  ThirdPartyTransID: z.string().optional(),
  MSISDN: z
    .union([z.string(), z.number()])
    .optional()
    .transform((v) => (v === undefined ? "" : String(v).trim())),
  FirstName: z.string().optional(),
});

export interface C2bPayment {
  transId: string;
  transTime?: string;
  shortCode: string;
  /** The account number the payer typed, trimmed and upper-cased (order references are upper-case). */
  account: string;
  /** Null when TransAmount is not a whole number of shillings (which M-Pesa never sends). */
  amount: Money | null;
  /** E.164 when Safaricom sent the number in clear; masked or hashed numbers are dropped. */
  phoneE164?: string;
  firstName?: string;
}

/** Pure: the validation or confirmation body, or null when it is not one. */
export function parseC2bBody(rawBody: string): C2bPayment | null {
  const parsed = c2bBodySchema.safeParse(safeJson(rawBody));
  if (!parsed.success) return null;
  const b = parsed.data;
  const whole = /^\d+(\.0+)?$/.test(b.TransAmount) ? Number.parseInt(b.TransAmount, 10) : null;
  return {
    transId: b.TransID.toUpperCase(),
    ...(b.TransTime && { transTime: b.TransTime }),
    shortCode: b.BusinessShortCode,
    account: b.BillRefNumber.trim().toUpperCase(),
    amount: whole === null ? null : { amountMinor: fromMajorUnits(whole, "KES"), currency: "KES" },
    ...(/^254[17]\d{8}$/.test(b.MSISDN) && { phoneE164: `+${b.MSISDN}` }),
    ...(b.FirstName && { firstName: b.FirstName }),
  };
}

export type ValidationVerdict = "accept" | "C2B00012" | "C2B00013" | "C2B00015" | "C2B00016";

const ackJson = (body: object): NotificationAck => ({
  status: 200,
  contentType: "application/json",
  body: JSON.stringify(body),
});

/** Daraja's validation reply: `"0"` as a string to accept, a C2B000xx code to refuse. */
export function validationAck(verdict: ValidationVerdict): NotificationAck {
  return verdict === "accept"
    ? ackJson({ ResultCode: "0", ResultDesc: "Accepted" })
    : ackJson({ ResultCode: verdict, ResultDesc: "Rejected" });
}

/** Daraja's confirmation acknowledgement, with ResultCode a number. */
export const confirmationAck = (): NotificationAck => ackJson({ ResultCode: 0, ResultDesc: "Success" });

// ── Transaction Status ──────────────────────────────────────────────────────────────────────────

/**
 * What the ResultURL of a status request carries besides the callback token: the payment (hex, so the
 * URL can never spell a word Safaricom refuses) and an HMAC over payment and TransID keyed with the
 * consumer secret, which Safaricom never sees in a URL. A result is believed only with a valid proof:
 * knowing the callback token is not enough to confirm a payment.
 */
export function statusProof(
  config: Pick<DarajaConfig, "consumerSecret" | "callbackToken">,
  paymentId: string,
  transId: string,
): string {
  return createHmac("sha256", `${config.consumerSecret}\u0000${config.callbackToken}`)
    .update(`${paymentId}:${transId.toUpperCase()}`)
    .digest("hex");
}

export function statusResultUrl(config: DarajaConfig, paymentId: string, transId: string): string {
  const base = callbackUrl(config.appUrl, "status-result", config.callbackToken);
  return `${base}&p=${Buffer.from(paymentId, "utf8").toString("hex")}&proof=${statusProof(config, paymentId, transId)}`;
}

/** The payment a status result's URL names, if its proof holds for the TransID asked about. */
export function checkStatusResultUrl(query: URLSearchParams, config: DarajaConfig, transId: string): string | null {
  const hex = query.get("p") ?? "";
  const proof = query.get("proof") ?? "";
  if (!/^[0-9a-f]{2,200}$/.test(hex) || !proof) return null;
  const paymentId = Buffer.from(hex, "hex").toString("utf8");
  return constantTimeEqual(proof, statusProof(config, paymentId, transId)) ? paymentId : null;
}

/** The payment a status result's URL claims to be about (unverified: checkStatusResultUrl decides). */
export function statusResultPaymentId(query: URLSearchParams): string | null {
  const hex = query.get("p") ?? "";
  return /^[0-9a-f]{2,200}$/.test(hex) ? Buffer.from(hex, "hex").toString("utf8") : null;
}

/**
 * `POST /mpesa/transactionstatus/v1/query` about one receipt on our paybill. Asynchronous: the reply only
 * says the request was taken; the answer goes to the ResultURL. Returns the ConversationID it will carry.
 */
export async function requestTransactionStatus(
  ctx: Ctx,
  q: { paymentId: string; transId: string },
): Promise<{ conversationId?: string }> {
  const c = ctx.config;
  if (!c.initiatorName || !c.securityCredential || !c.c2bShortcode) {
    throw new GatewayError(
      "daraja",
      "rejected",
      "Checking paybill payments needs DARAJA_INITIATOR_NAME, DARAJA_SECURITY_CREDENTIAL and a paybill shortcode",
    );
  }
  const body = {
    Initiator: c.initiatorName,
    SecurityCredential: c.securityCredential,
    CommandID: "TransactionStatusQuery",
    TransactionID: q.transId,
    PartyA: c.c2bShortcode,
    IdentifierType: "4", // shortcode
    ResultURL: statusResultUrl(c, q.paymentId, q.transId),
    QueueTimeOutURL: callbackUrl(c.appUrl, "timeout", c.callbackToken),
    Remarks: "Paybill payment check",
    Occasion: "Order payment",
  };
  return authorizedPost(ctx, {
    operation: "transaction_status",
    path: "/mpesa/transactionstatus/v1/query",
    body,
    paymentId: q.paymentId,
    redact: [statusProof(c, q.paymentId, q.transId)],
    interpret: (res: GatewayHttpResponse): Interpreted<{ conversationId?: string }> => {
      if (res.status >= 200 && res.status < 300) {
        const ack = requestAcceptedSchema.parse(parseJsonBody("daraja", res));
        if (ack.ResponseCode === "0") return { value: { conversationId: ack.ConversationID }, resultCode: "0" };
        throw new GatewayError("daraja", "rejected", `${ack.ResponseCode}: ${ack.ResponseDescription ?? "refused"}`, {
          gatewayCode: ack.ResponseCode,
        });
      }
      throw envelopeError(res);
    },
  });
}

export interface StatusResultClaim {
  conversationId: string;
  resultCode: string;
  resultDesc?: string;
  /** ResultCode 0 and TransactionStatus "Completed". */
  completed: boolean;
  receipt?: string;
  amount?: Money;
  /** The shortcode that received the money, from CreditPartyName ("174379 - Lango Events"). */
  creditShortCode?: string;
}

/** Pure: the Transaction Status Result envelope, parameters read by Key; null when it is not one. */
export function parseStatusResult(rawBody: string): StatusResultClaim | null {
  const parsed = resultEnvelopeSchema.safeParse(safeJson(rawBody));
  if (!parsed.success) return null;
  const r = parsed.data.Result;
  const params = r.ResultParameters?.ResultParameter ?? [];
  const param = (key: string) => params.find((p) => p.Key === key)?.Value;
  const amountText = param("Amount");
  const amountKes =
    typeof amountText === "number"
      ? amountText
      : typeof amountText === "string" && /^\d+(\.\d+)?$/.test(amountText.trim())
        ? Number(amountText)
        : undefined;
  const receipt = param("ReceiptNo");
  const credit = param("CreditPartyName");
  const creditShortCode = typeof credit === "string" ? /^\s*(\d{5,8})\b/.exec(credit)?.[1] : undefined;
  const status = param("TransactionStatus");
  return {
    conversationId: r.ConversationID,
    resultCode: r.ResultCode,
    ...(r.ResultDesc && { resultDesc: r.ResultDesc }),
    completed: r.ResultCode === "0" && typeof status === "string" && status.trim().toLowerCase() === "completed",
    ...(typeof receipt === "string" && receipt.trim() && { receipt: receipt.trim().toUpperCase() }),
    ...(amountKes !== undefined &&
      Number.isFinite(amountKes) && { amount: { amountMinor: fromMajorUnits(amountKes, "KES"), currency: "KES" } }),
    ...(creditShortCode && { creditShortCode }),
  };
}

/** Paybill payments are stored with this gateway reference, apart from STK's CheckoutRequestIDs. */
export const PAYBILL_REFERENCE_PREFIX = "c2b:";
export const paybillReference = (transId: string) => `${PAYBILL_REFERENCE_PREFIX}${transId.toUpperCase()}`;
export const isPaybillReference = (ref: string) => ref.startsWith(PAYBILL_REFERENCE_PREFIX);
