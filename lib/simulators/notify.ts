/**
 * Gateway → app notifications (Daraja callbacks and results, DPO pushes, later MoMo/Airtel callbacks).
 * Real gateways fire and forget, so sending never blocks the request that caused it and a failed delivery
 * is logged, not thrown. The gateway's fault setting decides whether it is dropped, repeated or late.
 */
import { randomId } from "./ids";
import { logWarn } from "./http";
import {
  getFault,
  recordNotification,
  schedule,
  settings,
  type DeliveryAttempt,
  type NotificationRecord,
  type SimGateway,
} from "./store";

export interface NotificationInput {
  gateway: SimGateway;
  kind: string;
  url: string;
  body: string;
  contentType: string;
  /** Extra request headers the gateway sends (Flutterwave's `verif-hash`). */
  headers?: Record<string, string>;
}

const DELIVERY_TIMEOUT_MS = 15_000;

/**
 * Whether a simulator may send something to `value` (a notification, a result, a validation request, or the
 * payer's browser after a hosted page): only the app's own origin or this machine. The simulators run inside
 * the app, also under `next start`, so any other URL taken from a caller would make the server post wherever
 * that caller likes. Host names are compared, never resolved: a name that points at 127.0.0.1 today can
 * point elsewhere at delivery time, so only the literal loopback forms and `localhost` count.
 */
export function isDeliverableUrl(value: string | URL, appUrl: string): boolean {
  let url: URL;
  try {
    url = typeof value === "string" ? new URL(value) : value;
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  if (isLoopbackHost(url.hostname)) return true;
  try {
    return url.origin === new URL(appUrl).origin;
  } catch {
    return false;
  }
}

/** The URL parser has already normalised the host (lower case, `127.1` → `127.0.0.1`, `[0:0::1]` → `[::1]`). */
function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
const DUPLICATES = 3;

export function sendNotification(input: NotificationInput): NotificationRecord {
  const fault = getFault(input.gateway);
  const record: NotificationRecord = {
    id: randomId("nt_"),
    ...input,
    createdAt: new Date().toISOString(),
    fault,
    deliveries: [],
  };
  recordNotification(record);

  switch (fault) {
    case "drop_callbacks":
      break;
    case "duplicate_callbacks":
      // Concurrent on purpose: the app's dedupe must hold when copies race, not only when they queue.
      for (let i = 0; i < DUPLICATES; i++) void deliver(record);
      break;
    case "delay_callbacks":
      schedule(() => void deliver(record), settings().callbackDelayMs);
      break;
    default:
      void deliver(record);
  }
  return record;
}

/** Convenience for JSON notifications (every gateway but DPO). */
export function sendJsonNotification(input: Omit<NotificationInput, "body" | "contentType"> & { payload: unknown }) {
  return sendNotification({
    gateway: input.gateway,
    kind: input.kind,
    url: input.url,
    body: JSON.stringify(input.payload),
    contentType: "application/json",
  });
}

async function deliver(record: NotificationRecord): Promise<void> {
  const attempt: DeliveryAttempt = { at: new Date().toISOString() };
  record.deliveries.push(attempt);
  try {
    const res = await fetch(record.url, {
      method: "POST",
      headers: {
        ...record.headers,
        "content-type": record.contentType,
        "user-agent": `lango-simulator/${record.gateway}`,
      },
      body: record.body,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    attempt.status = res.status;
    attempt.responseBody = (await res.text()).slice(0, 2000);
    if (res.status >= 400) {
      logWarn("simulator notification refused", {
        gateway: record.gateway,
        kind: record.kind,
        url: record.url,
        status: res.status,
      });
    }
  } catch (err) {
    attempt.error = String(err);
    logWarn("simulator notification not delivered", {
      gateway: record.gateway,
      kind: record.kind,
      url: record.url,
      err: String(err),
    });
  }
}
