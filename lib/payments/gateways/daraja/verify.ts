/**
 * Daraja signs nothing (gateways.md §1 "Authenticating callbacks"), so a callback is authenticated by the
 * secret token we put in its URL and, optionally, by Safaricom's source IPs. Either way the payment is then
 * confirmed with an STK query before anything changes.
 */
import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Constant-time string comparison. Hashing first gives equal-length buffers, so neither the content nor the
 * length of the secret leaks through timing.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** `::ffff:196.201.214.200` (IPv4 seen through an IPv6 socket) → `196.201.214.200`. */
export function normalizeIp(ip: string | undefined): string | undefined {
  const trimmed = ip?.trim();
  if (!trimmed) return undefined;
  return trimmed.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
}

export function checkCallbackSource(
  query: URLSearchParams,
  sourceIp: string | undefined,
  config: { callbackToken: string; allowedIps: readonly string[] },
): { ok: true } | { ok: false; reason: string } {
  const token = query.get("token");
  if (!token) return { ok: false, reason: "callback token missing" };
  if (!constantTimeEqual(token, config.callbackToken)) return { ok: false, reason: "callback token mismatch" };
  if (config.allowedIps.length > 0) {
    const ip = normalizeIp(sourceIp);
    const allowed = config.allowedIps.map(normalizeIp);
    if (!ip || !allowed.includes(ip)) return { ok: false, reason: `source IP ${ip ?? "unknown"} not allowed` };
  }
  return { ok: true };
}
