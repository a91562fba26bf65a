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

/** Instants in the admin are written in UTC with the zone named, the same for every viewer. */
export function formatUtc(at: Date): string {
  return `${at.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}
