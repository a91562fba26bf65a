/**
 * Pure Ksher builders and parsers (gateways.md §6): amounts in satang, the gateway_pay order, the signed
 * webhook and the browser's return. No I/O and no clock (callers pass `now`).
 */
import { z } from "zod";
import { GatewayError, type InitiateInput, type NotificationClaim } from "../../types";
import type { Money } from "../../../money";
import { orderVerdict } from "./codes";
import { safeJson } from "../json";
import { verifyFields } from "./sign";

/** A reply's `data`, as sent: values stay as they came (total_fee is a number, cash_fee a string). */
export type KsherData = Record<string, unknown>;

/** A value of `data` as text (Ksher mixes numbers and strings), or undefined when absent or empty. */
export function field(data: KsherData, key: string): string | undefined {
  const v = data[key];
  // Only a number is finite: strings are not coerced.
  if (Number.isFinite(v)) return String(v);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

/** Thailand in baht: the only market of Ksher's api.ksher.net channels we offer. */
export function ksherSupports(currency: string, country: string): boolean {
  return currency.toUpperCase() === "THB" && country.toUpperCase() === "TH";
}

/** The channels a buyer may pick before leaving for Ksher's page (gateway_pay `channel_list` values). */
export const KSHER_CHANNELS = [
  { id: "promptpay", label: "PromptPay (any Thai banking app)" },
  { id: "truemoney", label: "TrueMoney Wallet" },
  { id: "card", label: "Card (Visa, Mastercard, UnionPay)" },
  { id: "linepay", label: "Rabbit LINE Pay" },
  { id: "airpay", label: "ShopeePay" },
] as const;

const CHANNEL_IDS = new Set<string>(KSHER_CHANNELS.map((c) => c.id));

/** One picked channel, or all of ours so the buyer chooses on Ksher's page. */
export function channelList(method: string | undefined): string {
  const m = method?.toLowerCase();
  return m && CHANNEL_IDS.has(m) ? m : KSHER_CHANNELS.map((c) => c.id).join(",");
}

/** Minor units → `total_fee` (satang, as an integer string: "100" is 1 baht). */
export function toTotalFee(amount: Money): string {
  if (amount.currency !== "THB")
    throw new GatewayError("ksher", "rejected", `Ksher takes THB only, not ${amount.currency}`);
  if (!Number.isSafeInteger(amount.amountMinor) || amount.amountMinor <= 0) {
    throw new GatewayError("ksher", "rejected", `Invalid amount ${amount.amountMinor}`);
  }
  return String(amount.amountMinor);
}

/** `total_fee` as Ksher sends it (a number in replies, sometimes a digit string) → Money. */
export function fromTotalFee(value: unknown, feeType: unknown): Money | undefined {
  if (typeof feeType !== "string") return undefined;
  const currency = feeType.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return undefined;
  // Stryker disable next-line StringLiteral: any text other than digits is refused on the next line, "" included
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : "";
  if (!/^\d{1,12}$/.test(text)) return undefined;
  return { amountMinor: Number(text), currency };
}

/** Whole minutes left of the hold, rounded down so Ksher closes the order before we stop holding. */
export function expireMinutes(expiresAt: Date, now: Date): number {
  return Math.max(1, Math.floor((expiresAt.getTime() - now.getTime()) / 60_000));
}

/** Adds `failed=1` so the return tells "Ksher sent the buyer back from a failure" apart; status still comes from a query. */
export function failUrl(returnUrl: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set("failed", "1");
  return url.toString();
}

export function buildGatewayPay(input: InitiateInput, now: Date): Record<string, string> {
  const origin = new URL(input.returnUrl).origin;
  return {
    mch_order_no: input.paymentId,
    total_fee: toTotalFee(input.amount),
    fee_type: input.amount.currency,
    mch_code: input.orderReference,
    refer_url: origin,
    mch_redirect_url: input.returnUrl,
    mch_redirect_url_fail: failUrl(input.returnUrl),
    mch_notify_url: input.callbackUrl,
    product_name: input.description.replace(/\s+/g, " ").trim().slice(0, 100) || input.orderReference,
    channel_list: channelList(input.method),
    device: "H5",
    lang: "en",
    expire_time: String(expireMinutes(input.expiresAt, now)),
  };
}

const notificationSchema = z
  .object({
    code: z.union([z.number(), z.string()]),
    data: z.record(z.string(), z.unknown()),
    sign: z.string(),
  })
  .loose();

function readNotification(rawBody: string): { data: KsherData; sign: string } | null {
  const parsed = notificationSchema.safeParse(safeJson(rawBody));
  return parsed.success ? { data: parsed.data.data, sign: parsed.data.sign } : null;
}

/** Whether the webhook's `data` carries Ksher's signature. Its claim is still confirmed by an order query. */
export function verifyNotification(
  rawBody: string,
  ksherPublicKey: string,
): { ok: true } | { ok: false; reason: string } {
  const body = readNotification(rawBody);
  if (!body) return { ok: false, reason: "not a Ksher notification (JSON with data and sign)" };
  return verifyFields(body.data, body.sign, ksherPublicKey)
    ? { ok: true }
    : { ok: false, reason: "signature does not verify with Ksher's key" };
}

/** The webhook → a claim keyed by order, Ksher order and result (Ksher resends the same one until acknowledged). */
export function parseNotification(rawBody: string): NotificationClaim {
  const body = readNotification(rawBody);
  if (!body) return { type: "ignored", reason: "not a Ksher notification (JSON with data and sign)" };
  const orderNo = field(body.data, "mch_order_no");
  if (!orderNo) return { type: "ignored", reason: "Ksher notification without mch_order_no" };
  const result = field(body.data, "result") ?? "";
  const { status, failure } = orderVerdict(result);
  const ksherOrderNo = field(body.data, "ksher_order_no");
  const claimedAmount = fromTotalFee(body.data.total_fee, body.data.fee_type);
  return {
    type: "payment",
    dedupeKey: `ksher:notify:${orderNo}:${ksherOrderNo ?? ""}:${result}`,
    paymentId: orderNo,
    gatewayReference: orderNo,
    claimedStatus: status,
    ...(claimedAmount && { claimedAmount }),
    ...(ksherOrderNo && { receipt: ksherOrderNo }),
    ...(failure && { failure }),
  };
}

const returnParam = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/);

/** Ksher sends the buyer back to our own URL; only its `mch_order_no`, if any, is read, never a status. */
export function parseReturn(query: URLSearchParams): { paymentId?: string; gatewayReference?: string } {
  const orderNo = returnParam.safeParse(query.get("mch_order_no") ?? undefined);
  return orderNo.success ? { paymentId: orderNo.data, gatewayReference: orderNo.data } : {};
}
