import type { NotificationRequest } from "../payments/types";

/**
 * The caller's address as the proxy in front of the app reports it. Only meaningful behind a proxy
 * that sets these headers (the IP allow-list setting documents this).
 */
export function sourceIp(headers: Headers): string | undefined {
  return headers.get("x-real-ip")?.trim() || headers.get("x-forwarded-for")?.split(",")[0]?.trim() || undefined;
}

/** Real notifications are a few kilobytes; anything far larger is not worth reading. */
const MAX_NOTIFICATION_BYTES = 256 * 1024;

export async function toNotificationRequest(req: Request, kind?: string): Promise<NotificationRequest> {
  const url = new URL(req.url);
  const declared = Number(req.headers.get("content-length") ?? 0);
  const rawBody = declared > MAX_NOTIFICATION_BYTES ? "" : (await req.text()).slice(0, MAX_NOTIFICATION_BYTES);
  return { kind, method: req.method, headers: req.headers, rawBody, query: url.searchParams, sourceIp: sourceIp(req.headers) };
}
