/**
 * Pure Flutterwave builders and parsers (gateways.md §5): amounts in major units, the Standard payment
 * request, the transaction in a verify reply, both webhook shapes and the browser's return. No I/O and no
 * clock (callers pass `now`).
 */
import { z } from "zod";
import { majorUnitsInput, parseMajorUnits, type Money } from "../../../money";
import { GatewayError, type InitiateInput, type NotificationClaim, type ReturnClaim } from "../../types";
import { safeJson } from "../json";
import { transactionVerdict } from "./codes";
import { paymentOptionsFor } from "./markets";

/** Minor units → Flutterwave's amount, a number in major units (KES 2500.5, UGX 5000): "not kobo". */
export function toFlutterwaveAmount(amount: Money): number {
  if (!Number.isSafeInteger(amount.amountMinor) || amount.amountMinor <= 0) {
    throw new GatewayError("flutterwave", "rejected", `Invalid amount ${amount.amountMinor}`);
  }
  return Number(majorUnitsInput(amount.amountMinor, amount.currency));
}

/**
 * Flutterwave's amount → Money. It arrives as a number in most replies and as a numeric string in some
 * (both are accepted); undefined when it is neither, negative, or has more decimals than the currency has.
 */
export function fromFlutterwaveAmount(value: unknown, currency: unknown): Money | undefined {
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) return undefined;
  let text: string;
  // Floats such as 2500.5 print exactly; toFixed keeps 1e21-style notation away from the parser. The parser
  // reads plain digits only, so "-1", "NaN" and "Infinity" are refused there.
  if (typeof value === "number") text = Number.isInteger(value) ? value.toFixed(0) : String(value);
  else if (typeof value === "string") text = value.trim();
  else return undefined;
  // Trailing zeros past the currency's precision ("5000.00" UGX) are the same amount, not more precision.
  // Only text with one point is trimmed: "1.0.0" must stay as it is for the parser to refuse it.
  const normalized = /^[^.]*\.[^.]*$/.test(text) ? text.replace(/\.?0+$/, "") : text;
  const amountMinor = parseMajorUnits(normalized, currency);
  return amountMinor === null ? undefined : { amountMinor, currency };
}

/** Whole minutes left on the hold, within Flutterwave's 1–1440, rounded down so the page closes first. */
export function sessionMinutes(expiresAt: Date, now: Date): number {
  return Math.min(1440, Math.max(1, Math.floor((expiresAt.getTime() - now.getTime()) / 60_000)));
}

export interface PaymentRequest {
  tx_ref: string;
  amount: number;
  currency: string;
  redirect_url: string;
  payment_options: string;
  session_duration: number;
  customer: { email: string; name: string; phonenumber?: string };
  customizations: { title: string; description: string };
  meta: { order_reference: string; payment_id: string };
}

/** `POST /v3/payments` (Standard). tx_ref is the payment id: unique per attempt, and ours to look up by. */
export function buildPaymentRequest(input: InitiateInput, now: Date): PaymentRequest {
  return {
    tx_ref: input.paymentId,
    amount: toFlutterwaveAmount(input.amount),
    currency: input.amount.currency,
    redirect_url: input.returnUrl,
    payment_options: paymentOptionsFor(input.amount.currency, input.country, input.method),
    session_duration: sessionMinutes(input.expiresAt, now),
    customer: {
      email: input.customer.email,
      name: input.customer.name.replace(/\s+/g, " ").trim().slice(0, 100),
      ...(input.customer.phoneE164 && { phonenumber: input.customer.phoneE164 }),
    },
    customizations: {
      title: "Lango",
      description: input.description.replace(/\s+/g, " ").trim().slice(0, 200) || input.orderReference,
    },
    meta: { order_reference: input.orderReference, payment_id: input.paymentId },
  };
}

const idSchema = z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]).transform(String);

