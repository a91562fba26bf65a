/**
 * A refund request whose answer never arrived whole may still have been carried out: no reply in time, a
 * dropped connection, an error page that is not the gateway's own (a proxy's 502/504), or a success reply
 * cut short or unreadable. Failing such a refund would invite a second one of money already on its way
 * back, so it is left `pending` for the gateway's result, a safe second asking or a person to settle (see
 * refunds.ts). A lost answer to a call made before the refund (a token, a status check) is not one: the
 * refund itself was never sent, so that error is thrown as it is and the refund fails.
 */
import { GatewayError, type RefundResult } from "../types";

export function answerLost(err: unknown, operation: string): boolean {
  return (
    err instanceof GatewayError &&
    err.details.operation === operation &&
    (err.code === "timeout" ||
      // The gateway's own error replies carry its code and are real refusals; without one, its answer (if any)
      // never reached us.
      (err.code === "unavailable" && err.details.gatewayCode === undefined) ||
      (err.code === "malformed_response" && (err.details.httpStatus ?? 0) < 300))
  );
}

/** `operation`: the gatewayFetch operation that sends the refund itself. */
export async function pendingIfAnswerLost(operation: string, request: Promise<RefundResult>): Promise<RefundResult> {
  try {
    return await request;
  } catch (err) {
    if (answerLost(err, operation)) return { status: "pending" };
    throw err;
  }
}
