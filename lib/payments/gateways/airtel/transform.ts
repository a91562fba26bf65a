/**
 * Airtel Money's wire shapes (gateways.md §4) and the conversions at its edge: E.164 → msisdn without the
 * country code, minor units → the whole major-unit number Airtel takes, and the JSON envelopes it answers
 * with, where codes may come as strings or numbers.
 */
import { z } from "zod";
import { minorUnitDigits, parseMajorUnits, type Money } from "../../../money";
import type { InitiateInput, NotificationClaim } from "../../types";
import { transactionOutcome } from "./codes";
import { airtelMarket } from "./markets";

/** `+256701234567` → `701234567` for a Ugandan payment; null for a number from another country or length. */
export function toMsisdn(phoneE164: string | undefined, country: string): string | null {
  const market = airtelMarket(country);
  if (!market || !phoneE164) return null;
  const digits = phoneE164.replace(/[\s-]/g, "").replace(/^\+/, "");
  if (!digits.startsWith(market.dialCode)) return null;
  const national = digits.slice(market.dialCode.length);
  return new RegExp(`^[1-9]\\d{${market.nationalDigits - 1}}$`).test(national) ? national : null;
}

/**
 * The amount as Airtel's JSON number in major units. Mobile-money wallets move whole units, so an amount
 * with cents is refused (null) rather than rounded: rounding would charge a different sum than the order.
 */
export function toAirtelAmount(amount: Money): number | null {
  const digits = minorUnitDigits(amount.currency);
  const scale = 10 ** digits;
  if (!Number.isSafeInteger(amount.amountMinor) || amount.amountMinor <= 0 || amount.amountMinor % scale !== 0)
    return null;
  return amount.amountMinor / scale;
}

/** Airtel's reference is shown to the payer; the order reference is what they will recognise. */
export function buildCollection(
  input: Pick<InitiateInput, "paymentId" | "orderReference" | "amount" | "country">,
  msisdn: string,
  amount: number,
) {
  const country = input.country.toUpperCase();
  const currency = input.amount.currency.toUpperCase();
  return {
    reference: input.orderReference,
    subscriber: { country, currency, msisdn },
    // Our payment id is Airtel's transaction.id: unique per attempt, and the key of the status enquiry.
    transaction: { amount, country, currency, id: input.paymentId },
  };
}

export function buildRefund(airtelMoneyId: string) {
  return { transaction: { airtel_money_id: airtelMoneyId } };
}

const stringish = z.union([z.string(), z.number()]).transform((v) => String(v).trim());

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  // "180" in Airtel's own sample: a string, read as seconds.
  expires_in: z.union([z.number(), z.string().regex(/^\s*\d+\s*$/)]).transform(Number),
  token_type: z.string().optional(),
});

/** The `status` block every Airtel reply carries. */
export const statusBlockSchema = z.object({
  code: stringish.optional(),
  message: z.string().optional(),
  result_code: stringish.optional(),
  response_code: stringish.optional(),
  success: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]),
});
export type StatusBlock = z.infer<typeof statusBlockSchema>;

export const collectionResponseSchema = z.object({
  // The documented sample answers `"id": false`: nothing of ours is read from data.
  data: z.unknown().optional(),
  status: statusBlockSchema,
});

export const enquiryResponseSchema = z.object({
  data: z
    .object({
      transaction: z
        .object({
          id: stringish.optional(),
          status: z.string().optional(),
          message: z.string().nullish(),
          airtel_money_id: stringish.nullish(),
        })
        .optional(),
    })
    .nullish(),
  status: statusBlockSchema,
});

export const refundResponseSchema = z.object({
  data: z
    .object({
      transaction: z.object({ airtel_money_id: stringish.nullish(), status: z.string().optional() }).optional(),
    })
    .nullish(),
  status: statusBlockSchema,
});

export const callbackSchema = z.object({
  transaction: z.object({
    id: stringish.pipe(z.string().min(1)),
    message: z.string().nullish(),
    status_code: z.string().min(1),
    airtel_money_id: stringish.nullish(),
  }),
  /** Present only with Airtel's "callback with authentication"; its serialisation is unverified (§4). */
  hash: z.string().optional(),
});

/**
 * The amount the callback's message says was paid ("Paid UGX 5,000 to …"), in minor units. The callback
 * has no amount field, so this is the only claim to check against the payment; an unreadable message
 * claims nothing.
 */
export function amountFromMessage(message: string | null | undefined): Money | undefined {
  const m = /\bPaid\s+([A-Z]{3})\s+(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?/.exec(message ?? "");
  if (!m) return undefined;
  const currency = m[1];
  let fraction = m[3]?.slice(1) ?? "";
  // "5,000.00" for a currency without minor units is still 5000.
  if (/^0+$/.test(fraction)) fraction = "";
  const amountMinor = parseMajorUnits(fraction ? `${m[2]}.${fraction}` : m[2], currency);
  return amountMinor === null ? undefined : { amountMinor, currency };
}

/**
 * Pure: a callback body → what it claims. Malformed bodies are ignored, never thrown.
 *
 * The callback's airtel_money_id is not passed on as the claim's receipt: anyone can post a callback, and a
 * claimed receipt is stored when the status answer names none (sync-payment.ts), to be sent later as the
 * transaction a refund returns. The receipt comes from the enquiry alone; a success it reports without one
 * is kept without a receipt and refunded by hand. The id stays in the dedupe key, so a forged copy with
 * another id cannot take the genuine callback's key.
 */
export function parseCallback(rawBody: string): NotificationClaim {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { type: "ignored", reason: "body is not JSON" };
  }
  const parsed = callbackSchema.safeParse(json);
  if (!parsed.success) return { type: "ignored", reason: "not an Airtel transaction callback" };
  const t = parsed.data.transaction;
  const outcome = transactionOutcome(t.status_code);
  const claimedAmount = outcome.status === "succeeded" ? amountFromMessage(t.message) : undefined;
  return {
    type: "payment",
    dedupeKey: `airtel:${t.id}:${t.status_code.toUpperCase()}:${t.airtel_money_id ?? ""}`,
    gatewayReference: t.id,
    claimedStatus: outcome.status,
    ...(claimedAmount && { claimedAmount }),
    ...(outcome.failure && { failure: outcome.failure }),
  };
}
