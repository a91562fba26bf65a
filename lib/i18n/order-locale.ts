import { DEFAULT_LOCALE, isLocale, type Locale } from "./config";

/**
 * The language stored with an order (`Order.lang`, a plain string column): one Lango no longer speaks, or a
 * row written before the column existed, reads as the default rather than failing an e-mail or a PDF.
 */
export function storedLocale(value: string | null | undefined): Locale {
  return isLocale(value) ? value : DEFAULT_LOCALE;
}
