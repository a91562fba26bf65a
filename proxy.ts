import { NextResponse, type NextRequest } from "next/server";
import { refuseCrossOriginAction, refuseUnreadableForm } from "./lib/http/form-guard";
import { contentSecurityPolicy, strictTransportSecurity } from "./lib/http/security-headers";
import { isRenderRequest, isSharedPageRequest, sharedPageResponse } from "./lib/http/shared-pages";

/**
 * Serves the storefront's shared pages (home, event page) from one cached copy with a hash-based CSP
 * (lib/http/shared-pages.ts); gives every other page a fresh CSP nonce, which Next reads from the request
 * header and applies to its scripts.
 * Sets HSTS at run time (pages are what browsers load first; the JSON API stays out of here, see the
 * matcher). Answers a server action from another origin with a 403 and a form post whose body cannot be
 * read with a 400, before Next tries either as a server action and fails with a 500.
 */
export async function proxy(request: NextRequest) {
  const refused = refuseCrossOriginAction(request) ?? (await refuseUnreadableForm(request));
  if (refused) return withTransportSecurity(refused);
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/api/")) return withTransportSecurity(NextResponse.next());
  const dev = process.env.NODE_ENV === "development";
  const https = (process.env.APP_URL ?? "").startsWith("https://");
  if (!dev && isSharedPageRequest(request, pathname)) {
    // The copy being built: rendered without a nonce; its scripts get hashed by the caller below.
    if (isRenderRequest(request)) return NextResponse.next();
    return withTransportSecurity(await sharedPageResponse(pathname, https));
  }
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, dev, https);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return withTransportSecurity(response);
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
