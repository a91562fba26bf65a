/**
 * What a Flutterwave transaction's `status` means for a payment, and what the buyer reads when it failed.
 * Flutterwave has no result-code table (gateways.md §5): a charge is "successful", "failed" or "pending",
 * and the reason is free text in `processor_response`, so the buyer's message is chosen from its wording
 * and the text itself is kept, verbatim, as the failure code for the admin.
 */
import type { PaymentFailure, PaymentStatus } from "../../types";

const OTHER_WAY = "Try again, or choose another way to pay.";

/**
 * How the buyer paid, from `payment_type` ("card", "mpesa", "mobilemoneygh", "bank_transfer", …): the same
 * processor_response reads differently to someone who typed a card number than to someone who got a prompt.
 */
type Method = "card" | "phone" | "other";

function methodOf(paymentType: string | null | undefined): Method {
  const type = paymentType?.trim().toLowerCase() ?? "";
  if (type === "card") return "card";
  if (type === "mpesa" || type.startsWith("mobilemoney")) return "phone";
  return "other";
}

const DECLINED_BY_PAYER: Record<Method, string> = {
  card: `The card payment was declined. ${OTHER_WAY}`,
  phone: `The payment request was declined on your phone. ${OTHER_WAY}`,
  other: `The payment was declined. ${OTHER_WAY}`,
};

/** processor_response wording → buyer message, first match wins. */
const REASONS: ReadonlyArray<readonly [RegExp, string | Record<Method, string>]> = [
  [
    /insufficient|not enough|low balance|exceeds? (the )?(available )?balance/i,
    `Your account didn't have enough money for this payment. Top up, or choose another way to pay.`,
  ],
  [
    /(declined|rejected|cancell?ed) by (the )?(customer|user|subscriber)|customer (declined|cancell?ed)/i,
    DECLINED_BY_PAYER,
  ],
  [/time ?out|timed out|expired|no response/i, "The payment was not completed in time. Start the payment again."],
  [/\bpin\b|otp/i, `The PIN or one-time code was not accepted. ${OTHER_WAY}`],
  [/limit/i, `This amount is above your card or wallet limit. ${OTHER_WAY}`],
  [
    /declin|do not honou?r|not permitted|restricted|fraud|blocked|stolen|lost card|invalid card|expired card/i,
    `Your bank or mobile-money provider declined the payment. ${OTHER_WAY}`,
  ],
];

const DEFAULT_FAILURE = `The payment did not go through. ${OTHER_WAY}`;

export function failureFor(processorResponse: string | null | undefined, paymentType?: string | null): PaymentFailure {
  const said = processorResponse?.replace(/\s+/g, " ").trim() ?? "";
  const reason = REASONS.find(([pattern]) => pattern.test(said))?.[1] ?? DEFAULT_FAILURE;
  const message = typeof reason === "string" ? reason : reason[methodOf(paymentType)];
  return { gatewayCode: said ? `failed: ${said}`.slice(0, 120) : "failed", message };
}

/**
 * A transaction's status → the payment's. Anything not plainly final stays pending: a wording we do not
 * know must never fail a payment that may have taken money; the reconciler gives up on it once the hold
 * has long passed.
 */
export function transactionVerdict(
  status: string,
  processorResponse?: string | null,
  paymentType?: string | null,
): { status: PaymentStatus; failure?: PaymentFailure } {
  switch (status.trim().toLowerCase()) {
    case "successful":
      return { status: "succeeded" };
    case "failed":
      return { status: "failed", failure: failureFor(processorResponse, paymentType) };
    case "cancelled":
      return { status: "cancelled", failure: { gatewayCode: "cancelled", message: "The payment was cancelled." } };
    default:
      return { status: "pending" };
  }
}

/** Flutterwave's answer when the reference or id has no transaction yet (the buyer has not paid). */
export const NOT_FOUND = /no transaction (was )?found/i;

export const CANNOT_START = `We couldn't start the Flutterwave payment. ${OTHER_WAY}`;
export const CANNOT_CHECK = "We couldn't check the Flutterwave payment. Try again shortly.";
