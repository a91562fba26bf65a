import type { Db } from "../db/client";
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
      void db.gatewayCall
        .create({
          data: {
            gateway: call.gateway,
            operation: call.operation,
            method: call.method,
            url: call.url,
            paymentId: call.paymentId ?? null,
            httpStatus: call.httpStatus ?? null,
            resultCode: call.resultCode ?? null,
            ok: call.ok,
            durationMs: call.durationMs,
            request: call.request ?? null,
            response: call.response ?? null,
            error: call.error ?? null,
          },
        })
        .catch((err) =>
          console.error(JSON.stringify({ level: "warn", msg: "gateway call log write failed", err: String(err) })),
        );
    },
  };
}
