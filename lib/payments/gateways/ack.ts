/** The replies adapters give a gateway's notification (NotificationAck), in the two forms gateways read. */
import type { AckOutcome, NotificationAck } from "../types";

export const jsonAck = (status: number, body: unknown): NotificationAck => ({
  status,
  contentType: "application/json",
  body: JSON.stringify(body),
});

/** Gateways that only look at the status (and DPO, which wants the body `OK`). */
export const plainAck = (outcome: AckOutcome): NotificationAck =>
  outcome === "rejected"
    ? { status: 403, contentType: "text/plain; charset=utf-8", body: "Forbidden" }
    : { status: 200, contentType: "text/plain; charset=utf-8", body: "OK" };
