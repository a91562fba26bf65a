/**
 * DPO result codes (gateways.md §2, from DPO's docs and its own plugin) → what they mean for a payment and
 * what the buyer reads. Codes that mean "our request or credentials are wrong" become GatewayErrors: the
 * buyer cannot fix them and the payment's state is unknown rather than failed.
 */
import { GatewayError, type PaymentFailure, type PaymentStatus } from "../../types";

const OTHER_WAY = "Try again, or choose another way to pay.";
const CANNOT_START = `We couldn't start the DPO payment. ${OTHER_WAY}`;

/** 801–804 and 950 are shared by every operation. */
const PROTOCOL_ERRORS: Readonly<Record<string, GatewayError["code"]>> = {
  "801": "auth_failed", // Request missing company token
  "802": "auth_failed", // Company token does not exist
  "803": "rejected", // No request or error in Request type name
  "804": "rejected", // Error in XML
  "950": "rejected", // Request missing mandatory fields
};

function protocolError(code: string, explanation: string | undefined, operation: string, buyerMessage: string) {
  const kind = PROTOCOL_ERRORS[code] ?? "rejected";
  return new GatewayError("dpo", kind, `${operation} ${code}: ${explanation ?? "error"}`, {
    gatewayCode: code,
    buyerMessage,
  });
}

/** createToken refusals other than 000. 905 is the buyer's amount; the rest are ours to fix. */
export const CREATE_TOKEN_MESSAGES: Readonly<Record<string, string>> = {
  "902": CANNOT_START,
  "904": `DPO can't take payments in this currency for us. ${OTHER_WAY}`,
  "905": "This amount is above the limit for one DPO payment. Choose another way to pay.",
  "906": `DPO payments are unavailable right now. ${OTHER_WAY}`,
  "922": CANNOT_START,
  "923": CANNOT_START,
  "930": CANNOT_START,
  "940": "This payment has already been made. Refresh the order page to see it.",
  "960": CANNOT_START,
};

export type CreateTokenVerdict =
  { kind: "ok" } | { kind: "failed"; failure: PaymentFailure } | { kind: "error"; error: GatewayError };

export function createTokenVerdict(code: string, explanation?: string): CreateTokenVerdict {
  if (code === "000") return { kind: "ok" };
  if (code === "905") return { kind: "failed", failure: { gatewayCode: code, message: CREATE_TOKEN_MESSAGES[code] } };
  return {
    kind: "error",
    error: protocolError(code, explanation, "createToken", CREATE_TOKEN_MESSAGES[code] ?? CANNOT_START),
  };
}

interface VerifyOutcome {
  status: PaymentStatus;
  message?: string;
}

/** verifyToken result → payment status. */
export const VERIFY_TOKEN_CODES: Readonly<Record<string, VerifyOutcome>> = {
  "000": { status: "succeeded" }, // Transaction Paid
  "001": { status: "pending" }, // Authorized (not yet charged)
  "003": { status: "pending" }, // Pending Bank
  "005": { status: "pending" }, // Queued Authorization
  "007": { status: "pending" }, // Pending Split Payment
  "900": { status: "pending" }, // Transaction not paid yet
  "901": { status: "failed", message: `Your payment was declined. ${OTHER_WAY}` },
  // Over/underpaid: money moved but not the right amount. Failed for the order; the code stays for the admin.
  "002": {
    status: "failed",
    message: "The amount paid did not match the amount due. Our team has been alerted and will contact you.",
  },
  "903": {
    status: "expired",
    message: "The time to pay ran out before the payment was made. Start the payment again.",
  },
  "904": { status: "cancelled", message: "The payment was cancelled." },
};

/** Codes that mean our verify request was wrong (not the payment): 801–804, 902 data mismatch, 950. */
const VERIFY_ERRORS = new Set(["801", "802", "803", "804", "902", "950"]);

export type VerifyVerdict =
  { kind: "status"; status: PaymentStatus; failure?: PaymentFailure } | { kind: "error"; error: GatewayError };

/**
 * An unknown code is `pending`, not failed: DPO has added codes before, a code we do not know must never
 * fail a payment that may have taken money, and the Payment Time Limit turns a stuck one into 903 anyway.
 */
export function verifyVerdict(code: string, explanation?: string): VerifyVerdict {
  if (VERIFY_ERRORS.has(code)) {
    return {
      kind: "error",
      error: protocolError(code, explanation, "verifyToken", `We couldn't check the DPO payment. Try again shortly.`),
    };
  }
  const known = VERIFY_TOKEN_CODES[code];
  if (!known) return { kind: "status", status: "pending" };
  if (!known.message) return { kind: "status", status: known.status };
  return { kind: "status", status: known.status, failure: { gatewayCode: code, message: known.message } };
}

/** The status a push claims; protocol-error codes in a push claim nothing beyond "look again". */
export function pushClaimStatus(code: string): { status: PaymentStatus; failure?: PaymentFailure } {
  const verdict = verifyVerdict(code);
  return verdict.kind === "status" ? verdict : { status: "pending" };
}
