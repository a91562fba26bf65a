/**
 * Ksher's merchant API as the simulator answers it: gateway_pay, gateway_order_query and cancel_order
 * (gateway.ksher.com/api), order_refund (api.mch.ksher.net/KsherPay). Every request is a signed form
 * post; a missing or wrong signature, an unknown appid or a missing field is refused with code ≠ 0.
 */
import { randomDigits, randomHex } from "../ids";
import { isDeliverableUrl } from "../notify";
import { ksherSideKeys } from "../../sandbox-accounts/ksher";
import { queryData } from "./settle";
import { currentStatus, ksherState, orderKey, refunded, type KsherOrder } from "./state";
import { callError, failReply, merchantSignatureValid, signedReply } from "./wire";

/** Channels gateway_pay accepts in Thailand (gateways.md §6, Ksher's channel_list values). */
export const KNOWN_CHANNELS = new Set([
  "promptpay",
  "linepay",
  "airpay",
  "truemoney",
  "atome",
  "card",
  "ktc_instal",
  "kbank_instal",
  "kcc_instal",
  "kfc_instal",
  "scb_easy",
  "bbl_deeplink",
  "baybank_deeplink",
  "kplus",
  "alipay",
  "wechat",
]);

/** The sandbox merchant allows partial refunds (merchant_info `allow_partial_refund: "Y"`). */
const ALLOW_PARTIAL_REFUND = true;

const DEFAULT_EXPIRE_MINUTES = 120;

export interface ApiContext {
  /** Absolute base of the simulator for this request, e.g. http://127.0.0.1:3000/sim. */
  simBase: string;
  /** The app's own base URL: besides loopback, the one place Ksher may send to. */
  appUrl: string;
}

type Form = Record<string, string>;

/** Common checks of every call; the signed, known-merchant form or the refusal to send. */
function authenticate(body: string): { form: Form } | { refusal: Response } {
  const form = Object.fromEntries(new URLSearchParams(body));
  for (const name of ["appid", "nonce_str", "time_stamp", "sign"]) {
    if (!form[name]) return { refusal: callError(1, `PARAM_ERROR: ${name} is required`) };
  }
  const publicKey = ksherSideKeys().merchantPublicKeys[form.appid];
  if (!publicKey) return { refusal: callError(1, "APPID_NOT_EXIST: no merchant with this appid") };
  if (!merchantSignatureValid(form, publicKey))
    return { refusal: callError(1, "SIGN_ERROR: the signature does not verify") };
  return { form };
}

export function handleKsherApi(operation: string, body: string, ctx: ApiContext): Response {
  const auth = authenticate(body);
  if ("refusal" in auth) return auth.refusal;
  const form = auth.form;
  switch (operation) {
    case "gateway_pay":
      return gatewayPay(form, ctx);
    case "gateway_order_query":
      return orderQuery(form);
    case "cancel_order":
      return cancelOrder(form);
    case "order_refund":
      return orderRefund(form);
    default:
      return callError(404, `no such API: ${operation}`);
  }
}

/** Ksher posts to mch_notify_url and sends the payer's browser to the others: the app's own pages only. */
const isMerchantUrl = (value: string | undefined, ctx: ApiContext) => !!value && isDeliverableUrl(value, ctx.appUrl);

function gatewayPay(form: Form, ctx: ApiContext): Response {
  for (const name of [
    "mch_order_no",
    "total_fee",
    "fee_type",
    "channel_list",
    "mch_code",
    "mch_redirect_url",
    "mch_redirect_url_fail",
    "product_name",
    "refer_url",
  ]) {
    if (!form[name]) return callError(1, `PARAM_ERROR: ${name} is required`);
  }
  if (form.mch_order_no.length > 32) return callError(1, "PARAM_ERROR: mch_order_no is longer than 32 characters");
  if (!/^[1-9]\d{0,11}$/.test(form.total_fee))
    return callError(1, "PARAM_ERROR: total_fee must be a whole number of satang");
  for (const name of ["mch_redirect_url", "mch_redirect_url_fail", "refer_url"]) {
    if (!isMerchantUrl(form[name], ctx)) return callError(1, `PARAM_ERROR: ${name} is not a URL`);
  }
  if (form.mch_notify_url && !isMerchantUrl(form.mch_notify_url, ctx))
    return callError(1, "PARAM_ERROR: mch_notify_url is not a URL");
  if (form.fee_type !== "THB")
    return failReply(form.appid, "FEE_TYPE_ERROR", "fee_type not supported for this merchant");
  const channels = form.channel_list
    .split(",")
    .map((c) => c.trim())
    .filter(Boolean);
  const unknown = channels.find((c) => !KNOWN_CHANNELS.has(c));
  if (channels.length === 0 || unknown)
    return failReply(form.appid, "CHANNEL_ERROR", `channel not supported: ${unknown ?? "none"}`);
  const expire = form.expire_time ? Number(form.expire_time) : DEFAULT_EXPIRE_MINUTES;
  if (!Number.isInteger(expire) || expire <= 0)
    return callError(1, "PARAM_ERROR: expire_time must be a whole number of minutes");

  const state = ksherState();
  const key = orderKey(form.appid, form.mch_order_no);
  if (state.orders.has(key))
    return failReply(form.appid, "ORDER_EXIST", "mch_order_no already used", { mch_order_no: form.mch_order_no });

  const now = Date.now();
  const order: KsherOrder = {
    appid: form.appid,
    mchOrderNo: form.mch_order_no,
    uuid: randomHex(32),
    ksherOrderNo: "",
    channelOrderNo: "",
    totalFee: Number(form.total_fee),
    feeType: form.fee_type,
    mchCode: form.mch_code,
    productName: form.product_name,
    channels: [...new Set(channels)],
    lang: ["en", "th", "cn"].includes(form.lang) ? form.lang : "en",
    redirectUrl: form.mch_redirect_url,
    redirectUrlFail: form.mch_redirect_url_fail,
    notifyUrl: form.mch_notify_url ?? "",
    attach: form.attach ?? "",
    createdAt: now,
    expiresAt: now + expire * 60_000,
    status: "NOTSURE",
    channel: "",
    refunds: [],
  };
  state.orders.set(key, order);
  const page = `${ctx.simBase}/ksher/ua?order_uuid=${order.uuid}&lang=${order.lang}`;
  return signedReply({ pay_content: page }, "SUCCESS");
}

