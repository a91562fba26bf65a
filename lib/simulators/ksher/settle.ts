/**
 * A Ksher order's outcome on the hosted page, the order-query view of it, and the webhook Ksher sends for a
 * successful payment — resent on Ksher's schedule until the merchant answers exactly
 * `{"result":"SUCCESS","msg":"OK"}` (gateways.md §6).
 */
import { randomAlnum, randomDigits } from "../ids";
import { logInfo } from "../http";
import { sendNotification } from "../notify";
import { notifications, schedule } from "../store";
import { currentStatus, type KsherOrder } from "./state";
import { bangkokTime, envelope } from "./wire";

/** Seconds between one delivery and the next retry: 12 retries within 29 hours. */
export const RETRY_SCHEDULE_S = [1, 2, 2, 10, 30, 60, 600, 3600, 3 * 3600, 5 * 3600, 8 * 3600, 12 * 3600];

/** Every field gateway_order_query answers with, in the recorded reply's set; blank until the order is paid. */
export function queryData(o: KsherOrder): Record<string, unknown> {
  const status = currentStatus(o);
  const paid = status === "SUCCESS" || status === "REFUND";
  return {
    appid: o.appid,
    attach: o.attach,
    cash_fee: paid ? String(o.totalFee) : "",
    cash_fee_type: paid ? o.feeType : "",
    channel: o.channel,
    channel_order_no: o.channelOrderNo,
    fee_type: o.feeType,
    ksher_order_no: o.ksherOrderNo,
    mch_order_no: o.mchOrderNo,
    nonce_str: randomAlnum(32),
    openid: "",
    pay_mch_order_no: o.uuid.slice(0, 16),
    rate: paid ? "1.00000000" : "",
    result: status,
    time_end: paid && o.paidAt ? bangkokTime(o.paidAt) : "",
    // A number, where the request sent a string: a quirk of Ksher's replies.
    total_fee: o.totalFee,
  };
}

export type PageOutcome = { kind: "pay"; channel: string } | { kind: "fail"; channel: string };

/** Applies the payer's choice to an open order; false (and nothing sent) when it is no longer open. */
export function settleOrder(o: KsherOrder, outcome: PageOutcome): boolean {
  if (currentStatus(o) !== "NOTSURE") return false;
  o.channel = outcome.channel;
  if (outcome.kind === "fail") {
    o.status = "PAYERROR";
    return true;
  }
  o.status = "SUCCESS";
  o.paidAt = Date.now();
  o.ksherOrderNo = `900${bangkokTime(o.paidAt).replace(/\D/g, "")}${randomDigits(6)}`;
  o.channelOrderNo = `${outcome.channel.toUpperCase().slice(0, 2)}${randomDigits(18)}`;
  notifySuccess(o);
  return true;
}

const ACK = { result: "SUCCESS", msg: "OK" };

function acknowledged(body: string | undefined): boolean {
  if (!body) return false;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    return (
      typeof parsed === "object" &&
      parsed !== null &&
      Object.keys(parsed).length === 2 &&
      parsed.result === ACK.result &&
      parsed.msg === ACK.msg
    );
  } catch {
    return false;
  }
}

/** Whether any delivery of this order's webhook got the answer Ksher wants. */
function merchantAcknowledged(o: KsherOrder): boolean {
  return notifications().some(
    (n) =>
      n.gateway === "ksher" &&
      n.kind === `notify:${o.appid}:${o.mchOrderNo}` &&
      n.deliveries.some((d) => d.status === 200 && acknowledged(d.responseBody)),
  );
}

/** The webhook: signed JSON sent as text/plain, only for a success, resent as it was until acknowledged. */
export function notifySuccess(o: KsherOrder): void {
  if (!o.notifyUrl) return;
  deliver(o, JSON.stringify(envelope(queryData(o), "操作成功")), 0);
}

function deliver(o: KsherOrder, body: string, attempt: number): void {
  sendNotification({
    gateway: "ksher",
    kind: `notify:${o.appid}:${o.mchOrderNo}`,
    url: o.notifyUrl,
    body,
    contentType: "text/plain;charset=utf-8",
  });
  const wait = RETRY_SCHEDULE_S[attempt];
  if (wait === undefined) return;
  schedule(() => {
    if (merchantAcknowledged(o)) return;
    logInfo("ksher webhook not acknowledged; retrying", { mchOrderNo: o.mchOrderNo, retry: attempt + 1 });
    deliver(o, body, attempt + 1);
  }, wait * 1000);
}
