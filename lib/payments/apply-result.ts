import "server-only";
import type { Db } from "../db/client";
import { gatewayRefunds } from "./registry";
import { formatMoney } from "../money";
import { tellBuyerPaymentSettledInTx } from "../orders/payment-notices";
import { settleOrderPaid, type SettleOutcome } from "../orders/settle";
import type { PaymentFailure, PaymentStatus } from "./types";

export interface ConfirmedResult {
  status: PaymentStatus;
  /** Amount the gateway confirms was paid; must match the payment's amount and currency. */
  paid?: { amountMinor: number; currency: string };
  receipt?: string;
  failure?: PaymentFailure;
}

export type ApplyOutcome =
  | { changed: false; reason: "still_pending" | "already_final" }
  | { changed: true; status: PaymentStatus; settle?: SettleOutcome };

const DUPLICATE_RECEIPT: PaymentFailure = {
  gatewayCode: "duplicate_receipt",
  message: "This payment was already counted under the same receipt; nothing more is due.",
};

const AMOUNT_MISMATCH: PaymentFailure = {
  gatewayCode: "amount_mismatch",
  message: "The amount paid did not match the order. We have not confirmed it; the organiser will contact you.",
};

/** Attempts we stopped waiting for: a gateway-confirmed success can still move them (see below). */
const GIVEN_UP = ["failed", "expired", "cancelled"] as const;

/**
 * The one place a payment's state changes. It only ever moves a payment out of `pending` (a
 * conditional update, so a repeated or concurrent confirmation changes nothing), checks the amount and
 * currency against the payment, and settles the order in the same transaction.
 *
 * One exception to "only out of pending": a success the gateway confirms for an attempt we had already
 * given up on (expired, failed, cancelled: a prompt approved after we stopped waiting, a hosted page paid
 * after we cancelled it) is money that really arrived. It is recorded, and the order takes it as a late
 * payment — sold while capacity remains, otherwise refunded automatically — rather than losing it.
 */
export async function applyPaymentResult(
  db: Db,
  paymentId: string,
  result: ConfirmedResult,
  now = new Date(),
): Promise<ApplyOutcome> {
  if (result.status === "pending") return { changed: false, reason: "still_pending" };

  return db.$transaction(
    async (tx) => {
      const payment = await tx.payment.findUniqueOrThrow({
        where: { id: paymentId },
        include: {
          order: {
            select: {
              id: true,
              reference: true,
              buyerEmail: true,
              buyerName: true,
              totalMinor: true,
              currency: true,
              event: { select: { name: true } },
            },
          },
        },
      });
      const movable = result.status === "succeeded" ? ["pending", ...GIVEN_UP] : ["pending"];
      // A copy of money already counted under another payment is final for good: no later success of its
      // own may count it again.
      if (!movable.includes(payment.status) || payment.failureCode === DUPLICATE_RECEIPT.gatewayCode)
        return { changed: false as const, reason: "already_final" as const };

      let status = result.status;
      let failure = result.failure;
      if (status === "succeeded") {
        const paid = result.paid ?? { amountMinor: payment.amountMinor, currency: payment.currency };
        const matches =
          paid.currency === payment.currency &&
          paid.amountMinor === payment.amountMinor &&
          payment.amountMinor === payment.order.totalMinor &&
          payment.currency === payment.order.currency;
        if (!matches) {
          status = "failed";
          failure = {
            ...AMOUNT_MISMATCH,
            message: `${AMOUNT_MISMATCH.message} (paid ${formatMoney(paid.amountMinor, paid.currency)}, due ${formatMoney(payment.amountMinor, payment.currency)})`,
          };
        }
      }

      // A receipt is unique per gateway, and names one movement of money.
      let receipt = status === "succeeded" ? (result.receipt ?? null) : null;
      // Two payments settling with one receipt at the same moment (a forged copy naming another payment's
      // receipt, an STK callback racing its paybill twin) take turns here, so the second sees the first's
      // receipt below instead of both writing it and one failing on the unique key.
      if (receipt)
        await tx.$queryRaw`SELECT 1 AS "locked" FROM pg_advisory_xact_lock(hashtext(${`receipt:${payment.gateway}:${receipt}`}))`;
      const sameReceipt = receipt
        ? await tx.payment.findFirst({
            where: { gateway: payment.gateway, gatewayReceipt: receipt, NOT: { id: paymentId } },
            select: { id: true, orderId: true },
          })
        : null;
      if (sameReceipt && sameReceipt.orderId === payment.orderId) {
        // The same money told twice for this order (an STK payment's receipt also arrives as a paybill
        // confirmation): it already counted once, so this attempt must not count, nor be "refunded".
        status = "cancelled";
        failure = DUPLICATE_RECEIPT;
        receipt = null;
      } else if (sameReceipt) {
        // Another order's receipt: gateways whose status answer has none (Daraja's STK query) take it from
        // the notification, which a forger holding the URL secret could fill in. The status query confirmed
        // this payment, so it is settled, just without that receipt.
        console.warn(
          JSON.stringify({
            level: "warn",
            msg: "receipt already used by another order's payment: not stored",
            paymentId,
            gateway: payment.gateway,
          }),
        );
        receipt = null;
      }

      const moved = await tx.payment.updateMany({
        where: {
          id: paymentId,
          status: { in: status === "succeeded" ? ["pending", ...GIVEN_UP] : ["pending"] },
          OR: [{ failureCode: null }, { failureCode: { not: DUPLICATE_RECEIPT.gatewayCode } }],
        },
        data: {
          status,
          finalizedAt: now,
          ...(status === "succeeded" && {
            succeededAt: now,
            gatewayReceipt: receipt,
            failureCode: null,
            failureReason: null,
          }),
          ...(failure && { failureCode: failure.gatewayCode, failureReason: failure.message }),
        },
      });
      if (moved.count === 0) return { changed: false as const, reason: "already_final" as const };
      if (status !== "succeeded") return { changed: true as const, status };

      const settle = await settleOrderPaid(tx, payment.orderId, now);
      // Remembered so a later refund knows whether this money paid the order or must simply go back.
      await tx.payment.update({ where: { id: paymentId }, data: { settlement: settle } });
      await tellBuyerPaymentSettledInTx(tx, payment.id, settle, gatewayRefunds(payment.gateway));
      return { changed: true as const, status, settle };
    },
    { timeout: 20_000, maxWait: 30_000 },
  );
}
