import en from "@/messages/en.json";

export { formatDeadline, formatEventDateTime, formatEventRange, formatShortDateTime, formatTime } from "@/lib/dates";

export type PhoneHintKey = keyof typeof en.common.phoneHint;

/**
 * Buyers type local numbers; the hint (`common.phoneHint.<key>`, with `{example}` from `examplePhone`,
 * lib/orders/phone-example.ts, server-side) shows the shape for the event's country and what the number
 * is for there.
 */
export function phoneHintKey(country: string, example: string | null): PhoneHintKey {
  const upper = country.toUpperCase();
  if (!example) return "noExample";
  if (upper === "KE") return "mpesa";
  return PUSH_PAY_COUNTRIES.has(upper) ? "mobileMoney" : "updates";
}

/** Where a phone prompt (MTN MoMo, Airtel Money, DPO's networks) is how people pay. */
const PUSH_PAY_COUNTRIES = new Set(["TZ", "UG", "RW", "ZM", "GH", "MW", "CD", "MG", "SC"]);
