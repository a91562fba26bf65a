/** What the Ksher simulator remembers: one record per gateway_pay order, keyed by appid and mch_order_no. */
import { gatewayState } from "../store";

/** NOTSURE: open (Ksher's answer for an unpaid gateway order); CLOSED: expired or cancelled by the merchant. */
export type KsherOrderStatus = "NOTSURE" | "SUCCESS" | "PAYERROR" | "CLOSED" | "REFUND";

export interface KsherRefund {
  mchRefundNo: string;
  ksherRefundNo: string;
  channelRefundNo: string;
  refundFee: number;
  at: number;
}

export interface KsherOrder {
  appid: string;
  mchOrderNo: string;
  /** The hosted page's id (`order_uuid`). */
  uuid: string;
  /** Ksher's number for the order once it is paid through a channel (blank before, as Ksher answers). */
  ksherOrderNo: string;
  channelOrderNo: string;
  /** satang */
  totalFee: number;
  feeType: string;
  mchCode: string;
  productName: string;
  channels: string[];
  lang: string;
  redirectUrl: string;
  redirectUrlFail: string;
  notifyUrl: string;
  attach: string;
  createdAt: number;
  expiresAt: number;
  status: KsherOrderStatus;
  /** The channel the payer used (or failed with). */
  channel: string;
  paidAt?: number;
  refunds: KsherRefund[];
}

export interface KsherState {
  orders: Map<string, KsherOrder>;
}

export const orderKey = (appid: string, mchOrderNo: string) => `${appid}:${mchOrderNo}`;

export function ksherState(): KsherState {
  return gatewayState<KsherState>("ksher", () => ({ orders: new Map() }));
}

export function findByUuid(uuid: string): KsherOrder | undefined {
  for (const o of ksherState().orders.values()) if (o.uuid === uuid) return o;
  return undefined;
}

/** An open order past its expire_time is closed: Ksher's page no longer takes money for it. */
export function currentStatus(o: KsherOrder, now = Date.now()): KsherOrderStatus {
  if (o.status === "NOTSURE" && now > o.expiresAt) o.status = "CLOSED";
  return o.status;
}

export const refunded = (o: KsherOrder) => o.refunds.reduce((sum, r) => sum + r.refundFee, 0);
