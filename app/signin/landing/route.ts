import { NextResponse } from "next/server";
import { safeCallback } from "@/lib/auth/callback-url";
import { AREA_COOKIE, AREAS, areaKey } from "@/lib/auth/landing";
import { SESSION_MAX_AGE_SECONDS } from "@/lib/auth/options";
import { sessionFromRequest } from "@/lib/auth/session";
import { liveAccount } from "@/lib/auth/session-version";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";

/**
 * Where a fresh sign-in goes: the page it was asked for (`next`), or else the person's own area — admins
 * to the console, gate staff to the scanner, staff who only sell to the box office, exhibitors to their portal — never the public home page.
 * The Location is a path, so it stays on whatever host the browser used (behind a proxy too).
 */
export async function GET(req: Request) {
  const url = new URL(req.url);
  const session = await sessionFromRequest(req);
  // The rights are the account's (not in the cookie), so the area is decided from the database.
  const account = session && (await liveAccount(await getDb(), session));
  if (!account) return new NextResponse(null, { status: 303, headers: { location: "/signin" } });
  const key = areaKey(account);
  const area = AREAS[key];
  const target = safeCallback(url.searchParams.get("next") ?? undefined, area.href);
  const res = new NextResponse(null, { status: 303, headers: { location: target, "cache-control": "no-store" } });
  res.cookies.set(AREA_COOKIE, key, {
    path: "/",
    sameSite: "lax",
    secure: url.protocol === "https:",
    maxAge: SESSION_MAX_AGE_SECONDS,
  });
  return res;
}
