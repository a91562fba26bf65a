/**
 * The languages Lango speaks to buyers, exhibitors and gate staff. Adding one (French for Rwanda or Côte
 * d'Ivoire) is its code here and its message file, `messages/{code}.json`, which names itself in
 * `meta.languageName`; the completeness test then holds it to the English keys.
 */
export const LOCALES = ["en", "sw"] as const;

export type Locale = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: Locale = "en";

/** Remembers the visitor's choice (the switch or `?lang=`). */
export const LANG_COOKIE = "lang";

/** Carries the language the proxy chose to the server components that render the page. */
export const LANG_HEADER = "x-lango-lang";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}
