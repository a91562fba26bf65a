import type { Locale } from "../i18n/config";
import { formatEventDateTime } from "../dates";

/**
 * An event's date and time on a document (e-mail, PDF, calendar note) in the order's language, in the
 * event's own zone on the 24-hour clock (the glossary: Lango does not convert to Swahili time). English
 * keeps lib/dates' regional style; Kiswahili uses the country's Kiswahili calendar words ("Jumatano, 23
 * Des 2026").
 */
export function documentDateTime(locale: Locale, date: Date, timeZone: string, country?: string): string {
  if (locale === "en") return formatEventDateTime(date.toISOString(), timeZone, country);
  const tag =
    country && Intl.DateTimeFormat.supportedLocalesOf(`${locale}-${country}`).length ? `${locale}-${country}` : locale;
  return new Intl.DateTimeFormat(tag, {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(date);
}
