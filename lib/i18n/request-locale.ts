import "server-only";
import { cookies, headers } from "next/headers";
import { LANG_COOKIE, LANG_HEADER, isLocale, type Locale } from "./config";
import { chooseLocale } from "./negotiate";

/**
 * The language of the page being rendered: what the proxy chose (it also honours `?lang=`), else the
 * remembered choice, else the browser's. When next-intl's request config is in place this is what it
 * answers too; until then the exhibitor and scanner pages ask here.
 */
export async function requestLocale(): Promise<Locale> {
  const h = await headers();
  const chosen = h.get(LANG_HEADER);
  if (isLocale(chosen)) return chosen;
  return chooseLocale({ cookie: (await cookies()).get(LANG_COOKIE)?.value, acceptLanguage: h.get("accept-language") });
}
