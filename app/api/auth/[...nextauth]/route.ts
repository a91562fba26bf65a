import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { withCheckedAuthBody } from "@/lib/http/auth-body";
import { sourceIp } from "@/lib/http/notification-request";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ nextauth: string[] }> };

// Options are built per request so a missing AUTH_SECRET in live mode fails the request, never
// falls back to the development secret. The caller's IP feeds the e-mail sign-in rate limit.
const handler = withCheckedAuthBody((req: NextRequest, ctx: Context) =>
  NextAuth(req, ctx, authOptions(process.env, { ip: sourceIp(req.headers) })),
);

export { handler as GET, handler as POST };
