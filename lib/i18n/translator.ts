import { createTranslator } from "use-intl/core";
import { DEFAULT_LOCALE, type Locale } from "./config";
import { loadMessages } from "./messages";

/**
 * Translations outside React (e-mails, PDFs, calendar files, API error messages): the same message files
 * and ICU syntax (plurals, variables) as the pages. A key missing at run time falls back to English rather
 * than showing its name; the completeness test keeps that from happening.
 */
export async function getTranslator(locale: Locale) {
  const [messages, fallback] = await Promise.all([loadMessages(locale), loadMessages(DEFAULT_LOCALE)]);
  const english = createTranslator({ locale: DEFAULT_LOCALE, messages: fallback });
  return createTranslator({
    locale,
    messages,
    getMessageFallback: ({ key, namespace }) => english([namespace, key].filter(Boolean).join(".") as never),
  });
}
