/**
 * What Daraja's codes mean for a payment, and what the buyer is told. Sources: the official STK ResultCode
 * table in gateways.md §1; codes marked [?] there are mapped conservatively (never to `succeeded`).
 */
import { GatewayError, type PaymentFailure, type PaymentStatus } from "../../types";

interface Outcome {
  status: PaymentStatus;
  message?: string;
}

const TRY_AGAIN_OR_OTHER = "Try again, or choose another way to pay.";

export const STK_RESULT_CODES: Readonly<Record<string, Outcome>> = {
  "0": { status: "succeeded" },
  "1": { status: "failed", message: "Your M-Pesa balance is too low for this payment. Top up, then try again." },
  "2": { status: "failed", message: "The amount is below the M-Pesa minimum for a payment." },
  "3": { status: "failed", message: `The amount is above the M-Pesa maximum for one payment. ${TRY_AGAIN_OR_OTHER}` },
  "4": {
    status: "failed",
    message:
      "This payment would take you over your daily M-Pesa limit. Try again tomorrow, or choose another way to pay.",
  },
  "8": {
    status: "failed",
    message: `This payment would go over an M-Pesa account balance limit. ${TRY_AGAIN_OR_OTHER}`,
  },
  "17": { status: "failed", message: "You paid the same amount moments ago. Wait two minutes, then try again." },
  "1001": {
    status: "failed",
    message: "Another M-Pesa transaction is in progress on your phone. Wait a minute, then try again.",
  },
  "1019": { status: "expired", message: "The M-Pesa prompt expired before it was answered. Try again." },
  "1025": { status: "failed", message: "M-Pesa could not send the prompt to your phone. Try again." },
  // 1031 appears as a cancel in an older sample [?]; treated like 1032 because both mean "not paid by choice".
  "1031": { status: "cancelled", message: "You cancelled the M-Pesa prompt." },
  "1032": { status: "cancelled", message: "You cancelled the M-Pesa prompt." },
  "1037": {
    status: "failed",
    message: "We couldn't reach your phone. Make sure it is on and has signal, then try again.",
  },
  "2001": { status: "failed", message: "The M-Pesa PIN entered was wrong. Try again." },
  "2028": { status: "failed", message: `M-Pesa would not take this payment for our account. ${TRY_AGAIN_OR_OTHER}` },
  "8006": { status: "failed", message: "Your M-Pesa PIN is locked. Unlock it with Safaricom, then try again." },
  SFC_IC0003: { status: "failed", message: `M-Pesa could not process this payment. ${TRY_AGAIN_OR_OTHER}` },
};

/** Status and buyer message for an STK ResultCode (callback number or query string). Unknown → failed. */
export function stkOutcome(code: string, desc?: string): { status: PaymentStatus; failure?: PaymentFailure } {
  const known = STK_RESULT_CODES[code];
  if (known?.status === "succeeded") return { status: "succeeded" };
  if (known) return { status: known.status, failure: { gatewayCode: code, message: known.message ?? desc ?? code } };
  return {
    status: "failed",
    failure: {
      gatewayCode: code,
      message: `M-Pesa did not complete the payment (code ${code}). ${TRY_AGAIN_OR_OTHER}`,
    },
  };
}

export const INVALID_TOKEN_CODES = new Set(["404.001.03", "400.003.01"]);

/** The error envelope every Daraja API uses for synchronous errors. */
export interface DarajaErrorEnvelope {
  requestId?: string;
  errorCode: string;
  errorMessage: string;
}

/**
 * A synchronous refusal that is the buyer's business (a busy phone, a bad number) becomes a failed payment
 * with a message; everything else (our credentials, our bug, Safaricom's load) is a GatewayError.
 */
export function classifySyncError(
  err: DarajaErrorEnvelope,
  httpStatus: number,
): { kind: "buyer"; failure: PaymentFailure } | { kind: "error"; error: GatewayError } {
  const msg = err.errorMessage.toLowerCase();
  const code = err.errorCode;
  const details = { gatewayCode: code, httpStatus };
  const buyer = (message: string) => ({ kind: "buyer" as const, failure: { gatewayCode: code, message } });
  const error = (kind: GatewayError["code"], retryable = false) => ({
    kind: "error" as const,
    error: new GatewayError("daraja", kind, `${code}: ${err.errorMessage}`, { ...details, retryable }),
  });

  if (code === "500.001.1001") {
    if (msg.includes("unable to lock subscriber")) {
      return buyer("You have another M-Pesa prompt open. Finish or cancel it, then try again.");
    }
    if (msg.includes("wrong credentials")) return error("auth_failed");
    return error("rejected"); // "Merchant does not exist": our configuration
  }
  if (code.startsWith("400.002.02")) {
    if (/invalid (phonenumber|partya|phone number)/.test(msg)) {
      return buyer("M-Pesa did not accept this phone number. Use a Safaricom number such as 0712 345 678.");
    }
    if (msg.includes("invalid amount")) {
      return buyer(`M-Pesa did not accept this amount in one payment. ${TRY_AGAIN_OR_OTHER}`);
    }
    return error("rejected");
  }
  if (code === "500.003.02" || code === "500.003.03") return error("rate_limited", true);
  if (INVALID_TOKEN_CODES.has(code) || code.startsWith("400.008")) return error("auth_failed");
  if (httpStatus >= 500) return error("unavailable", true);
  return error("rejected");
}

/** Refund (B2C / reversal) result codes that mean the money went back. */
export function refundResultSucceeded(code: string): boolean {
  // R000001 "already reversed": the money is back with the buyer, which is what the refund wanted.
  return code === "0" || code === "R000001";
}

export const REFUND_RESULT_MESSAGES: Readonly<Record<string, string>> = {
  "1": "Insufficient funds in the B2C account",
  "11": "The initiator is not allowed to perform this operation",
  "21": "The initiator is not allowed to initiate this request",
  "2001": "The initiator name or security credential is invalid",
  "2006": "The business account is not active",
  "2028": "The request is not permitted by the product assignment",
  "2040": "The receiver is not a registered M-Pesa customer",
  "8006": "The security credential is locked",
  R000002: "The original transaction ID is invalid",
  SFC_IC0003: "The operator does not exist",
};
