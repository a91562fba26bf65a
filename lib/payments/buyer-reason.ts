/**
 * Why a payment did not go through, as a stable code a page can put in the buyer's language
 * (`payment.reasonCode.<code>` in messages/*.json). The gateways' `failureReason` texts stay English and
 * particular (the API's contract, and what the admin reads); this code is their meaning, derived at read
 * time from the gateway and the code stored on the payment (`Payment.failureCode`), so payments failed
 * before it existed get one too. No code: the page says what the status means in general.
 */

export const BUYER_REASONS = [
  "declined_on_phone",
  "insufficient_funds",
  "wrong_pin",
  "pin_not_entered",
  "pin_locked",
  "timed_out",
  "phone_unreachable",
  "phone_busy",
  "over_limit",
  "same_amount_recently",
  "declined",
  "invalid_phone",
  "not_answering",
] as const;

export type BuyerReason = (typeof BUYER_REASONS)[number];

/** Codes Lango itself writes, whatever the gateway (lib/payments/code-words.ts lists them for the admin). */
const LANGO: Readonly<Record<string, BuyerReason>> = {
  expired: "timed_out",
  invalid_phone: "invalid_phone",
  // A GatewayError's own code when the gateway gave none: it did not answer, or not usably.
  unavailable: "not_answering",
  timeout: "not_answering",
  rate_limited: "not_answering",
  malformed_response: "not_answering",
};

const BY_GATEWAY: Readonly<Record<string, Readonly<Record<string, BuyerReason>>>> = {
  // Daraja STK ResultCodes and synchronous error codes (daraja/codes.ts).
  daraja: {
    "1": "insufficient_funds",
    "3": "over_limit",
    "4": "over_limit",
    "8": "over_limit",
    "17": "same_amount_recently",
    "1001": "phone_busy",
    "500.001.1001": "phone_busy",
    "1019": "timed_out",
    "1025": "phone_unreachable",
    "1031": "declined_on_phone",
    "1032": "declined_on_phone",
    "1037": "phone_unreachable",
    "2001": "wrong_pin",
    "8006": "pin_locked",
    "500.003.02": "not_answering",
    "500.003.03": "not_answering",
  },
  // MTN MoMo's failure reasons (mtn-momo/codes.ts).
  "mtn-momo": {
    APPROVAL_REJECTED: "declined_on_phone",
    TRANSACTION_CANCELED: "declined_on_phone",
    EXPIRED: "timed_out",
    COULD_NOT_PERFORM_TRANSACTION: "timed_out",
    NOT_ENOUGH_FUNDS: "insufficient_funds",
    PAYER_LIMIT_REACHED: "over_limit",
    PAYER_NOT_FOUND: "invalid_phone",
    PAYMENT_NOT_APPROVED: "declined",
    SERVICE_UNAVAILABLE: "not_answering",
  },
  // Airtel Money's collection response codes (airtel/codes.ts).
  airtel: {
    DP00800001002: "wrong_pin",
    DP00800001003: "over_limit",
    DP00800001005: "pin_not_entered",
    DP00800001007: "insufficient_funds",
    DP00800001008: "declined_on_phone",
    DP00800001009: "declined",
    DP00800001024: "timed_out",
    DP00800001029: "timed_out",
    ESB000033: "invalid_phone",
    ESB000036: "invalid_phone",
  },
  // DPO's verifyToken results (dpo/codes.ts).
  dpo: {
    "901": "declined",
    "903": "timed_out",
  },
  // Ksher's order results (ksher/codes.ts).
  ksher: {
    CLOSED: "timed_out",
  },
};

/** Flutterwave stores the processor's own words ("failed: Insufficient funds"): read as flutterwave/codes.ts does. */
const FLUTTERWAVE: ReadonlyArray<readonly [RegExp, BuyerReason]> = [
  [/insufficient|not enough|low balance|exceeds? (the )?(available )?balance/i, "insufficient_funds"],
  [
    /(declined|rejected|cancell?ed) by (the )?(customer|user|subscriber)|customer (declined|cancell?ed)/i,
    "declined_on_phone",
  ],
  [/time ?out|timed out|expired|no response/i, "timed_out"],
  [/\bpin\b|otp/i, "wrong_pin"],
  [/limit/i, "over_limit"],
  [
    /declin|do not honou?r|not permitted|restricted|fraud|blocked|stolen|lost card|invalid card|expired card/i,
    "declined",
  ],
];

/** The buyer-facing reason of a payment's failure, or null when there is none more particular than its status. */
export function buyerReason(gateway: string, failureCode: string | null | undefined): BuyerReason | null {
  if (!failureCode) return null;
  const own = BY_GATEWAY[gateway]?.[failureCode];
  if (own) return own;
  if (gateway === "flutterwave" && failureCode.startsWith("failed: ")) {
    const said = failureCode.slice("failed: ".length);
    return FLUTTERWAVE.find(([pattern]) => pattern.test(said))?.[1] ?? null;
  }
  return LANGO[failureCode] ?? null;
}
