import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "./lib/http/security-headers";

/** Gives every page a fresh CSP nonce; Next reads it from the request header and applies it to its scripts. */
export function proxy(request: NextRequest) {
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
  // Pages only: JSON APIs and static files need no CSP, and simulators send their own.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|sim/|favicon.ico|robots.txt).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
