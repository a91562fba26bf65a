import type { NotificationRequest } from "../payments/types";
import { readBodyText } from "./body";
import { clientIp } from "./client-ip";

/**
 * The caller's address as the trusted proxy in front of the app reports it (TRUST_PROXY), else
 * undefined: a gateway's IP allow-list needs TRUST_PROXY set behind a proxy, and refuses otherwise.
 */
export function sourceIp(headers: Headers, env: Record<string, string | undefined> = process.env): string | undefined {
  return clientIp(headers, env);
}

/**
 * Every gateway's notification (Daraja's and Flutterwave's JSON, DPO's XML, MTN's and Airtel's JSON,
 * Ksher's JSON sent as text/plain) is a few kilobytes, so one limit serves them all with room to spare.
 */
export const MAX_NOTIFICATION_BYTES = 64 * 1024;

/** The notification as the gateway adapters read it; a body over the limit is a BodyTooLargeError (413). */
export async function toNotificationRequest(req: Request, kind?: string): Promise<NotificationRequest> {
  const url = new URL(req.url);
  const rawBody = await readBodyText(req, MAX_NOTIFICATION_BYTES);
  return {
    kind,
    method: req.method,
    headers: req.headers,
    rawBody,
    query: url.searchParams,
    sourceIp: sourceIp(req.headers),
  };
}
