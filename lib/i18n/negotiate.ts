import { DEFAULT_LOCALE, isLocale, type Locale } from "./config";

/**
 * `Accept-Language` as the browser ranked it: "sw-KE,sw;q=0.9,en;q=0.8" → ["sw", "en"] (primary subtags,
 * best first, each once; q=0 means "not this one").
 */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/.exec(p)).find(Boolean);
      return { lang: tag.trim().toLowerCase().split("-")[0] ?? "", q: q ? Number(q[1]) : 1, index };
    })
    .filter((entry) => entry.lang && entry.lang !== "*" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return [...new Set(ranked.map((entry) => entry.lang))];
}

/**
 * The language to answer in: an explicit `?lang=` (a shared Kiswahili link), else the remembered choice,
 * else the first language the browser accepts that Lango speaks, else English.
 */
export function chooseLocale(input: {
  query?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
}): Locale {
  if (isLocale(input.query)) return input.query;
  if (isLocale(input.cookie)) return input.cookie;
  return acceptedLanguages(input.acceptLanguage).find(isLocale) ?? DEFAULT_LOCALE;
}