function find(form: Form): KsherOrder | undefined {
  const orders = ksherState().orders;
  if (form.mch_order_no) return orders.get(orderKey(form.appid, form.mch_order_no));
  for (const o of orders.values()) {
    if (o.appid !== form.appid) continue;
    if (
      (form.ksher_order_no && o.ksherOrderNo === form.ksher_order_no) ||
      (form.channel_order_no && o.channelOrderNo === form.channel_order_no)
    )
      return o;
  }
  return undefined;
}

function orderQuery(form: Form): Response {
  if (!form.mch_order_no) return callError(1, "PARAM_ERROR: mch_order_no is required");
  const o = find(form);
  if (!o) return failReply(form.appid, "ORDER_NOT_EXIST", "order does not exist", { mch_order_no: form.mch_order_no });
  return signedReply(queryData(o), "操作成功");
}

function cancelOrder(form: Form): Response {
  if (!form.mch_order_no) return callError(1, "PARAM_ERROR: mch_order_no is required");
  const o = find(form);
  if (!o) return failReply(form.appid, "ORDER_NOT_EXIST", "order does not exist", { mch_order_no: form.mch_order_no });
  const status = currentStatus(o);
  if (status === "SUCCESS" || status === "REFUND")
    return failReply(form.appid, "ORDER_PAID", "order already paid, it cannot be cancelled", {
      mch_order_no: o.mchOrderNo,
    });
  // A failed payment stays failed; an open one is closed so the page no longer takes money.
  if (status === "NOTSURE") o.status = "CLOSED";
  return signedReply({ appid: o.appid, mch_order_no: o.mchOrderNo, nonce_str: randomHex(32), result: "SUCCESS" });
}

function refundData(
  o: KsherOrder,
  r: { mchRefundNo: string; ksherRefundNo: string; channelRefundNo: string; refundFee: number; at: number },
) {
  return {
    appid: o.appid,
    channel: o.channel,
    channel_order_no: o.channelOrderNo,
    channel_refund_no: r.channelRefundNo,
    fee_type: o.feeType,
    ksher_order_no: o.ksherOrderNo,
    ksher_refund_no: r.ksherRefundNo,
    mch_order_no: o.mchOrderNo,
    mch_refund_no: r.mchRefundNo,
    nonce_str: randomHex(32),
    refund_fee: r.refundFee,
    refund_time: new Date(r.at + 7 * 3_600_000).toISOString().slice(0, 19).replace("T", " "),
    result: "SUCCESS",
    total_fee: o.totalFee,
  };
}

function orderRefund(form: Form): Response {
  for (const name of ["mch_refund_no", "total_fee", "refund_fee", "fee_type"]) {
    if (!form[name]) return callError(1, `PARAM_ERROR: ${name} is required`);
  }
  if (!form.mch_order_no && !form.ksher_order_no && !form.channel_order_no) {
    return callError(1, "PARAM_ERROR: one of mch_order_no, ksher_order_no, channel_order_no is required");
  }
  const o = find(form);
  if (!o) return failReply(form.appid, "ORDER_NOT_EXIST", "order does not exist");
  // The same refund number again is the same refund: answered as before, never paid twice.
  const again = o.refunds.find((r) => r.mchRefundNo === form.mch_refund_no);
  if (again) return signedReply(refundData(o, again));

  const status = currentStatus(o);
  if (status !== "SUCCESS")
    return failReply(
      o.appid,
      "ORDER_NOT_PAID",
      status === "REFUND" ? "order already fully refunded" : "order is not paid",
      { mch_order_no: o.mchOrderNo },
    );
  if (form.fee_type !== o.feeType) return failReply(o.appid, "FEE_TYPE_ERROR", "fee_type does not match the order");
  if (String(o.totalFee) !== form.total_fee)
    return failReply(o.appid, "TOTAL_FEE_ERROR", "total_fee does not match the order");
  if (!/^[1-9]\d{0,11}$/.test(form.refund_fee))
    return callError(1, "PARAM_ERROR: refund_fee must be a whole number of satang");
  const fee = Number(form.refund_fee);
  const left = o.totalFee - refunded(o);
  if (fee > left)
    return failReply(o.appid, "REFUND_FEE_ERROR", `refund_fee exceeds the refundable ${left}`, {
      mch_order_no: o.mchOrderNo,
    });
  if (fee < left && !ALLOW_PARTIAL_REFUND)
    return failReply(o.appid, "NOT_ALLOW_PARTIAL_REFUND", "partial refunds are not enabled for this merchant");

  const refund = {
    mchRefundNo: form.mch_refund_no,
    ksherRefundNo: `9${randomDigits(22)}`,
    channelRefundNo: randomDigits(20),
    refundFee: fee,
    at: Date.now(),
  };
  o.refunds.push(refund);
  if (refunded(o) >= o.totalFee) o.status = "REFUND";
  return signedReply(refundData(o, refund));
}
