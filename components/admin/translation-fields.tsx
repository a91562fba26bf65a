"use client";

import { Field } from "@/components/ui/field";
import { TRANSLATED_LOCALES, translatedFieldName } from "@/lib/i18n/content";
import { TextAreaField } from "./event-fields";

// The admin console is in English: languages are named as an English reader knows them ("Swahili").
const languageName = (locale: string) => new Intl.DisplayNames(["en"], { type: "language" }).of(locale) ?? locale;

/**
 * The organiser's texts in each other language buyers may read (Kiswahili today), folded away: optional,
 * and shown to buyers reading in that language; empty means they see the text above.
 */
export function TranslationFields({
  idPrefix,
  fields,
  value,
  error,
}: {
  idPrefix: string;
  /** Each text with its label, longest length and whether it is long (a text area). */
  fields: { name: string; label: string; max: number; long?: boolean }[];
  value: (name: string) => string;
  error: (name: string) => string | undefined;
}) {
  return (
    <>
      {TRANSLATED_LOCALES.map((locale) => {
        const filled = fields.some((f) => value(translatedFieldName(f.name, locale)));
        const failed = fields.some((f) => error(translatedFieldName(f.name, locale)));
        return (
          <details
            key={locale}
            open={filled || failed}
            className="rounded-lg border border-stone-200 p-3 sm:col-span-2"
          >
            <summary className="cursor-pointer font-medium text-brand-700">
              In {languageName(locale)} (optional)
            </summary>
            <div className="mt-3 space-y-3" lang={locale}>
              {fields.map((f) => {
                const name = translatedFieldName(f.name, locale);
                const props = {
                  id: `${idPrefix}-${name}`,
                  name,
                  label: `${f.label} in ${languageName(locale)}`,
                  defaultValue: value(name),
                  error: error(name),
                  maxLength: f.max,
                };
                return f.long ? <TextAreaField key={name} rows={3} {...props} /> : <Field key={name} {...props} />;
              })}
            </div>
          </details>
        );
      })}
    </>
  );
}
