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

/** The languages an organiser may translate into: every one but the default, which the row's columns hold. */
export const TRANSLATED_LOCALES = LOCALES.filter((l) => l !== DEFAULT_LOCALE);

/** A translated field's name in a flat admin form: "name_sw". */
export const translatedFieldName = (field: string, locale: Locale) => `${field}_${locale}`;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The form fields for `fields` (name → longest length) in every translated language, all optional. */
export function translationFormShape(fields: Record<string, number>): Record<string, z.ZodType<string | undefined>> {
  return Object.fromEntries(
    TRANSLATED_LOCALES.flatMap((locale) =>
      Object.entries(fields).map(([field, max]) => [
        translatedFieldName(field, locale),
        z.preprocess(blankToUndefined, z.string().trim().max(max, `At most ${max} characters.`).optional()),
      ]),
    ),
  );
}

/**
 * Splits a parsed form into the row's own columns and its `translations` (an empty object, not null, when
 * none: Prisma sets a JSON column to SQL NULL only through a special value).
 */
export function withTranslations<T extends Record<string, unknown>>(
  values: T,
  fields: readonly string[],
): Omit<T, `${string}_${Locale}`> & { translations: ContentTranslations } {
  const own: Record<string, unknown> = { ...values };
  const translations: ContentTranslations = {};
  for (const locale of TRANSLATED_LOCALES) {
    for (const field of fields) {
      const key = translatedFieldName(field, locale);
      const text = own[key];
      delete own[key];
      if (typeof text === "string" && text) (translations[locale] ??= {})[field] = text;
    }
  }
  return { ...(own as Omit<T, `${string}_${Locale}`>), translations };
}

/** A row's translations as flat form values ("name_sw": "…"), the inverse of withTranslations. */
export function translationFormValues(translations: unknown, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    TRANSLATED_LOCALES.flatMap((locale) =>
      fields.map((field) => [translatedFieldName(field, locale), localized(translations, locale, field, "")]),
    ),
  );
}
