/**
 * Pure parsers for what Daraja posts to us (gateways.md §1 "STK callback", "B2C", "Reversal"). Nothing here
 * throws: a body we cannot read is reported as `ignored`/null, because a 500 would only make Safaricom (or an
 * attacker) try again, and the status query is what settles a payment anyway.
 */
import { z } from "zod";
import { fromMajorUnits } from "../../../money";
import type { Money } from "../../../money";
import type { NotificationClaim } from "../../types";
import { safeJson } from "../json";
import { REFUND_RESULT_MESSAGES, refundResultSucceeded, stkOutcome } from "./codes";
import { codeSchema } from "./transform";

const itemSchema = z.object({ Name: z.string(), Value: z.unknown().optional() });
/** A one-element list may come as a bare object from some serialisers; accept both. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.union([z.array(item), item]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

const stkCallbackSchema = z.object({
  Body: z.object({
    stkCallback: z.object({
      MerchantRequestID: z.string().optional(),
      CheckoutRequestID: z.string().min(1),
      ResultCode: codeSchema,
      ResultDesc: z.string().optional(),
      CallbackMetadata: z.object({ Item: listOf(itemSchema) }).optional(),
    }),
  }),
});

const kesAmount = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .pipe(z.number().nonnegative().finite());

/** Items are read by Name, never position; a `Balance` item without `Value` is normal and skipped. */
function itemValue(items: { Name: string; Value?: unknown }[], name: string): unknown {
  return items.find((i) => i.Name === name)?.Value;
}

function kesMoney(value: unknown): Money | undefined {
  const parsed = kesAmount.safeParse(value);
  return parsed.success ? { amountMinor: fromMajorUnits(parsed.data, "KES"), currency: "KES" } : undefined;
}

export function parseStkCallback(rawBody: string): NotificationClaim {
  const parsed = stkCallbackSchema.safeParse(safeJson(rawBody));
  if (!parsed.success) return { type: "ignored", reason: "not an STK callback body" };
  const cb = parsed.data.Body.stkCallback;
  const items = cb.CallbackMetadata?.Item ?? [];
  const outcome = stkOutcome(cb.ResultCode, cb.ResultDesc);
  const receipt = itemValue(items, "MpesaReceiptNumber");
  const claimedAmount = kesMoney(itemValue(items, "Amount"));
  return {
    type: "payment",
    dedupeKey: `daraja:stk:${cb.CheckoutRequestID}:${cb.ResultCode}`,
    gatewayReference: cb.CheckoutRequestID,
    claimedStatus: outcome.status,
    ...(claimedAmount && { claimedAmount }),
    ...(typeof receipt === "string" && receipt !== "" && { receipt }),
    ...(outcome.failure && { failure: outcome.failure }),
  };
}

const resultParameterSchema = z.object({ Key: z.string(), Value: z.unknown().optional() });

/** The `{ Result }` Safaricom posts to a ResultURL: B2C, reversal and Transaction Status alike. */
export const resultEnvelopeSchema = z.object({
  Result: z.object({
    ResultType: codeSchema.optional(),
    ResultCode: codeSchema,
    ResultDesc: z.string().optional(),
    OriginatorConversationID: z.string().optional(),
    ConversationID: z.string().min(1),
    TransactionID: z.string().optional(),
    ResultParameters: z.object({ ResultParameter: listOf(resultParameterSchema) }).optional(),
  }),
});

/** What a B2C / reversal result (or a queue timeout) says about one refund request. */
export interface DarajaRefundNotification {
  kind: "b2c-result" | "reversal-result" | "timeout";
  /** Unique per distinct notification; a repeat with the same key changes nothing. */
  dedupeKey: string;
  /** Matches RefundResult.gatewayReference returned by refund(). */
  conversationId: string;
  /** For B2C this is our refundId (we set it); for reversals Safaricom makes one up. */
  originatorConversationId?: string;
  status: "succeeded" | "failed";
  resultCode: string;
  resultDesc?: string;
  /** The refund's own M-Pesa transaction id. */
  receipt?: string;
  /** A reversal's OriginalTransactionID: the receipt of the payment it reverses. */
  reversedReceipt?: string;
  amount?: Money;
  failureReason?: string;
  /** True for a queue timeout: Safaricom did not process the request, so it may be sent again. */
  retryable: boolean;
}

/**
 * Reads the Result envelope posted to ResultURL (kinds `b2c-result`, `reversal-result`) or QueueTimeOutURL
 * (`timeout`). Parameters are read by Key. Returns null for a body that is not a Result envelope.
 */
export function parseRefundResult(
  kind: DarajaRefundNotification["kind"],
  rawBody: string,
): DarajaRefundNotification | null {
  const parsed = resultEnvelopeSchema.safeParse(safeJson(rawBody));
  if (!parsed.success) return null;
  const r = parsed.data.Result;
  const params = r.ResultParameters?.ResultParameter ?? [];
  const param = (key: string) => params.find((p) => p.Key === key)?.Value;
  const amount = kesMoney(param(kind === "b2c-result" ? "TransactionAmount" : "Amount") ?? param("TransactionAmount"));
  const receiptParam = param("TransactionReceipt");
  const receipt = typeof receiptParam === "string" && receiptParam ? receiptParam : r.TransactionID || undefined;
  const reversed = kind === "reversal-result" ? param("OriginalTransactionID") : undefined;
  const common = {
    kind,
    dedupeKey: `daraja:${kind}:${r.ConversationID}:${r.ResultCode}`,
    conversationId: r.ConversationID,
    ...(r.OriginatorConversationID && { originatorConversationId: r.OriginatorConversationID }),
    ...(typeof reversed === "string" && reversed && { reversedReceipt: reversed }),
    resultCode: r.ResultCode,
    ...(r.ResultDesc && { resultDesc: r.ResultDesc }),
  };
  if (kind === "timeout") {
    return {
      ...common,
      status: "failed",
      failureReason: `Timed out in the M-Pesa queue${r.ResultDesc ? `: ${r.ResultDesc}` : ""}`,
      retryable: true,
    };
  }
  if (refundResultSucceeded(r.ResultCode)) {
    return { ...common, status: "succeeded", ...(receipt && { receipt }), ...(amount && { amount }), retryable: false };
  }
  const known = REFUND_RESULT_MESSAGES[r.ResultCode];
  return {
    ...common,
    status: "failed",
    failureReason: `${r.ResultCode}: ${r.ResultDesc ?? known ?? "refund failed"}`,
    retryable: false,
  };
}
