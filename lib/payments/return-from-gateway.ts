import "server-only";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { applyPaymentResult } from "./apply-result";
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
  const { gateway } = gatewayIfConfigured(gatewayId, env) ?? {};
  if (!gateway) return "/";
  // Only a hosted page sends a buyer back; for the others this URL would only be a way to make Lango ask.
  if (gateway.flow !== "redirect") return "/";
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
  const synced = await syncPayment(db, payment.id, env, {
    hint: { transactionId: fromGateway.transactionId },
    revisitGivenUp: true,
    anonymous: true,
  }).catch((err) => {
    console.error(
      JSON.stringify({ level: "error", msg: "return status query failed", paymentId: payment.id, err: String(err) }),
    );
    return null;
  });
  // The buyer pressed cancel and the gateway, asked just now, has nothing paid: the attempt ends as
  // cancelled (like a prompt declined on the phone) instead of waiting out the page's session. Should they
  // still pay on that page later, applyPaymentResult takes the success as money that arrived. Anything but
  // that answer (the gateway unreachable, or a return naming another transaction) cancels nothing: anyone
  // can open this URL.
  if (synced && !synced.changed && synced.reason === "still_pending" && fromGateway.cancelledByBuyer) {
    await applyPaymentResult(db, payment.id, {
      status: "cancelled",
      failure: {
        gatewayCode: "cancelled_on_page",
        message: `You cancelled on ${gateway.displayName}'s page. Nothing was taken; you can pay again.`,
      },
    });
  }
  return `/orders/${payment.order.reference}?payment=${payment.id}`;
}

/** A gateway with no credentials here (live mode without its keys) has no payments to come back from. */
function gatewayIfConfigured(id: string, env: PaymentsEnv) {
  try {
    return gatewayById(id, env);
  } catch (err) {
    if (err instanceof AppError && err.code === "gateway_not_configured") return null;
    throw err;
  }
}
