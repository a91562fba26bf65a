/**
 * What Airtel's codes mean for a payment (gateways.md §4): the transaction status of the enquiry and the
 * callback (TS/TF/TA/TIP), and the collection response codes `DP00800001xxx`. The buyer reads `message`;
 * the code itself is kept for the admin. An unknown code never makes a payment succeed.
 */
import { GatewayError, type PaymentFailure, type PaymentStatus } from "../../types";

const OTHER_WAY = "Try again, or choose another way to pay.";

interface Outcome {
  status: PaymentStatus;
  /** Shown to the buyer; absent for success and for "still going". */
  message?: string;
  meaning: string;
}

/** `status.response_code` of collections; each is `DP00800001` + the three digits here. */
export const RESPONSE_CODES: Readonly<Record<string, Outcome>> = {
  DP00800001000: { status: "pending", meaning: "Ambiguous" },
  DP00800001001: { status: "succeeded", meaning: "Success" },
  DP00800001002: {
    status: "failed",
    meaning: "Incorrect Pin",
    message: "The Airtel Money PIN was wrong. Try again and enter your PIN carefully.",
  },
  DP00800001003: {
    status: "failed",
    meaning: "Exceeds withdrawal limit",
    message: `This payment is above your Airtel Money limit. ${OTHER_WAY}`,
  },
  DP00800001004: {
    status: "failed",
    meaning: "Invalid Amount",
    message: `Airtel Money cannot take this amount in one payment. Choose another way to pay.`,
  },
  DP00800001005: {
    status: "failed",
    meaning: "Transaction ID invalid / PIN not entered",
    message: "The Airtel Money PIN was not entered, so nothing was paid. Try again.",
  },
  DP00800001006: { status: "pending", meaning: "In process" },
  DP00800001007: {
    status: "failed",
    meaning: "Not enough balance",
    message: "Your Airtel Money balance is too low for this payment. Top up, then try again.",
  },
  DP00800001008: {
    status: "cancelled",
    meaning: "Refused",
    message: "The Airtel Money payment was declined on the phone.",
  },
  DP00800001009: {
    status: "failed",
    meaning: "Do not honor",
    message: `Airtel Money declined this payment. ${OTHER_WAY}`,
  },
  DP00800001010: {
    status: "failed",
    meaning: "Not permitted to Payee",
    message: `Your Airtel Money account cannot pay this merchant. ${OTHER_WAY}`,
  },
  DP00800001024: {
    status: "expired",
    meaning: "Timed Out",
    message: "The Airtel Money prompt timed out before the PIN was entered. Try again.",
  },
  DP00800001025: {
    status: "failed",
    meaning: "Not Found",
    message: `Airtel Money could not find this payment. ${OTHER_WAY}`,
  },
  DP00800001026: {
    status: "failed",
    meaning: "Forbidden (x-signature mismatch)",
    message: `Airtel Money refused the request. ${OTHER_WAY}`,
  },
  DP00800001029: {
    status: "expired",
    meaning: "Expired",
    message: "The Airtel Money payment expired before it was approved. Try again.",
  },
};

/** Shown for a failure whose code we do not know (TF with no or an unlisted response_code). */
const GENERIC_FAILURE = `Airtel Money did not complete the payment. ${OTHER_WAY}`;

/**
 * Airtel's ESB result codes for a number it cannot charge ("Invalid MSISDN Length", "Invalid MSISDN or
 * MSISDN not found"). They are not in gateways.md, so they only ever improve the buyer's message.
 */
const NUMBER_REFUSED = new Set(["ESB000033", "ESB000036"]);

/** Codes that say *our* request is wrong, not that the buyer did something: never the buyer's to fix. */
const MERCHANT_SIDE = new Set(["DP00800001025", "DP00800001026"]);

/**
 * The payment status of an enquiry or callback. `TS` is the only success and `TF` the only failure; `TA`
 * (ambiguous) and `TIP` (in progress) keep the payment pending, since Airtel says to ask again. A TF's
 * response code says why, and may make it expired or cancelled rather than failed.
 */
export function transactionOutcome(
  status: string | undefined,
  responseCode?: string,
): { status: PaymentStatus; failure?: PaymentFailure } {
  const word = status?.trim().toUpperCase();
  if (word === "TS") return { status: "succeeded" };
  if (word !== "TF") return { status: "pending" };
  const known = responseCode ? RESPONSE_CODES[responseCode] : undefined;
  if (known && known.message && known.status !== "succeeded" && known.status !== "pending") {
    return { status: known.status, failure: { gatewayCode: responseCode!, message: known.message } };
  }
  return { status: "failed", failure: { gatewayCode: responseCode || "TF", message: GENERIC_FAILURE } };
}

export type CollectionVerdict =
  { kind: "accepted" } | { kind: "refused"; failure: PaymentFailure } | { kind: "error"; error: GatewayError };

/**
 * The answer to `POST /merchant/v1/payments/`. Success means "in process" (DP00800001006): the result comes
 * later. A refusal the buyer can act on fails the payment with a message; anything else is a GatewayError.
 */
export function collectionVerdict(s: {
  success: boolean;
  responseCode?: string;
  resultCode?: string;
  message?: string;
  httpStatus: number;
}): CollectionVerdict {
  if (s.success) return { kind: "accepted" };
  const code = s.responseCode ?? s.resultCode ?? `HTTP ${s.httpStatus}`;
  if (!s.responseCode && s.resultCode && NUMBER_REFUSED.has(s.resultCode)) {
    return {
      kind: "refused",
      failure: {
        gatewayCode: s.resultCode,
        message: "Airtel Money did not accept this number. Check that it is an Airtel Money number and try again.",
      },
    };
  }
  const known = s.responseCode ? RESPONSE_CODES[s.responseCode] : undefined;
  if (known?.message && !MERCHANT_SIDE.has(s.responseCode!)) {
    return { kind: "refused", failure: { gatewayCode: s.responseCode!, message: known.message } };
  }
  const kind: GatewayError["code"] =
    s.responseCode === "DP00800001026" || s.httpStatus === 401 || s.httpStatus === 403 ? "auth_failed" : "rejected";
  return {
    kind: "error",
    error: new GatewayError("airtel", kind, `collection refused: ${code}${s.message ? ` ${s.message}` : ""}`, {
      gatewayCode: code,
      httpStatus: s.httpStatus,
      buyerMessage: `We couldn't start the Airtel Money payment. ${OTHER_WAY}`,
    }),
  };
}
