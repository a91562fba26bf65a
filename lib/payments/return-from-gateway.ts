import "server-only";
import type { Db } from "../db/client";
import { isPaymentId } from "./payment-view";
import { gatewayById, isGatewayId, type PaymentsEnv } from "./registry";
import { syncPayment } from "./sync-payment";

/**
 * The buyer is back from a hosted payment page. The query string only says which payment to look at;
 * its status comes from the gateway. Returns where to send the buyer.
 */
export async function returnFromGateway(
  db: Db,
  gatewayId: string,
  query: URLSearchParams,
  env: PaymentsEnv,
): Promise<string> {
  if (!isGatewayId(gatewayId)) return "/";
  const { gateway } = gatewayById(gatewayId, env);
  const fromGateway = gateway.parseReturn?.(query) ?? {};
  const paymentId = query.get("payment") ?? fromGateway.paymentId;
  // The query string is the buyer's browser's (or anyone's): only a well-formed id is looked up.
  const payment =
    paymentId && isPaymentId(paymentId)
      ? await db.payment.findFirst({
          where: { id: paymentId, gateway: gatewayId },
          include: { order: { select: { reference: true } } },
        })
      : null;
  if (!payment) return "/";
  // The gateway's reference in the return must be this payment's, or it is someone else's return.
  if (
    fromGateway.gatewayReference &&
    payment.gatewayReference &&
    fromGateway.gatewayReference !== payment.gatewayReference
  ) {
    return `/orders/${payment.order.reference}`;
  }
  await syncPayment(db, payment.id, env, {
    hint: { transactionId: fromGateway.transactionId },
    revisitGivenUp: true,
  }).catch((err) =>
    console.error(
      JSON.stringify({ level: "error", msg: "return status query failed", paymentId: payment.id, err: String(err) }),
    ),
  );
  return `/orders/${payment.order.reference}?payment=${payment.id}`;
}