/** The transaction object of verify replies and v3 webhooks; unknown fields are kept. */
export const transactionSchema = z
  .object({
    id: idSchema,
    tx_ref: z.string().min(1),
    flw_ref: z.string().nullish(),
    amount: z.unknown(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    status: z.string().min(1),
    processor_response: z.string().nullish(),
    payment_type: z.string().nullish(),
  })
  .loose();

export type FlutterwaveTransaction = z.infer<typeof transactionSchema>;

/** The legacy flat webhook: camelCase txRef/flwRef and a dotted "event.type" key. */
const legacyWebhookSchema = z
  .object({
    id: idSchema,
    txRef: z.string().min(1),
    flwRef: z.string().nullish(),
    amount: z.unknown(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    status: z.string().min(1),
    "event.type": z.string().optional(),
  })
  .loose();

const v3WebhookSchema = z.object({ event: z.string(), data: z.unknown() }).loose();

function claimFrom(t: {
  id: string;
  txRef: string;
  amount: unknown;
  currency: string;
  status: string;
  processorResponse?: string | null;
  paymentType?: string | null;
}): NotificationClaim {
  const { status, failure } = transactionVerdict(t.status, t.processorResponse, t.paymentType);
  const claimedAmount = fromFlutterwaveAmount(t.amount, t.currency);
  return {
    type: "payment",
    dedupeKey: `flutterwave:${t.id}:${t.status.toLowerCase()}`,
    paymentId: t.txRef,
    gatewayReference: t.txRef,
    claimedStatus: status,
    ...(claimedAmount && { claimedAmount }),
    ...(status === "succeeded" && { receipt: t.id }),
    transactionId: t.id,
    ...(failure && { failure }),
  };
}

/** Either webhook shape → a claim (confirmed with a verify call before anything changes); never throws. */
export function parseWebhook(rawBody: string): NotificationClaim {
  const body = safeJson(rawBody);
  if (body === undefined) return { type: "ignored", reason: "not JSON" };
  const v3 = v3WebhookSchema.safeParse(body);
  if (v3.success) {
    if (v3.data.event !== "charge.completed")
      return { type: "ignored", reason: `event ${v3.data.event.slice(0, 40)} is not a charge` };
    const t = transactionSchema.safeParse(v3.data.data);
    if (!t.success) return { type: "ignored", reason: "charge.completed without a readable transaction" };
    return claimFrom({
      id: t.data.id,
      txRef: t.data.tx_ref,
      amount: t.data.amount,
      currency: t.data.currency,
      status: t.data.status,
      processorResponse: t.data.processor_response,
      paymentType: t.data.payment_type,
    });
  }
  const legacy = legacyWebhookSchema.safeParse(body);
  if (legacy.success) {
    const type = legacy.data["event.type"];
    // Transfers and other events share the flat shape; only charges pay orders.
    if (type !== undefined && !/TRANSACTION$/i.test(type))
      return { type: "ignored", reason: `event.type ${type.slice(0, 40)} is not a charge` };
    return claimFrom({
      id: legacy.data.id,
      txRef: legacy.data.txRef,
      amount: legacy.data.amount,
      currency: legacy.data.currency,
      status: legacy.data.status,
    });
  }
  return { type: "ignored", reason: "neither the v3 nor the legacy webhook shape" };
}

const returnParam = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\s<>"']+$/);

/**
 * The redirect's tx_ref (= our payment id, and the payment's gateway reference) and the transaction id
 * to verify. `status` is the buyer's browser talking and is not read; the transaction id is only looked
 * up, and its verify answer must name this tx_ref, amount and currency.
 */
export function parseReturn(query: URLSearchParams): ReturnClaim {
  const ref = returnParam.safeParse(query.get("tx_ref") ?? undefined);
  if (!ref.success) return {};
  const id = query.get("transaction_id")?.trim();
  return {
    paymentId: ref.data,
    gatewayReference: ref.data,
    ...(id && /^\d{1,20}$/.test(id) && { transactionId: id }),
    ...(query.get("status")?.trim().toLowerCase() === "cancelled" && { cancelledByBuyer: true }),
  };
}
