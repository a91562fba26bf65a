import { NextResponse, type NextRequest } from "next/server";
import { isLocale, LANG_COOKIE, LANG_HEADER, type Locale } from "./lib/i18n/config";
import { chooseLocale } from "./lib/i18n/negotiate";
import { refuseCrossOriginAction, refuseUnreadableForm } from "./lib/http/form-guard";
import { contentSecurityPolicy, strictTransportSecurity } from "./lib/http/security-headers";
import { isRenderRequest, isSharedPageRequest, renderThroughApp, sharedPageResponse } from "./lib/http/shared-pages";

/**
 * Serves the storefront's shared pages (home, event page) from one cached copy with a hash-based CSP
 * (lib/http/shared-pages.ts); gives every other page a fresh CSP nonce, which Next reads from the request
 * header and applies to its scripts.
 * Sets HSTS at run time (pages are what browsers load first; the JSON API stays out of here, see the
 * matcher). Answers a server action from another origin with a 403 and a form post whose body cannot be
 * read with a 400, before Next tries either as a server action and fails with a 500.
 * Chooses the page's language (`?lang=`, the `lang` cookie, Accept-Language) and passes it on in
 * LANG_HEADER; a `?lang=` link is remembered in the cookie, so the rest of the visit follows it.
 */
export async function proxy(request: NextRequest) {
  const refused = refuseCrossOriginAction(request) ?? (await refuseUnreadableForm(request));
  if (refused) return withTransportSecurity(refused);
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/api/")) return withTransportSecurity(NextResponse.next());
  const dev = process.env.NODE_ENV === "development";
  const https = (process.env.APP_URL ?? "").startsWith("https://");
  const locale = pageLocale(request);
  if (!dev && isSharedPageRequest(request, pathname)) {
    // The copy being built: rendered without a nonce (its scripts get hashed by the caller below), in the
    // language the caller asked for in LANG_HEADER.
    if (isRenderRequest(request)) return NextResponse.next();
    const shared = await sharedPageResponse(pathname, https, renderThroughApp, locale);
    return withTransportSecurity(rememberLanguage(request, shared, locale, https));
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, dev, https);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  // Set here whatever the browser sent: the pages trust this header as the proxy's decision.
  headers.set(LANG_HEADER, locale);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("Content-Language", locale);
  return withTransportSecurity(rememberLanguage(request, response, locale, https));
}

function pageLocale(request: NextRequest): Locale {
  return chooseLocale({
    query: request.nextUrl.searchParams.get("lang"),
    cookie: request.cookies.get(LANG_COOKIE)?.value,
    acceptLanguage: request.headers.get("accept-language"),
  });
}

/** One year, site-wide, sent on links from other sites (a shared Kiswahili link), not on their posts. */
const LANG_COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/**
 * `?lang=` (the switch, or a shared link) becomes the remembered choice. Only when it changes it: a
 * response that sets a cookie is never kept by a shared cache, and a rush on a Kiswahili link should be.
 */
function rememberLanguage(request: NextRequest, response: Response, locale: Locale, https: boolean): Response {
  const asked = request.nextUrl.searchParams.get("lang");
  if (!isLocale(asked) || request.cookies.get(LANG_COOKIE)?.value === asked) return response;
  response.headers.append(
    "Set-Cookie",
    `${LANG_COOKIE}=${locale}; Path=/; Max-Age=${LANG_COOKIE_MAX_AGE}; SameSite=Lax${https ? "; Secure" : ""}`,
  );
  // This one answer is personal (it carries the cookie); the copy it was cut from stays shared.
  if (response.headers.has("X-Lango-Cache")) response.headers.set("Cache-Control", "private, no-store");
  return response;
}

function withTransportSecurity(response: Response): Response {
  const hsts = strictTransportSecurity();
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

export const config = {
  matcher: [
    // Pages only: JSON APIs and static files need no CSP, and simulators send their own.
    {
      source: "/((?!api/|_next/static|_next/image|sim/|media/|images/|favicon.ico|robots.txt).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
    // Form posts and server-action calls anywhere (an unknown /api/ path is answered by a page too), and
    // nothing else: the JSON API's hot paths never pass through here.
    { source: "/:path*", has: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] },
    { source: "/:path*", has: [{ type: "header", key: "next-action" }] },
  ],
};
