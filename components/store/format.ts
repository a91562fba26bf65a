export { formatDeadline, formatEventDateTime, formatEventRange, formatShortDateTime, formatTime } from "@/lib/dates";

/**
 * Buyers type local numbers; the hint shows the shape for the event's country, with `example` from
 * `examplePhone` (lib/orders/phone-example.ts, server-side) and what the number is for there.
 */
export function phoneHint(country: string, example: string | null): string {
  const upper = country.toUpperCase();
  if (!example) return "Include your country code, starting with +.";
  if (upper === "KE") return `e.g. ${example}. We send M-Pesa prompts and updates to this number.`;
  if (PUSH_PAY_COUNTRIES.has(upper)) return `e.g. ${example}. We send mobile-money prompts and updates to this number.`;
  return `e.g. ${example}. We send updates about your order to this number.`;
}

/** Where a phone prompt (MTN MoMo, Airtel Money, DPO's networks) is how people pay. */
const PUSH_PAY_COUNTRIES = new Set(["TZ", "UG", "RW", "ZM", "GH", "MW", "CD", "MG", "SC"]);

export function pluralize(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
