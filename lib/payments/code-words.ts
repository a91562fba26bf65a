import { RESPONSE_CODES as AIRTEL_CODES } from "./gateways/airtel/codes";

/**
 * What a gateway's code means, in the organiser's words. Each gateway's codes.ts decides what a code does
 * to a payment and what the buyer reads; the admin needs to know what happened and whether a buyer saw it.
 * Sources: reference/gateways.md (Daraja's STK table and error envelope, DPO's result codes, MTN's and
 * Airtel's reasons); codes Lango itself writes are listed under LANGO.
 */

/** Codes Lango writes on a payment, whatever the gateway. */
const LANGO: Readonly<Record<string, string>> = {
  duplicate_receipt: "A second copy of a payment already counted (same receipt); not a failure",
  amount_mismatch: "The amount paid did not match the order; held for the organiser to check",
  expired: "No final answer from the gateway in time; Lango stopped waiting",
  order_cancelled: "The organiser cancelled the order or released its hold",
  cancelled_on_page: "The buyer cancelled on the gateway's payment page",
  cancelled: "The buyer cancelled the payment",
  invalid_phone: "The phone number cannot be charged with this method",
  amount_below_minimum: "The amount is below the gateway's minimum for one payment",
  amount_above_maximum: "The amount is above the gateway's maximum for one payment",
  amount_not_whole: "The gateway takes whole units only and the amount has cents",
  status_mismatch: "Safaricom's Transaction Status did not confirm the paybill payment as claimed",
  market_not_configured: "The gateway is not set up for this country or currency",
};

const DARAJA: Readonly<Record<string, string>> = {
  "0": "Paid",
  "1": "The buyer's M-Pesa balance was too low",
  "2": "The amount is below the M-Pesa minimum",
  "3": "The amount is above the M-Pesa maximum for one payment",
  "4": "The payment would pass the buyer's daily M-Pesa limit",
  "8": "The payment would pass the buyer's M-Pesa balance limit",
  "17": "Same amount from the same buyer within 2 minutes (Safaricom's rule limit)",
  "1001": "Another M-Pesa transaction was in progress on the buyer's phone",
  "1019": "The prompt expired before the buyer answered",
  "1025": "Safaricom could not send the prompt to the phone",
  "1031": "The buyer cancelled the prompt",
  "1032": "The buyer cancelled the prompt",
  "1037": "The buyer's phone could not be reached (off, no signal, or busy)",
  "2001": "The buyer entered a wrong M-Pesa PIN",
  "2028": "Not permitted for our shortcode (transaction type or PartyB)",
  "8006": "The buyer's M-Pesa PIN is locked",
  SFC_IC0003: "Safaricom says the operator does not exist",
  "404.001.03": "Safaricom refused the access token (expired or revoked)",
  "400.003.01": "Safaricom refused the access token (expired or revoked)",
  "404.001.01": "Safaricom: resource not found (wrong URL)",
  "405.001": "Safaricom: method not allowed",
  "400.002.02": "Safaricom refused the request as invalid (phone number, amount or a field)",
  "500.001.1001":
    "Safaricom refused: merchant unknown, wrong credentials, or another transaction holds the buyer's line",
  "500.003.02": "Safaricom's spike arrest: too many requests at once",
  "500.003.03": "Safaricom's quota for our app is used up",
  R000001: "Already reversed",
  R000002: "Safaricom does not know the original transaction",
};

const DPO: Readonly<Record<string, string>> = {
  "000": "Paid",
  "001": "Authorised, not yet charged",
  "002": "Overpaid or underpaid",
  "003": "Pending at the bank",
  "005": "Authorisation queued",
  "007": "Split payment pending",
  "801": "DPO: the company token is missing",
  "802": "DPO: the company token does not exist",
  "803": "DPO: bad request name",
  "804": "DPO: error in the XML",
  "900": "Not paid yet",
  "901": "Declined",
  "902": "A field is missing or does not match",
  "903": "The payment time limit passed",
  "904": "Cancelled (or the currency is not supported, when creating the token)",
  "905": "Above DPO's limit for one transaction",
  "906": "DPO's monthly limit is reached",
  "940": "The order reference was already paid",
  "950": "DPO: mandatory fields missing",
  "999": "DPO: custom error",
};

