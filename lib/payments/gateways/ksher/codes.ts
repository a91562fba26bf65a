/**
 * What Ksher's `data.result` words mean for a payment (gateways.md §6; the value range of
 * gateway_order_query on api.ksher.net) and what the buyer reads. `code` at the top level only says the
 * API call itself worked; the business answer is always `data.result`.
 */
import type { PaymentFailure, PaymentStatus } from "../../types";

const AGAIN = "You can try again, or choose another way to pay.";

interface Outcome {
  status: PaymentStatus;
  message?: string;
}

export const ORDER_RESULTS: Readonly<Record<string, Outcome>> = {
  SUCCESS: { status: "succeeded" },
  // Still open on Ksher's page, or paid in a wallet that has not told Ksher yet.
  NOTPAY: { status: "pending" },
  USERPAYING: { status: "pending" },
  PENDING: { status: "pending" },
  NOTSURE: { status: "pending" },
  PAYERROR: { status: "failed", message: `Your payment did not go through. ${AGAIN}` },
  // Closed at its expire_time, or by cancel_order once our hold on the tickets was gone.
  CLOSED: { status: "expired", message: "The time to pay ran out before the payment was made. You can try again." },
  // Paid, then refunded at Ksher before it ever paid this order.
  REFUND: { status: "failed", message: `Ksher refunded this payment, so it did not pay for the order. ${AGAIN}` },
};

/**
 * An unknown word, or FAIL (the *query* failed: Ksher does not know the order yet, say), is pending, not
 * failed: a word we do not know must never fail a payment that may have taken money, and an attempt that
 * stays pending is expired by the payment service once its window has long passed.
 */
export function orderVerdict(result: string | undefined): { status: PaymentStatus; failure?: PaymentFailure } {
  const known = result ? ORDER_RESULTS[result] : undefined;
  if (!known) return { status: "pending" };
  return known.message
    ? { status: known.status, failure: { gatewayCode: result!, message: known.message } }
    : { status: known.status };
}

/** Shown when gateway_pay is refused: nothing the buyer did, so the same words whatever Ksher said. */
export const CANNOT_START = `We couldn't start the Ksher payment. ${AGAIN}`;
