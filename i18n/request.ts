import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { isLocale, LANG_COOKIE, LANG_HEADER } from "@/lib/i18n/config";
import { loadMessages } from "@/lib/i18n/messages";
import { chooseLocale } from "@/lib/i18n/negotiate";

/**
 * The language of a page render. URLs carry no locale segment (DESIGN.md's routes are a contract), so
 * proxy.ts decides (?lang, the cookie, Accept-Language) and passes its decision in LANG_HEADER; the shared
 * pages' cached copies are rendered with that header alone, never from a visitor's cookie. A request the
 * proxy does not see (a router prefetch) decides the same way here.
 */
export default getRequestConfig(async () => {
  const h = await headers();
  const decided = h.get(LANG_HEADER);
  const locale = isLocale(decided)
    ? decided
    : chooseLocale({ cookie: (await cookies()).get(LANG_COOKIE)?.value, acceptLanguage: h.get("accept-language") });
  return { locale, messages: await loadMessages(locale) };
});