const KSHER: Readonly<Record<string, string>> = {
  SUCCESS: "Paid",
  NOTPAY: "Not paid yet",
  USERPAYING: "The buyer is paying",
  PAYERROR: "The payment did not go through",
  CLOSED: "The order was closed before it was paid",
  REFUND: "Ksher refunded it",
  ORDER_PAID: "The order was already paid",
  VERIFY_KSHER_SIGN_FAIL: "Ksher's signature did not verify",
};

const AIRTEL: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(AIRTEL_CODES).map(([code, o]) => [code, o.meaning])),
  TS: "Paid",
  TF: "Failed (no reason given)",
  TA: "Ambiguous: Airtel asks to check again",
  TIP: "In progress",
};

const BY_GATEWAY: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  daraja: DARAJA,
  dpo: DPO,
  ksher: KSHER,
  airtel: AIRTEL,
};

/** "NOT_ENOUGH_FUNDS" → "Not enough funds": MTN MoMo's reasons are sentences in capitals. */
const fromConstant = (code: string) =>
  /^[A-Z][A-Z_]+$/.test(code) ? code.charAt(0) + code.slice(1).toLowerCase().replaceAll("_", " ") : null;

/** The words for a payment's failure code, or for a result code of a call; null when nobody documents it. */
export function codeMeaning(gateway: string, code: string): string | null {
  return BY_GATEWAY[gateway]?.[code] ?? LANGO[code] ?? (gateway === "mtn-momo" ? fromConstant(code) : null);
}

/**
 * A payment failure code with its meaning, for lists: "The buyer cancelled the prompt (1032)". Flutterwave's
 * codes are the processor's own sentences, so they stand as they are.
 */
export function describeCode(gateway: string, code: string): string {
  const words = codeMeaning(gateway, code);
  if (words) return `${words} (${code})`;
  return /\s/.test(code) ? `The processor said "${code}"` : `Code ${code}, not documented by the gateway`;
}

/** Codes that say nothing went wrong for anyone: copies and the organiser's own cancellations. */
export const NOT_A_BUYER_FAILURE: readonly string[] = ["duplicate_receipt", "order_cancelled"];

export type CallEffect = "ok" | "waiting" | "retried" | "failed";

export interface CallRecord {
  gateway: string;
  operation: string;
  ok: boolean;
  httpStatus: number | null;
  resultCode: string | null;
}

/**
 * What one call to a gateway amounted to. The HTTP status alone misleads: Daraja answers an STK query for a
 * prompt still open with HTTP 500 and 500.001.1001 "being processed" (gateways.md §1 STK Query), and an
 * expired token is refused once before Lango fetches a new one and retries (daraja/client.ts).
 */
export function explainCall(c: CallRecord): { effect: CallEffect; words: string } {
  const code = c.resultCode;
  if (c.gateway === "daraja" && code === "500.001.1001" && c.ok) {
    return { effect: "waiting", words: "still waiting: the buyer has not answered the prompt yet" };
  }
  if (c.gateway === "daraja" && code && (code === "404.001.03" || code === "400.003.01")) {
    return {
      effect: "retried",
      words: `${DARAJA[code]}; Lango fetched a new token and tried once more, so no buyer saw this unless the retry failed too`,
    };
  }
  const meaning = code ? codeMeaning(c.gateway, code) : null;
  if (c.ok) return { effect: "ok", words: meaning && meaning !== "Paid" ? `answered: ${meaning}` : "ok" };
  if (meaning) return { effect: "failed", words: meaning };
  if (c.httpStatus === null) return { effect: "failed", words: "no answer (timeout or network error)" };
  if (c.httpStatus >= 500) return { effect: "failed", words: `the gateway's server failed (HTTP ${c.httpStatus})` };
  if (c.httpStatus === 401 || c.httpStatus === 403)
    return { effect: "failed", words: `the gateway refused our credentials (HTTP ${c.httpStatus})` };
  return { effect: "failed", words: `the gateway refused the request (HTTP ${c.httpStatus})` };
}
