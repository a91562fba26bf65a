import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { LANG_COOKIE } from "@/lib/i18n/config";
import { chooseLocale } from "@/lib/i18n/negotiate";
import { withCheckedAuthBody } from "@/lib/http/auth-body";
import { sourceIp } from "@/lib/http/notification-request";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so a missing AUTH_SECRET in live mode fails the request, never
// falls back to the development secret. The caller's IP feeds the e-mail sign-in rate limit; their
// language (the cookie the language switch sets, else the browser's) that of the sign-in e-mail.
const handler = withCheckedAuthBody((req: NextRequest, ctx: Context) =>
  NextAuth(
    req,
    ctx,
    authOptions(process.env, {
      ip: sourceIp(req.headers),
      lang: chooseLocale({
        cookie: req.cookies.get(LANG_COOKIE)?.value,
        acceptLanguage: req.headers.get("accept-language"),
      }),
    }),
  ),
);

export { handler as GET, handler as POST };
