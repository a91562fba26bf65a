import { NextResponse, type NextRequest } from "next/server";
import { refuseUnreadableForm } from "./lib/http/form-guard";
import { contentSecurityPolicy } from "./lib/http/security-headers";

/**
 * Gives every page a fresh CSP nonce; Next reads it from the request header and applies it to its scripts.
 * Also answers a form post whose body cannot be read with a 400 before Next tries it as a server action.
 */
export async function proxy(request: NextRequest) {
  const refused = await refuseUnreadableForm(request);
  if (refused) return refused;
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development", (process.env.APP_URL ?? "").startsWith("https://"));
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    // Pages only: JSON APIs and static files need no CSP, and simulators send their own.
    {
      source: "/((?!api/|_next/static|_next/image|sim/|favicon.ico|robots.txt).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
    // Form posts anywhere (an unknown /api/ path is answered by a page too), and nothing else: the
    // JSON API's hot paths never pass through here.
    { source: "/:path*", has: [{ type: "header", key: "content-type", value: "multipart/form-data.*" }] },
  ],
};
