import { z } from "zod";
import { DEFAULT_LOCALE, LOCALES, type Locale } from "./config";

/**
 * Organiser content (event, ticket type, question and booth texts) in other languages, kept in one JSON
 * column per row keyed by locale — {"sw": {"name": "…", "description": "…"}} — so a new language needs no
 * migration. The row's own columns are the organiser's first language; a text missing in the reader's
 * language falls back to them.
 */
export type ContentTranslations = Partial<Record<Locale, Record<string, string | string[]>>>;

const text = z.string().trim().max(5000);

/** What an admin form or the API may store: known languages only, texts only, blanks dropped. */
export const contentTranslationsSchema = z
  .partialRecord(z.enum(LOCALES), z.record(z.string().max(40), z.union([text, z.array(text.max(200)).max(50)])))
  .transform((value): ContentTranslations | null => {
    const kept: ContentTranslations = {};
    for (const [locale, fields] of Object.entries(value) as [Locale, Record<string, string | string[]>][]) {
      const filled = Object.entries(fields ?? {}).filter(([, v]) => (Array.isArray(v) ? v.some(Boolean) : v !== ""));
      if (filled.length) kept[locale] = Object.fromEntries(filled);
    }
    return Object.keys(kept).length ? kept : null;
  });

/** The text of `field` in `locale` when the organiser wrote one, else `fallback` (the row's own column). */
export function localized<T extends string | null>(
  translations: unknown,
  locale: Locale,
  field: string,
  fallback: T,
): string | T {
  if (locale === DEFAULT_LOCALE || !translations || typeof translations !== "object") return fallback;
  const value = (translations as ContentTranslations)[locale]?.[field];
  return typeof value === "string" && value.trim() ? value : fallback;
}

/** A list translated one for one (a choice question's options): each missing entry keeps its own text. */
export function localizedList(translations: unknown, locale: Locale, field: string, fallback: string[]): string[] {
  if (locale === DEFAULT_LOCALE || !translations || typeof translations !== "object") return fallback;
  const value = (translations as ContentTranslations)[locale]?.[field];
  if (!Array.isArray(value)) return fallback;
  return fallback.map((own, i) => (typeof value[i] === "string" && value[i].trim() ? value[i] : own));
}
