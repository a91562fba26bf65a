/**
 * Refunds: a full refund reverses the original M-Pesa transaction; a partial one sends the difference back
 * with B2C (a reversal cannot return less than it reverses). Both answer later at the result URLs, so the
 * result here is `pending` with the ConversationID that the result will carry.
 *
 * A request whose answer is lost (no reply in time, a dropped connection, a success reply cut short) may
 * still have been taken, and its Result will still come: such a refund stays `pending`, not failed, since a
 * failed refund invites a second one of money already on its way back. The Result finds it by our refundId
 * (B2C's OriginatorConversationID) or by the receipt it reverses (a reversal's OriginalTransactionID); if
 * none comes, the reconciler asks again with the same request, which M-Pesa refuses as a duplicate (B2C) or
 * answers "already reversed" when the first one was taken after all.
 */
import type { GatewayContext, RefundInput, RefundResult } from "../../types";
import { parseJsonBody, type GatewayHttpResponse, type Interpreted } from "../http";
import { pendingIfAnswerLost } from "../lost-answer";
import { authorizedPost, envelopeError, safeJson } from "./client";
import type { DarajaConfig } from "./config";
import {
  buildB2c,
  buildReversal,
  errorEnvelopeSchema,
  requestAcceptedSchema,
  toMsisdn,
  toWholeShillings,
} from "./transform";

type Ctx = GatewayContext<DarajaConfig>;

/** `duplicateOf`: the reference the Result of an earlier, identical request will carry (B2C: our refundId). */
const interpretAccepted =
  (duplicateOf?: string) =>
  (res: GatewayHttpResponse): Interpreted<RefundResult> => {
    if (res.status >= 200 && res.status < 300) {
      const ack = requestAcceptedSchema.parse(parseJsonBody("daraja", res));
      if (ack.ResponseCode === "0") {
        // Taken. An ack without its ConversationID still means a Result will come (found as a lost answer's).
        const reference = ack.ConversationID ? { gatewayReference: ack.ConversationID } : {};
        return { value: { status: "pending", ...reference }, resultCode: "0" };
      }
      const reason = `${ack.ResponseCode}: ${ack.ResponseDescription ?? "refused"}`;
      return { value: { status: "failed", failureReason: reason }, resultCode: ack.ResponseCode };
    }
    const envelope = errorEnvelopeSchema.safeParse(safeJson(res.text));
    if (!envelope.success) throw envelopeError(res);
    const { errorCode, errorMessage } = envelope.data;
    if (duplicateOf && errorCode === "500.002.1001" && /duplicate/i.test(errorMessage)) {
      // The same refundId was already accepted; its result will still arrive at the result URL carrying our
      // OriginatorConversationID (= refundId), so this attempt is as pending as the first one, and is not
      // asked about again.
      return { value: { status: "pending", gatewayReference: duplicateOf }, resultCode: errorCode };
    }
    const error = envelopeError(res);
    // A plain refusal of the request (bad receipt, bad number) is the refund's answer; anything transient or
    // credential-related is thrown so the caller can retry or alert.
    if (error.code === "rejected") {
      return {
        value: { status: "failed", failureReason: `${errorCode}: ${errorMessage}` },
        resultCode: errorCode,
        ok: false,
      };
    }
    throw error;
  };

const failed = (failureReason: string): RefundResult => ({ status: "failed", failureReason });

export async function refundDaraja(input: RefundInput, ctx: Ctx): Promise<RefundResult> {
  const c = ctx.config;
  if (!c.initiatorName || !c.securityCredential) {
    return failed("Daraja refunds need DARAJA_INITIATOR_NAME and DARAJA_SECURITY_CREDENTIAL");
  }
  const initiator = { ...c, initiatorName: c.initiatorName, securityCredential: c.securityCredential };
  const amountKes = toWholeShillings(input.amount);
  // Rounding would send back another sum than the refund records.
  if (amountKes === null) return failed("M-Pesa refunds whole shillings only: choose an amount without cents");
  if (amountKes < 1) return failed("Refund amount must be at least KES 1");

  const full =
    input.paymentAmount !== undefined &&
    input.paymentAmount.currency === input.amount.currency &&
    input.paymentAmount.amountMinor === input.amount.amountMinor;
  if (full && input.receipt) {
    const body = buildReversal(initiator, input.receipt, amountKes, input.reason);
    return pendingIfAnswerLost(
      "reversal",
      authorizedPost(ctx, {
        operation: "reversal",
        path: "/mpesa/reversal/v1/request",
        body,
        paymentId: input.paymentId,
        interpret: interpretAccepted(),
      }),
    );
  }

  if (!c.b2cShortcode) return failed("Partial Daraja refunds need DARAJA_B2C_SHORTCODE");
  const msisdn = toMsisdn(input.phoneE164);
  if (!msisdn) return failed("A B2C refund needs the buyer's Kenyan M-Pesa number");
  const body = buildB2c(
    { ...initiator, b2cShortcode: c.b2cShortcode },
    input.refundId,
    msisdn,
    amountKes,
    input.reason,
  );
  return pendingIfAnswerLost(
    "b2c",
    authorizedPost(ctx, {
      operation: "b2c",
      path: "/mpesa/b2c/v3/paymentrequest",
      body,
      paymentId: input.paymentId,
      interpret: interpretAccepted(input.refundId),
    }),
  );
}
