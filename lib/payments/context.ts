import type { Db } from "../db/client";
import { newRowId, sqlOf } from "../db/sql";
import type { GatewayCallRecord, GatewayContext } from "./types";

/**
 * The context adapters run in: real fetch, the clock, and a call log written to the database without
 * making the payment wait for it.
 */
export function gatewayContext<C>(db: Db, config: C, fetchImpl: typeof fetch = fetch): GatewayContext<C> {
  return {
    config,
    fetch: fetchImpl,
    now: () => new Date(),
    recordCall: (call: GatewayCallRecord) => {
      // On the driver: every payment start and status query writes one or two of these.
      void sqlOf(db)
        .query(
          `INSERT INTO "GatewayCall" ("id", "gateway", "operation", "method", "url", "paymentId", "httpStatus", "resultCode", "ok", "durationMs", "request", "response", "error", "createdAt")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14::timestamp)`,
          [
            newRowId(),
            call.gateway,
            call.operation,
            call.method,
            call.url,
            call.paymentId ?? null,
            call.httpStatus ?? null,
            call.resultCode ?? null,
            call.ok,
            call.durationMs,
            call.request ?? null,
            call.response ?? null,
            call.error ?? null,
            new Date().toISOString(),
          ],
        )
        .catch((err) =>
          console.error(JSON.stringify({ level: "warn", msg: "gateway call log write failed", err: String(err) })),
        );
    },
  };
}
