import { isIP } from "node:net";

/**
 * How many reverse proxies in front of the app append to X-Forwarded-For (TRUST_PROXY): unset, empty,
 * "0" or "false" → none; "true" or "1" → one; a number → that many (a CDN in front of a load balancer is 2).
 */
export function trustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  const value = env.TRUST_PROXY?.trim().toLowerCase();
  if (!value || value === "false" || value === "0") return 0;
  if (value === "true") return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10)
    throw new Error(
      `Invalid configuration: TRUST_PROXY must be unset, true, or the number of proxies (got "${env.TRUST_PROXY}").`,
    );
  return n;
}

/** `::ffff:196.201.214.200` (IPv4 seen through an IPv6 socket) → `196.201.214.200`; anything not an address → undefined. */
function normalizeAddress(value: string | undefined): string | undefined {
  const trimmed = value
    ?.trim()
    .toLowerCase()
    .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
  return trimmed && isIP(trimmed) ? trimmed : undefined;
}

/** The one caller every request without a known address counts as, for limits that may be shared. */
export const DIRECT_CLIENT = "direct";

/**
 * The client's address, or undefined when it cannot be known. Headers are written by whoever sends the
 * request, so they are believed only as far as TRUST_PROXY says: each trusted proxy appends the address
 * it was connected from to X-Forwarded-For, so the client is the entry that many places from the right,
 * and everything to its left is whatever the client chose to send. X-Real-IP is never read (a proxy that
 * does not set it passes the client's own through). Without TRUST_PROXY nothing in the headers counts,
 * and a Next route handler has no socket address to fall back on. A caller then either skips its
 * per-address limit or counts every such request as the one caller "direct"; never one per request.
 */
export function clientIp(headers: Headers, env: Record<string, string | undefined> = process.env): string | undefined {
  const hops = trustedProxyHops(env);
  if (hops === 0) return undefined;
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return normalizeAddress(chain[chain.length - hops]);
}

/**
 * Who a client counts as for a limit: its address, but an IPv6 client by its /64, which one household or
 * server is routinely given whole, so rotating addresses inside it buys nothing. Only limits use this; an
 * allow-list (Daraja's callback IPs) needs the exact address (clientIp).
 */
export function addressBucket(ip: string): string {
  if (!ip.includes(":")) return ip;
  const [head, tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g || "0", 16).toString(16))
    .join(":")}::/64`;
}

/** The client's limit bucket (addressBucket of clientIp), or undefined when its address cannot be known. */
export function clientBucket(
  headers: Headers,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const ip = clientIp(headers, env);
  return ip ? addressBucket(ip) : undefined;
}
