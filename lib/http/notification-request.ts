import type { NotificationRequest } from "../payments/types";
import { clientIp } from "./client-ip";

/**
 * The caller's address as the trusted proxy in front of the app reports it (TRUST_PROXY), else
 * undefined: a gateway's IP allow-list needs TRUST_PROXY set behind a proxy, and refuses otherwise.
 */
export function sourceIp(headers: Headers, env: Record<string, string | undefined> = process.env): string | undefined {
  return clientIp(headers, env);
}

/** Real notifications are a few kilobytes; anything far larger is not worth reading. */
const MAX_NOTIFICATION_BYTES = 256 * 1024;

export async function toNotificationRequest(req: Request, kind?: string): Promise<NotificationRequest> {
  const url = new URL(req.url);
  const declared = Number(req.headers.get("content-length") ?? 0);
  const rawBody = declared > MAX_NOTIFICATION_BYTES ? "" : (await req.text()).slice(0, MAX_NOTIFICATION_BYTES);
  return { kind, method: req.method, headers: req.headers, rawBody, query: url.searchParams, sourceIp: sourceIp(req.headers) };
}
