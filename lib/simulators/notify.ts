/**
 * Gateway → app notifications (Daraja callbacks and results, DPO pushes, later MoMo/Airtel callbacks).
 * Real gateways fire and forget, so sending never blocks the request that caused it and a failed delivery
 * is logged, not thrown. The gateway's fault setting decides whether it is dropped, repeated or late.
 */
import { randomId } from "./ids";
import { logWarn } from "./http";
import { getFault, recordNotification, schedule, settings, type DeliveryAttempt, type NotificationRecord, type SimGateway } from "./store";

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
      headers: { ...record.headers, "content-type": record.contentType, "user-agent": `lango-simulator/${record.gateway}` },
      body: record.body,
      redirect: "manual",
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    attempt.status = res.status;
    attempt.responseBody = (await res.text()).slice(0, 2000);
    if (res.status >= 400) {
      logWarn("simulator notification refused", { gateway: record.gateway, kind: record.kind, url: record.url, status: res.status });
    }
  } catch (err) {
    attempt.error = String(err);
    logWarn("simulator notification not delivered", { gateway: record.gateway, kind: record.kind, url: record.url, err: String(err) });
  }
}
