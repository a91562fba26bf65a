/**
 * The M-Pesa Daraja gateway (gateways.md §1): STK push to collect, STK query as the truth, reversal/B2C to
 * refund. Callbacks are unsigned; the URL token is checked, then the service re-queries.
 */
import type {
  AckOutcome,
  Gateway,
  GatewayContext,
  NotificationAck,
  NotificationRequest,
  StatusQuery,
  StatusResult,
} from "../../types";
import { isPaybillReference, requestTransactionStatus } from "./c2b";
import { parseRefundResult, parseStkCallback } from "./callbacks";
import { configFromEnv, type DarajaConfig } from "./config";
import { refundDaraja } from "./refund";
import { initiateStk, queryStk } from "./stk";
import { callbackUrl } from "./transform";
import { checkCallbackSource } from "./verify";

export { configFromEnv as darajaConfigFromEnv, darajaConfigSchema, DARAJA_SANDBOX, type DarajaConfig } from "./config";
export { parseRefundResult, parseStkCallback, type DarajaRefundNotification } from "./callbacks";
export { callbackUrl as darajaCallbackUrl, type DarajaCallbackKind } from "./transform";
export { STK_RESULT_CODES, stkOutcome } from "./codes";
export {
  checkStatusResultUrl,
  confirmationAck,
  isPaybillReference,
  paybillReference,
  parseC2bBody,
  parseStatusResult,
  registerC2bUrls,
  requestTransactionStatus,
  statusResultPaymentId,
  validationAck,
  type C2bPayment,
  type StatusResultClaim,
  type ValidationVerdict,
} from "./c2b";

const json = (status: number, body: object): NotificationAck => ({
  status,
  contentType: "application/json",
  body: JSON.stringify(body),
});

function ack(outcome: AckOutcome, req: NotificationRequest): NotificationAck {
  if (outcome !== "rejected") {
    // Duplicates and unreadable bodies are acknowledged too: Safaricom does not retry usefully, and an error
    // reply would only tell a prober what we accept.
    return json(200, { ResultCode: 0, ResultDesc: "Accepted" });
  }
  const noToken = !req.query.get("token");
  return json(noToken ? 401 : 403, { ResultCode: 1, ResultDesc: noToken ? "Unauthorized" : "Forbidden" });
}

/**
 * STK attempts are asked with the STK query. A paybill payment (reference `c2b:<TransID>`) is asked with the
 * Transaction Status API, which answers at its ResultURL: until that answer is in, the payment is pending.
 */
async function getStatus(q: StatusQuery, ctx: GatewayContext<DarajaConfig>): Promise<StatusResult> {
  if (!isPaybillReference(q.gatewayReference)) return queryStk(q, ctx);
  await requestTransactionStatus(ctx, { paymentId: q.paymentId, transId: q.gatewayReference.slice("c2b:".length) });
  return { status: "pending" };
}

/** B2C and reversal answers come to their own result URLs; a queue timeout is a failed refund. */
const REFUND_RESULT_KINDS = ["b2c-result", "reversal-result", "timeout"] as const;

export const darajaGateway: Gateway<DarajaConfig> = {
  id: "daraja",
  displayName: "M-Pesa",
  flow: "push",
  methods: () => [],
  homeMarkets: ["KE"],
  loadConfig: configFromEnv,
  supports: ({ currency, country }) => currency === "KES" && country.toUpperCase() === "KE",
  initiate: initiateStk,
  getStatus,
  verifyCallback: (req, ctx) => checkCallbackSource(req.query, req.sourceIp, ctx.config),
  parseCallback(req) {
    switch (req.kind) {
      case "stk":
        return parseStkCallback(req.rawBody);
      case "c2b-validation":
      case "c2b-confirmation":
      case "status-result":
        return {
          type: "ignored",
          reason: `${req.kind} belongs to a paybill payment: the unprompted capability (paybill.ts) reads it`,
        };
      case "b2c-result":
      case "reversal-result":
      case "timeout":
        return { type: "ignored", reason: `${req.kind} is a refund result: read it with parseRefundResult` };
      default:
        return { type: "ignored", reason: `unsupported Daraja callback kind ${req.kind ?? "(none)"}` };
    }
  },
  callbackAck: ack,
  callbackUrl: (appUrl, config) => callbackUrl(appUrl, "stk", config.callbackToken),
  refund: refundDaraja,
  resendsUnansweredRefunds: true,
  refundResultKinds: REFUND_RESULT_KINDS,
  parseRefundResult(req) {
    const r = parseRefundResult(req.kind as (typeof REFUND_RESULT_KINDS)[number], req.rawBody);
    if (!r) return { type: "ignored", reason: "not a Daraja Result envelope" };
    return {
      type: "refund",
      gatewayReference: r.conversationId,
      refundId: r.originatorConversationId,
      ...(r.reversedReceipt && { reversedReceipt: r.reversedReceipt }),
      succeeded: r.status === "succeeded",
      reason: r.failureReason,
    };
  },
  // Paybill (C2B): the buyer pays with the order reference as the account number. Loaded on use: the
  // adapter stays loadable (and unit-testable) without a database.
  unprompted: {
    kinds: new Set(["c2b-validation", "c2b-confirmation", "status-result"]),
    handle: async (n) => (await import("./paybill")).handlePaybillNotification(n),
    recheck: async (db, env, now) => (await import("./paybill")).reaskPaybillPayments(db, env, now),
  },
};
