import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import type { Db } from "../db/client";
import { AppError, notFound } from "../errors";
import { clientBucket, DIRECT_CLIENT } from "../http/client-ip";
import { hit } from "../rate-limit";
import { isOrderReference } from "./reference";

/**
 * An order reference is read aloud at the desk, typed into M-Pesa's account field and printed in e-mail
 * subjects, so it only ever shows an order's status and how to pay it. Who bought and the tickets need the
 * order's access token: sent as `Authorization: Bearer …` by API clients (POST /api/orders answers it once),
 * or remembered for the buyer's own browser in an HttpOnly cookie set by that same answer.
 */

/** The cookie holding the tokens of the orders placed from this browser. */
export const ORDER_COOKIE = "lango_orders";
/** Orders the cookie remembers, newest first: it rides on every request, so it stays small (~450 bytes). */
export const REMEMBERED_ORDERS = 10;
const COOKIE_MAX_AGE_S = 90 * 24 * 3600;
/** newAccessToken(): 24 random bytes in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/** The window of the lookup-miss limit. */
export const ORDER_MISS_WINDOW_MS = 10 * 60_000;
/**
 * Lookups that miss (unknown reference, or a token that is not the order's) per client and window. Real
 * buyers hardly ever miss; guessing references is nothing but misses. Clients of unknown address (no
 * TRUST_PROXY) all count as one, so theirs is larger, but still far below a guessing run.
 */
export const ORDER_MISS_LIMIT = { perAddress: 20, shared: 100 } as const;

export interface OrderCaller {
  /** A token the caller names explicitly (Authorization: Bearer): it must be the order's, or 403. */
  bearer: string | null;
  /** Tokens this browser got at checkout, by reference. A stale one just counts for nothing. */
  remembered: ReadonlyMap<string, string>;
  /** Whose misses a miss counts against. */
  client: string;
}

export type OrderAccess = "owner" | "public";

export function orderCaller(headers: Headers, env: Record<string, string | undefined> = process.env): OrderCaller {
  const auth = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  const ip = clientBucket(headers, env);
  return {
    bearer: auth ? auth[1] : null,
    remembered: rememberedOrders(headers.get("cookie")),
    client: ip ? `ip:${ip}` : DIRECT_CLIENT,
  };
}

/** The orders in the cookie: `REF:TOKEN` entries joined by "."; anything malformed is skipped. */
export function rememberedOrders(cookieHeader: string | null): Map<string, string> {
  const out = new Map<string, string>();
  const raw = (cookieHeader ?? "")
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${ORDER_COOKIE}=`))
    ?.slice(ORDER_COOKIE.length + 1);
  for (const entry of (raw ?? "").split(".")) {
    const [reference, token] = entry.split(":");
    if (reference && token && isOrderReference(reference) && TOKEN.test(token) && out.size < REMEMBERED_ORDERS)
      out.set(reference, token);
  }
  return out;
}

/**
 * The Set-Cookie that adds an order to those the buyer's browser remembers (the newest first, the oldest
 * dropped beyond REMEMBERED_ORDERS: those stay reachable through the e-mailed link). HttpOnly, so a script
 * on the page cannot read the tokens; SameSite=Lax, so another site cannot make the browser use them in a
 * rename; Secure whenever the app is served over https.
 */
export function rememberOrderCookie(
  request: { url: string; headers: Headers },
  order: { reference: string; accessToken: string },
  env: Record<string, string | undefined> = process.env,
): string {
  const others = [...rememberedOrders(request.headers.get("cookie"))].filter(
    ([reference]) => reference !== order.reference,
  );
  const value = [[order.reference, order.accessToken], ...others]
    .slice(0, REMEMBERED_ORDERS)
    .map(([reference, token]) => `${reference}:${token}`)
    .join(".");
  const https =
    new URL(request.url).protocol === "https:" || (env.APP_URL ?? "").trim().toLowerCase().startsWith("https:");
  return `${ORDER_COOKIE}=${value}; Path=/; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Lax${https ? "; Secure" : ""}`;
}

/** Tokens are secrets: compared in constant time (digests make the lengths equal). */
export function sameToken(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export const normalizeReference = (reference: string) => reference.trim().toUpperCase();

/**
 * What a caller may see of the order looked up by a reference (`order` null: there is none). The token
 * holder sees everything and is never limited. A miss (no such order, or a Bearer token that is not this
 * order's) counts against the caller, over the limit it answers 429. Once over it, the caller's lookups
 * without the token are refused too: otherwise a 200 among the 429s would still tell a guess that hit.
 */
export async function admitToOrder(
  db: Db,
  order: { reference: string; accessToken: string } | null,
  caller: OrderCaller,
  now = new Date(),
  /** Whether the caller is over the miss limit, when the order's own read already asked (missBucket). */
  known?: { missesOver: boolean },
): Promise<OrderAccess> {
  const token = caller.bearer ?? (order && caller.remembered.get(order.reference));
  if (order && token && sameToken(token, order.accessToken)) return "owner";
  const { key, limit } = missBucket(caller);
  if (!order || caller.bearer) {
    if (!(await hit(db, key, limit, ORDER_MISS_WINDOW_MS, now))) throw tooManyMisses();
    if (!order) throw orderNotFound();
    throw new AppError(
      "forbidden",
      "That access token is not this order's. Use the link from your confirmation e-mail.",
    );
  }
  if (known) {
    if (known.missesOver) throw tooManyMisses();
    return "public";
  }
  const bucket = await db.rateLimit.findUnique({ where: { key } });
  if (bucket && bucket.resetAt > now && bucket.count > limit) throw tooManyMisses();
  return "public";
}

/** The counter a caller's misses go to, and how many it may have in a window. */
export function missBucket(caller: OrderCaller): { key: string; limit: number } {
  return {
    key: `orders:miss:${caller.client}`,
    limit: caller.client === DIRECT_CLIENT ? ORDER_MISS_LIMIT.shared : ORDER_MISS_LIMIT.perAddress,
  };
}

/**
 * For what only the buyer may do (renaming attendees): the caller must hold the order's token. Without
 * one the answer is 401 before any lookup, so it tells nothing about the reference; with one, a wrong
 * reference is 404 and a wrong token 403, both counted as misses. Returns the token that proved it.
 */
export async function requireOrderOwner(
  db: Db,
  reference: string,
  caller: OrderCaller,
  now = new Date(),
): Promise<string> {
  const ref = normalizeReference(reference);
  const token = caller.bearer ?? caller.remembered.get(ref);
  if (!token) {
    throw new AppError(
      "unauthorized",
      "Only the buyer can change this order: open it from the link in your confirmation e-mail.",
    );
  }
  const order = isOrderReference(ref)
    ? await db.order.findUnique({ where: { reference: ref }, select: { reference: true, accessToken: true } })
    : null;
  await admitToOrder(db, order, { ...caller, bearer: token }, now);
  return token;
}

export const orderNotFound = () => notFound("order_not_found", "There is no order with that reference.");

function tooManyMisses(): AppError {
  return new AppError(
    "rate_limited",
    "Too many order lookups that found nothing. Check the reference in your confirmation e-mail or SMS, and try again in a few minutes.",
    undefined,
    { retryAfterSeconds: ORDER_MISS_WINDOW_MS / 1000 },
  );
}
