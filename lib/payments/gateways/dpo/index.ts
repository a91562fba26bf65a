/**
 * The DPO Pay gateway (gateways.md §2): createToken and a redirect to DPO's page, verifyToken as the truth,
 * cancelToken when a hold is gone, refundToken. Pushes are unsigned and only trigger a verifyToken.
 */
import {
  GatewayError,
  type AckOutcome,
  type Gateway,
  type GatewayContext,
  type InitiateInput,
  type InitiateResult,
  type NotificationAck,
  type RefundInput,
  type RefundResult,
  type StatusQuery,
  type StatusResult,
} from "../../types";
import { plainAck } from "../ack";
import { pendingIfAnswerLost } from "../lost-answer";
import { dpoCall } from "./client";
import { createTokenVerdict, verifyVerdict } from "./codes";
import { configFromEnv, type DpoConfig } from "./config";
import { dpoMethods, dpoSupports } from "./markets";
import {
  buildCreateToken,
  buildRefundToken,
  buildTokenRequest,
  fromDecimal,
  parsePush,
  parseReturn,
} from "./transform";
import { text } from "./xml";

export { configFromEnv as dpoConfigFromEnv, dpoConfigSchema, DPO_SANDBOX, type DpoConfig } from "./config";
export { DPO_MARKETS, dpoSupports } from "./markets";
export { CREATE_TOKEN_MESSAGES, VERIFY_TOKEN_CODES, verifyVerdict } from "./codes";
export { parsePush as parseDpoPush, parseReturn as parseDpoReturn } from "./transform";

type Ctx = GatewayContext<DpoConfig>;

async function initiate(input: InitiateInput, ctx: Ctx): Promise<InitiateResult> {
  const fields = buildCreateToken(ctx.config, input, ctx.now());
  return dpoCall<InitiateResult>(ctx, {
    operation: "createToken",
    fields,
    paymentId: input.paymentId,
    interpret: (reply) => {
      const verdict = createTokenVerdict(reply.Result, reply.ResultExplanation);
      if (verdict.kind === "error") throw verdict.error;
      if (verdict.kind === "failed") {
        return {
          value: { gatewayReference: "", status: "failed", nextAction: { type: "none" }, failure: verdict.failure },
        };
      }
      const token = text(reply, "TransToken");
      if (!token || !/^\S{1,200}$/.test(token)) {
        throw new GatewayError("dpo", "malformed_response", "createToken 000 without a usable TransToken");
      }
      const url = new URL(ctx.config.paymentPageUrl);
      url.searchParams.set("ID", token);
      return {
        value: { gatewayReference: token, status: "pending", nextAction: { type: "redirect", url: url.toString() } },
      };
    },
  });
}

async function getStatus(q: StatusQuery, ctx: Ctx): Promise<StatusResult> {
  return dpoCall(ctx, {
    operation: "verifyToken",
    fields: buildTokenRequest(ctx.config, "verifyToken", q.gatewayReference),
    paymentId: q.paymentId,
    interpret: (reply) => {
      const verdict = verifyVerdict(reply.Result, reply.ResultExplanation);
      if (verdict.kind === "error") throw verdict.error;
      const paid = fromDecimal(text(reply, "TransactionAmount"), text(reply, "TransactionCurrency"));
      const receipt = text(reply, "TransactionApproval");
      if (verdict.status === "succeeded" && !paid) {
        // A "paid" we cannot check against the order is not a success we may act on.
        throw new GatewayError(
          "dpo",
          "malformed_response",
          "verifyToken 000 without TransactionAmount/TransactionCurrency",
        );
      }
      const value: StatusResult = {
        status: verdict.status,
        // Kept for 002 (over/underpaid) too, so the admin sees what actually arrived.
        ...(paid && (verdict.status === "succeeded" || reply.Result === "002") && { paid }),
        ...(receipt && verdict.status === "succeeded" && { receipt }),
        ...(verdict.failure && { failure: verdict.failure }),
      };
      return { value };
    },
  });
}

async function cancel(q: StatusQuery, ctx: Ctx): Promise<void> {
  await dpoCall(ctx, {
    operation: "cancelToken",
    fields: buildTokenRequest(ctx.config, "cancelToken", q.gatewayReference),
    paymentId: q.paymentId,
    interpret: (reply) => {
      if (reply.Result === "000") return { value: undefined };
      // 999 usually means the token can no longer be cancelled (e.g. already paid): the caller must look again.
      throw new GatewayError(
        "dpo",
        "rejected",
        `cancelToken ${reply.Result}: ${reply.ResultExplanation ?? "refused"}`,
        {
          gatewayCode: reply.Result,
        },
      );
    },
  });
}

async function refund(input: RefundInput, ctx: Ctx): Promise<RefundResult> {
  const fields = buildRefundToken(ctx.config, {
    transactionToken: input.gatewayReference,
    amount: input.amount,
    details: input.reason,
    refundRef: input.refundId,
  });
  return pendingIfAnswerLost(
    "refundToken",
    dpoCall<RefundResult>(ctx, {
      operation: "refundToken",
      fields,
      paymentId: input.paymentId,
      interpret: (reply) =>
        reply.Result === "000"
          ? { value: { status: "succeeded" } }
          : {
              value: {
                status: "failed",
                failureReason: `${reply.Result}: ${reply.ResultExplanation ?? "Refund failed"}`,
              },
              ok: false,
            },
    }),
  );
}

function callbackAck(outcome: AckOutcome): NotificationAck {
  // DPO wants the body `OK`; duplicates and unreadable pushes get it too so DPO stops resending them.
  return plainAck(outcome);
}

export const dpoGateway: Gateway<DpoConfig> = {
  id: "dpo",
  displayName: "DPO Pay",
  flow: "redirect",
  methods: ({ country }) => dpoMethods(country),
  // Tanzania's networks (Vodacom M-Pesa, Mixx, Airtel) and cards are all on DPO's page.
  homeMarkets: ["TZ"],
  loadConfig: configFromEnv,
  supports: ({ currency, country }) => dpoSupports(currency, country),
  initiate,
  getStatus,
  // Unsigned by design (gateways.md §2): nothing to check here; the claim is confirmed with verifyToken.
  verifyCallback: () => ({ ok: true, anonymous: true }),
  parseCallback: (req) => parsePush(req.rawBody),
  callbackAck,
  parseReturn,
  cancel,
  refund,
};
