/**
 * MTN MoMo Collections wire shapes (gateways.md §3) and the conversions at its edge: money goes out as a
 * string of major units, in EUR on the sandbox; statuses and reasons come back as strings, the reason
 * either plain (`"APPROVAL_REJECTED"`) or as `{code, message}`, since both are seen.
 */
import { z } from "zod";
import { fromMajorUnits, minorUnitDigits, toMajorUnits, type Money } from "../../../money";
import type { NotificationClaim, PaymentFailure, PaymentStatus } from "../../types";
import { safeJson } from "../json";
import { failureOutcome } from "./codes";
import { SANDBOX_CURRENCY } from "./markets";

/** Amounts arrive as strings ("50"); a number is tolerated, anything else is not an amount. */
const amountSchema = z
  .union([
    z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?$/),
    z.number().nonnegative().finite(),
  ])
  .transform(Number);
const idSchema = z.union([z.string(), z.number()]).transform(String);
const reasonSchema = z
  .union([z.string(), z.object({ code: z.string(), message: z.string().optional() }).loose()])
  .transform((r) => (typeof r === "string" ? r : r.code));

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().positive()),
});

/** `GET /collection/v1_0/requesttopay/{referenceId}`; the callback body is "similar". */
export const transactionSchema = z.object({
  financialTransactionId: idSchema.optional().nullable(),
  externalId: idSchema.optional().nullable(),
  amount: amountSchema.optional().nullable(),
  currency: z.string().trim().toUpperCase().optional().nullable(),
  payer: z.object({ partyIdType: z.string().optional(), partyId: idSchema.optional() }).loose().optional().nullable(),
  status: z.string().trim().toUpperCase(),
  reason: reasonSchema.optional().nullable(),
  // Not in the documented status body; read if a callback carries it.
  referenceId: z.string().optional(),
});
export type MtnTransaction = z.infer<typeof transactionSchema>;

/** `{code, message}`: MTN's error body for 4xx/5xx replies. */
export const errorBodySchema = z.object({ code: z.string().min(1), message: z.string().optional() }).loose();

export interface RequestToPayBody {
  amount: string;
  currency: string;
  externalId: string;
  payer: { partyIdType: "MSISDN"; partyId: string };
  payerMessage: string;
  payeeNote: string;
}

/** The currency on MTN's wire: the order's own, except on the sandbox, which only takes EUR. */
export function wireCurrency(currency: string, targetEnvironment: string): string {
  return targetEnvironment === "sandbox" ? SANDBOX_CURRENCY : currency;
}

/** Major units as MTN writes them: "50000", or "12.50" for a currency with cents. */
export function toWireAmount(money: Money): string {
  const major = toMajorUnits(money.amountMinor, money.currency);
  return Number.isInteger(major) ? String(major) : major.toFixed(minorUnitDigits(money.currency));
}

/**
 * Money as MTN reported it, in the currency the payment is in. Sandbox EUR stands for the payment's own
 * currency (the sandbox takes nothing else), so it is read as that; any other currency stays as it came
 * and fails the amount check.
 */
export function fromWire(amount: number, currency: string, expected: string, targetEnvironment: string): Money {
  const meant = currency === wireCurrency(expected, targetEnvironment) ? expected : currency;
  return { amountMinor: fromMajorUnits(amount, meant), currency: meant };
}

/** E.164 (+256772123456) to MTN's MSISDN (256772123456). */
export function toMsisdn(phoneE164: string | undefined): string | null {
  const digits = phoneE164?.replace(/^\+/, "") ?? "";
  return /^\d{8,15}$/.test(digits) ? digits : null;
}

/** MTN shows payerMessage on the payer's phone and payeeNote in the merchant's statement; keep them short. */
const NOTE_LIMIT = 160;
const clipNote = (text: string) => (text.length > NOTE_LIMIT ? `${text.slice(0, NOTE_LIMIT - 1)}…` : text);

export function buildRequestToPay(
  input: { paymentId: string; orderReference: string; description: string; amount: Money },
  msisdn: string,
  targetEnvironment: string,
): RequestToPayBody {
  return {
    amount: toWireAmount(input.amount),
    currency: wireCurrency(input.amount.currency, targetEnvironment),
    // Our payment id: the callback carries it back, and the body has no other id of ours.
    externalId: input.paymentId,
    payer: { partyIdType: "MSISDN", partyId: msisdn },
    payerMessage: clipNote(`Lango order ${input.orderReference}`),
    payeeNote: clipNote(input.description),
  };
}

/** What a transaction's status and reason mean for the payment. */
export function transactionOutcome(
  t: Pick<MtnTransaction, "status" | "reason">,
): { status: PaymentStatus; failure?: PaymentFailure } | null {
  switch (t.status) {
    case "PENDING":
      return { status: "pending" };
    case "SUCCESSFUL":
      return { status: "succeeded" };
    case "FAILED":
      return failureOutcome(t.reason ?? undefined);
    default:
      return null; // not one of the three documented statuses: never guess
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The callback: the status body, sent once to X-Callback-Url. It is unsigned, so this is only a claim;
 * the status GET decides. Nothing here throws.
 */
export function parseCallback(rawBody: string): NotificationClaim {
  const parsed = transactionSchema.safeParse(safeJson(rawBody));
  if (!parsed.success) return { type: "ignored", reason: "not an MTN MoMo transaction body" };
  const t = parsed.data;
  if (!t.externalId) return { type: "ignored", reason: "no externalId to find the payment by" };
  const outcome = transactionOutcome(t);
  if (!outcome) return { type: "ignored", reason: `unknown status ${t.status}` };
  const receipt = t.status === "SUCCESSFUL" && t.financialTransactionId ? t.financialTransactionId : undefined;
  // Sandbox EUR cannot be compared with the order here (no config); the status GET's amount is checked instead.
  const claimedAmount =
    t.amount !== undefined &&
    t.amount !== null &&
    t.currency &&
    t.currency !== SANDBOX_CURRENCY &&
    /^[A-Z]{3}$/.test(t.currency)
      ? { amountMinor: fromMajorUnits(t.amount, t.currency), currency: t.currency }
      : undefined;
  return {
    type: "payment",
    dedupeKey: `mtn-momo:${t.externalId}:${t.status}:${receipt ?? t.reason ?? ""}`,
    paymentId: t.externalId,
    ...(t.referenceId && UUID.test(t.referenceId) && { gatewayReference: t.referenceId }),
    claimedStatus: outcome.status,
    ...(claimedAmount && { claimedAmount }),
    ...(receipt && { receipt }),
    ...(outcome.failure && { failure: outcome.failure }),
  };
}
