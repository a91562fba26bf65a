/**
 * What MTN's failure reasons mean for a payment and what the buyer is told (gateways.md §3, sparkplug's
 * `FailureReason` list and MTN's own notes). A reason is never mapped to `succeeded`; an unknown one fails
 * the payment with a message that keeps the code.
 */
import type { PaymentFailure, PaymentStatus } from "../../types";

interface ReasonOutcome {
  status: Exclude<PaymentStatus, "pending" | "succeeded" | "refunded">;
  message: string;
  /** The reason is about our MTN account or request, not the payer: worth an alert, not a buyer retry. */
  merchantSide?: boolean;
}

const OTHER_WAY = "Try again, or choose another way to pay.";
const NOT_FOR_US = `MTN MoMo cannot take this payment for the organiser right now. Choose another way to pay.`;

export const FAILURE_REASONS: Readonly<Record<string, ReasonOutcome>> = {
  APPROVAL_REJECTED: { status: "cancelled", message: "You declined the MTN MoMo payment on your phone." },
  TRANSACTION_CANCELED: { status: "cancelled", message: "The MTN MoMo payment was cancelled." },
  EXPIRED: { status: "expired", message: "The MTN MoMo request expired before it was approved. Try again." },
  // MTN: "usually means the payer did not approve within 5 minutes". Usually, not always: the buyer is not
  // told a length that may be wrong (a simulator or a market with another window).
  COULD_NOT_PERFORM_TRANSACTION: {
    status: "expired",
    message: "The MTN MoMo payment was not approved in time. Try again and approve it on your phone.",
  },
  // MTN: generic, "mostly means insufficient funds".
  INTERNAL_PROCESSING_ERROR: {
    status: "failed",
    message: `MTN MoMo could not complete the payment, most often because the balance is too low. Top up, then try again, or choose another way to pay.`,
  },
  NOT_ENOUGH_FUNDS: {
    status: "failed",
    message: "Your MTN MoMo balance is too low for this payment. Top up, then try again.",
  },
  PAYER_LIMIT_REACHED: { status: "failed", message: `This payment would go over your MTN MoMo limit. ${OTHER_WAY}` },
  PAYER_NOT_FOUND: {
    status: "failed",
    message: "This number has no MTN MoMo account. Check the number, or choose another way to pay.",
  },
  PAYMENT_NOT_APPROVED: { status: "failed", message: `The MTN MoMo payment was not approved. ${OTHER_WAY}` },
  SERVICE_UNAVAILABLE: { status: "failed", message: `MTN MoMo is not available right now. ${OTHER_WAY}` },
  PAYEE_NOT_FOUND: { status: "failed", message: NOT_FOR_US, merchantSide: true },
  PAYEE_NOT_ALLOWED_TO_RECEIVE: { status: "failed", message: NOT_FOR_US, merchantSide: true },
  NOT_ALLOWED: { status: "failed", message: NOT_FOR_US, merchantSide: true },
  NOT_ALLOWED_TARGET_ENVIRONMENT: { status: "failed", message: NOT_FOR_US, merchantSide: true },
  INVALID_CALLBACK_URL_HOST: { status: "failed", message: NOT_FOR_US, merchantSide: true },
  INVALID_CURRENCY: { status: "failed", message: NOT_FOR_US, merchantSide: true },
  RESOURCE_NOT_FOUND: {
    status: "failed",
    message: "The payment request never reached MTN MoMo, so nothing was taken. Try again.",
  },
  RESOURCE_ALREADY_EXIST: {
    status: "failed",
    message: `MTN MoMo refused a repeated request. ${OTHER_WAY}`,
    merchantSide: true,
  },
};

/** Status and buyer message for a FAILED transaction's reason (absent reason: a plain failure). */
export function failureOutcome(reason: string | undefined): {
  status: ReasonOutcome["status"];
  failure: PaymentFailure;
} {
  const code = reason?.trim() || "FAILED";
  const known = FAILURE_REASONS[code];
  if (known) return { status: known.status, failure: { gatewayCode: code, message: known.message } };
  return {
    status: "failed",
    failure: { gatewayCode: code, message: `MTN MoMo did not complete the payment (${code}). ${OTHER_WAY}` },
  };
}

export function isMerchantSide(code: string): boolean {
  return FAILURE_REASONS[code]?.merchantSide === true;
}
