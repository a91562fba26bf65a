import type { NotificationRequest } from "../payments/types";

/**
 * The caller's address as the proxy in front of the app reports it. Only meaningful behind a proxy
 * that sets these headers (the IP allow-list setting documents this).
 */
export function sourceIp(headers: Headers): string | undefined {
  return headers.get("x-real-ip")?.trim() || headers.get("x-forwarded-for")?.split(",")[0]?.trim() || undefined;
}

export async function toNotificationRequest(req: Request, kind?: string): Promise<NotificationRequest> {
  const url = new URL(req.url);
  return { kind, method: req.method, headers: req.headers, rawBody: await req.text(), query: url.searchParams, sourceIp: sourceIp(req.headers) };
}
