import { formatAdminTime, organiserTimeZone } from "@/lib/admin/zone";
import { formatMoney } from "@/lib/money";

/** Amounts in several currencies side by side, never summed: "KES 5,000 · TZS 90,000". */
export function formatAmounts(amounts: readonly { currency: string; amountMinor: number }[], empty = "—"): string {
  const shown = amounts.filter((a) => a.amountMinor !== 0);
  return shown.length ? shown.map((a) => formatMoney(a.amountMinor, a.currency)).join(" · ") : empty;
}

/** "YYYY-MM-DD" → "Mon 15 Jun" (a calendar day: no zone shift). */
export function formatDay(day: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** "98.5 %", or a dash when there is nothing to divide. */
export function formatPercent(ratio: number | null): string {
  if (ratio === null) return "—";
  return `${(ratio * 100).toFixed(ratio === 1 || ratio === 0 ? 0 : 1)} %`;
}

/** An instant on a page that spans events, in the organiser's zone (named once per page by ZoneNote). */
export function adminTime(at: Date): string {
  return formatAdminTime(at, organiserTimeZone());
}
