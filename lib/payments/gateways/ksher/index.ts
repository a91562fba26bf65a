/**
 * Ksher (gateways.md §6, the current api.ksher.net RSA API): gateway_pay and a redirect to Ksher's page
 * (PromptPay, TrueMoney, cards, LINE Pay, ShopeePay), gateway_order_query as the truth, cancel_order when
 * a hold is gone, order_refund in full or in part. The webhook is signed and comes only for successful
 * payments; it is verified, then confirmed by an order query all the same.
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
import { pendingIfAnswerLost } from "../lost-answer";
import { ksherCall } from "./client";
import { CANNOT_START, orderVerdict } from "./codes";
import { configFromEnv, type KsherConfig } from "./config";
import {
  buildGatewayPay,
  field,
  KSHER_CHANNELS,
  fromTotalFee,
  ksherSupports,
  parseNotification,
  parseReturn,
  toTotalFee,
  verifyNotification,
} from "./transform";

export { configFromEnv as ksherConfigFromEnv, ksherConfigSchema, KSHER_PUBLIC_KEY, type KsherConfig } from "./config";
export { KSHER_CHANNELS, ksherSupports } from "./transform";
export { ORDER_RESULTS, orderVerdict } from "./codes";

type Ctx = GatewayContext<KsherConfig>;

async function initiate(input: InitiateInput, ctx: Ctx): Promise<InitiateResult> {
  return ksherCall<InitiateResult>(ctx, {
    operation: "gateway_pay",
    fields: buildGatewayPay(input, ctx.now()),
    paymentId: input.paymentId,
    interpret: (data) => {
      const url = field(data, "pay_content");
      if (!url || !/^https?:\/\//.test(url)) {
        // A FAIL here (a channel we are not signed up for, a duplicate order number) is ours to fix.
        const why = field(data, "err_msg") ?? field(data, "err_code") ?? "no pay_content";
        throw new GatewayError("ksher", "rejected", `gateway_pay: ${why}`, {
          gatewayCode: field(data, "err_code") ?? field(data, "result"),
          buyerMessage: CANNOT_START,
        });
      }
      return { value: { gatewayReference: input.paymentId, status: "pending", nextAction: { type: "redirect", url } } };
    },
  });
}

async function getStatus(q: StatusQuery, ctx: Ctx): Promise<StatusResult> {
  return ksherCall(ctx, {
    operation: "gateway_order_query",
    fields: { mch_order_no: q.gatewayReference },
    paymentId: q.paymentId,
    interpret: (data) => {
      const orderNo = field(data, "mch_order_no");
      if (orderNo && orderNo !== q.gatewayReference) {
        throw new GatewayError(
          "ksher",
          "malformed_response",
          `gateway_order_query answered for ${orderNo}, not ${q.gatewayReference}`,
        );
      }
      const { status, failure } = orderVerdict(field(data, "result"));
      const paid = fromTotalFee(data.total_fee, data.fee_type);
      if (status === "succeeded" && !paid) {
        // A success we cannot check against the order is not one we may act on.
        throw new GatewayError("ksher", "malformed_response", "gateway_order_query SUCCESS without total_fee/fee_type");
      }
      const receipt = field(data, "ksher_order_no");
      const value: StatusResult = {
        status,
        ...(status === "succeeded" && { paid, ...(receipt && { receipt }) }),
        ...(failure && { failure }),
      };
      return { value };
    },
  });
}

async function cancel(q: StatusQuery, ctx: Ctx): Promise<void> {
  await ksherCall(ctx, {
    operation: "cancel_order",
    fields: { mch_order_no: q.gatewayReference },
    paymentId: q.paymentId,
    interpret: (data) => {
      if (field(data, "result") === "SUCCESS") return { value: undefined };
      // Usually "already paid": the caller looks again and finds the payment.
      throw new GatewayError(
        "ksher",
        "rejected",
        `cancel_order: ${field(data, "err_msg") ?? field(data, "result") ?? "refused"}`,
        {
          gatewayCode: field(data, "err_code") ?? field(data, "result"),
        },
      );
    },
  });
}

async function refund(input: RefundInput, ctx: Ctx): Promise<RefundResult> {
  const total = input.paymentAmount ?? input.amount;
  return pendingIfAnswerLost(
    "order_refund",
    ksherCall<RefundResult>(ctx, {
      operation: "order_refund",
      fields: {
        // The order is named by our number, or by Ksher's own (kept as the receipt) if ours was never stored.
        ...(input.gatewayReference
          ? { mch_order_no: input.gatewayReference }
          : { ksher_order_no: input.receipt ?? "" }),
        mch_refund_no: input.refundId,
        total_fee: toTotalFee(total),
        refund_fee: toTotalFee(input.amount),
        fee_type: input.amount.currency,
        version: "3.0.0",
      },
      paymentId: input.paymentId,
      interpret: (data) => {
        const result = field(data, "result");
        const ksherRefundNo = field(data, "ksher_refund_no");
        const reference = ksherRefundNo ? { gatewayReference: ksherRefundNo } : {};
        if (result === "SUCCESS") return { value: { status: "succeeded", ...reference } };
        if (result === "PENDING" || result === "NOTSURE" || result === "PROCESSING") {
          return { value: { status: "pending", ...reference } };
        }
        const why =
          [field(data, "err_code"), field(data, "err_msg")].filter(Boolean).join(": ") || (result ?? "refused");
        return { value: { status: "failed", failureReason: `Ksher refused the refund (${why}).` }, ok: false };
      },
    }),
  );
}

/** Ksher resends until it reads exactly this; anything else means "try again later". */
export const KSHER_ACK = JSON.stringify({ result: "SUCCESS", msg: "OK" });

function callbackAck(outcome: AckOutcome): NotificationAck {
  const json = "application/json; charset=utf-8";
  // A forged or unknown one is refused (Ksher itself never sends those); everything genuine is acknowledged
  // so Ksher stops resending, duplicates included.
  if (outcome === "rejected")
    return { status: 403, contentType: json, body: JSON.stringify({ result: "FAIL", msg: "REFUSED" }) };
  return { status: 200, contentType: json, body: KSHER_ACK };
}

export const ksherGateway: Gateway<KsherConfig> = {
  id: "ksher",
  displayName: "Ksher",
  flow: "redirect",
  methods: () => KSHER_CHANNELS.map((c) => ({ id: c.id, label: c.label })),
  paysWith: () => "PromptPay, Thai wallets or card",
  homeMarkets: ["TH"],
  loadConfig: configFromEnv,
  supports: ({ currency, country }) => ksherSupports(currency, country),
  initiate,
  getStatus,
  verifyCallback: (req, ctx) => verifyNotification(req.rawBody, ctx.config.ksherPublicKey),
  parseCallback: (req) => parseNotification(req.rawBody),
  callbackAck,
  parseReturn,
  cancel,
  refund,
};
