import type { DbTx } from "../db/client";
import { queueLatePaymentRefundInTx, queueRefundNoticeInTx } from "../email/notices";
import type { SettleOutcome } from "./settle";

/*
 * What the buyer is told when money moves. The payments core only reports what became of a payment or a
 * refund; turning that into an e-mail is fulfilment, which belongs to the order side (the import zones in
 * eslint.config.mjs keep lib/email out of lib/payments).
 */

/**
 * A successful payment was settled against its order: money that could not buy anything (the stock went,
 * or the organiser cancelled) goes back, and the buyer hears why. `automatic` says whether the gateway
 * refunds it by itself or the organiser pays it back.
 */
export async function tellBuyerPaymentSettledInTx(
  tx: DbTx,
  paymentId: string,
  settle: SettleOutcome,
  automatic: boolean,
): Promise<void> {
  if (settle === "no_capacity" || settle === "order_cancelled")
    await queueLatePaymentRefundInTx(tx, paymentId, settle, automatic);
}

/** A refund went through; `ticketsRevoked` says whether it cancelled the order's tickets. */
export async function tellBuyerRefundedInTx(tx: DbTx, refundId: string, ticketsRevoked: boolean): Promise<void> {
  await queueRefundNoticeInTx(tx, refundId, ticketsRevoked);
}
