import { LANG_COOKIE, type Locale } from "./config";
import { chooseLocale } from "./negotiate";

/** A cookie's value from a raw Cookie header, without a framework's request object. */
export function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(0, eq).trim() === name) return decodeURIComponent(pair.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * The language a request asks for: `?lang=` (a shared link, or an API client that says so), else the `lang`
 * cookie the switch set, else Accept-Language. The JSON API does not pass through proxy.ts, so its routes
 * decide here with the same rule as the pages.
 */
export function requestLocale(request: Request): Locale {
  let query: string | null = null;
  try {
    query = new URL(request.url).searchParams.get("lang");
  } catch {
    // A relative URL in a test: no query to read.
  }
  return chooseLocale({
    query,
    cookie: cookieValue(request.headers.get("cookie"), LANG_COOKIE),
    acceptLanguage: request.headers.get("accept-language"),
  });
}
