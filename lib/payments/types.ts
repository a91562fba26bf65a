/**
 * The one interface every gateway implements. The wire part (initiate, getStatus, callbacks, refunds)
 * speaks the gateway's format and knows nothing of orders or the database; lib/payments drives it and is
 * the only place that changes a payment's state. A gateway whose payments do not start with a prompt or a
 * hosted page (M-Pesa paybill, cash at the desk) brings that flow along as an optional capability.
 */
import type { Db } from "../db/client";
import type { CallbackOutcome, Settlement } from "../db/generated/client";
import type { Money } from "../money";

export const GATEWAY_IDS = ["daraja", "dpo", "mtn-momo", "airtel", "flutterwave", "ksher", "cash"] as const;
export type GatewayId = (typeof GATEWAY_IDS)[number];

/** Payment status words of the public API (DESIGN.md). `pending` is the only non-final one. */
export type PaymentStatus = "pending" | "succeeded" | "failed" | "cancelled" | "expired" | "refunded";

/** Why a payment did not go through, in words a buyer understands, with the gateway's own code kept. */
export interface PaymentFailure {
  /** The gateway's code, verbatim ("1032", "901", "APPROVAL_REJECTED"). */
  gatewayCode: string;
  /** Shown to the buyer: what happened and what to do. */
  message: string;
}

export type NextAction =
  | { type: "redirect"; url: string }
  | { type: "await_customer"; message: string; pollAfterMs: number; expiresAt: string }
  | { type: "none" };

/** What the gateway needs to know to start collecting money for one payment attempt. */
export interface InitiateInput {
  paymentId: string;
  orderReference: string;
  amount: Money;
  /** Short human description ("2 tickets, Nairobi Tech Summit"). Adapters truncate to their limits. */
  description: string;
  customer: { name: string; email: string; phoneE164?: string };
  /** Optional method within the gateway (DPO mobile money: "mpesa", "tigo", "airtel"; Flutterwave: "card"). */
  method?: string;
  /** ISO 3166-1 alpha-2 of the event. */
  country: string;
  /** When the event starts (DPO ServiceDate). */
  serviceDate: Date;
  /** Until when the order's hold lasts: the gateway should not take money after it (DPO PTL). */
  expiresAt: Date;
  /** Where a redirect gateway sends the buyer back (GET /pay/return/{gateway}?payment=…). */
  returnUrl: string;
  /** Where the gateway posts its notification (already carries any URL secret token). */
  callbackUrl: string;
}

export interface InitiateResult {
  /** The gateway's id for the attempt (CheckoutRequestID, TransToken, X-Reference-Id…). */
  gatewayReference: string;
  /** Usually `pending`; `failed` when the gateway refused synchronously. */
  status: PaymentStatus;
  nextAction: NextAction;
  failure?: PaymentFailure;
}

export interface StatusQuery {
  paymentId: string;
  gatewayReference: string;
  amount: Money;
  /**
   * The gateway's own transaction id, as a return or a notification named it (Flutterwave's
   * transaction_id). Unverified: a gateway that looks it up must check the answer names this payment.
   */
  claimedTransactionId?: string;
}

/** The gateway's answer to "what happened to this payment?" — the truth the service acts on. */
export interface StatusResult {
  status: PaymentStatus;
  /** What the gateway says was paid, when it says so. Checked against the order by the service. */
  paid?: Money;
  /** Gateway receipt (MpesaReceiptNumber, TransactionApproval, financialTransactionId…). */
  receipt?: string;
  failure?: PaymentFailure;
}

/** A notification as it arrived over HTTP. */
export interface NotificationRequest {
  /** Sub-kind from the URL (/api/callbacks/{gateway}/{kind}, e.g. M-Pesa's `stk`); undefined without one. */
  kind?: string;
  method: string;
  headers: Headers;
  rawBody: string;
  query: URLSearchParams;
  sourceIp?: string;
}

/**
 * What a notification claims. Never acted on by itself: unsigned claims are confirmed with getStatus,
 * and even signed ones are checked against the order's amount and currency.
 */
export type NotificationClaim =
  | {
      type: "payment";
      /** Unique per distinct notification; a repeat with the same key changes nothing. */
      dedupeKey: string;
      paymentId?: string;
      gatewayReference?: string;
      claimedStatus: PaymentStatus;
      claimedAmount?: Money;
      receipt?: string;
      /** The gateway's transaction id, when it differs from the reference (see StatusQuery.claimedTransactionId). */
      transactionId?: string;
      failure?: PaymentFailure;
    }
  | { type: "ignored"; reason: string };

/** The HTTP answer a gateway expects to a notification (DPO wants the body `OK`, Daraja JSON…). */
export interface NotificationAck {
  status: number;
  contentType: string;
  body: string;
}

export type AckOutcome = "accepted" | "duplicate" | "ignored" | "rejected";

export interface RefundInput {
  refundId: string;
  paymentId: string;
  gatewayReference: string;
  receipt?: string;
  phoneE164?: string;
  amount: Money;
  /** What the payment collected, so an adapter can tell a full refund (Daraja reversal) from a partial one. */
  paymentAmount?: Money;
  reason: string;
}

export type RefundResult =
  | {
      /** `pending` when the gateway reports the result later (Daraja B2C / reversal result URLs). */
      status: "pending" | "succeeded";
      gatewayReference?: string;
    }
  /** A refused refund always says why: the admin reads it on the refund. */
  | { status: "failed"; gatewayReference?: string; failureReason: string };

/** A recorded HTTP call to a gateway, for the gateway call log and health figures. */
export interface GatewayCallRecord {
  gateway: GatewayId;
  operation: string;
  method: string;
  url: string;
  paymentId?: string;
  httpStatus?: number;
  resultCode?: string;
  ok: boolean;
  durationMs: number;
  request?: string;
  response?: string;
  error?: string;
}

/** Everything an adapter gets from outside; injected so tests can point it at a simulator. */
export interface GatewayContext<Config> {
  config: Config;
  /** fetch, normally globalThis.fetch. */
  fetch: typeof fetch;
  now: () => Date;
  /** Called once per HTTP call made to the gateway; secrets must already be redacted. */
  recordCall: (call: GatewayCallRecord) => void;
}

/** Transport or protocol trouble talking to a gateway (timeouts, 5xx, malformed replies). */
export class GatewayError extends Error {
  constructor(
    readonly gateway: GatewayId,
    readonly code: "unavailable" | "timeout" | "malformed_response" | "rejected" | "auth_failed" | "rate_limited",
    message: string,
    readonly details: {
      gatewayCode?: string;
      httpStatus?: number;
      buyerMessage?: string;
      retryable?: boolean;
      /** The call that failed (gatewayFetch's `operation`): a lost answer to a token request sent nothing else. */
      operation?: string;
    } = {},
  ) {
    super(message);
    this.name = "GatewayError";
  }
}

/** What a buyer's return from a hosted page says. Only ids to look up, and the buyer's own "I cancelled". */
export interface ReturnClaim {
  paymentId?: string;
  gatewayReference?: string;
  transactionId?: string;
  /**
   * The page says the buyer pressed cancel. Used only when the gateway's own status still shows nothing
   * paid: the attempt is then shown as cancelled, and a payment made later on the same page still counts.
   */
  cancelledByBuyer?: boolean;
}

export interface Gateway<Config = unknown> {
  readonly id: GatewayId;
  readonly displayName: string;
  /**
   * push: the buyer approves on their phone; redirect: the buyer pays on the gateway's page; desk: the
   * buyer pays in person later, and the order is held for the event's offline-payment window meanwhile.
   */
  readonly flow: "push" | "redirect" | "desk";
  /** Options the buyer can pick within the gateway (DPO mobile-money networks, cards). */
  methods(q: { currency: string; country: string }): { id: string; label: string }[];
  /** What the buyer pays with there, beside the name ("PromptPay, wallets or card"); absent: said by the flow. */
  paysWith?(q: { currency: string; country: string }): string;
  /**
   * Countries (ISO alpha-2) where this is how most people pay: it is listed first, and so preselected,
   * for events there (M-Pesa in Kenya, MTN MoMo in Uganda).
   */
  readonly homeMarkets?: readonly string[];
  /** The gateway's settings from the environment, or null when it is not enabled. */
  loadConfig(
    vars: Record<string, string | undefined>,
    opts: { mode: "simulator" | "live"; appUrl: string },
  ): Config | null;
  /** Whether the gateway can take this currency in this country. */
  supports(q: { currency: string; country: string }): boolean;
  initiate(input: InitiateInput, ctx: GatewayContext<Config>): Promise<InitiateResult>;
  getStatus(q: StatusQuery, ctx: GatewayContext<Config>): Promise<StatusResult>;
  /**
   * Source checks (URL token, IP allow-list, signature), constant-time. `anonymous`: the gateway gives
   * nothing to check (DPO, MTN, Airtel), so anyone may have sent it; it is only a reason to ask the gateway,
   * and asks at most a couple of times every few seconds per payment (sync-payment.ts, ANONYMOUS_ASKS).
   */
  verifyCallback(
    req: NotificationRequest,
    ctx: GatewayContext<Config>,
  ): { ok: true; anonymous?: boolean } | { ok: false; reason: string };
  /** Pure: turns the body into a claim; throws nothing (malformed bodies become `ignored`). */
  parseCallback(req: NotificationRequest): NotificationClaim;
  callbackAck(outcome: AckOutcome, req: NotificationRequest): NotificationAck;
  /**
   * The notification URL to put in InitiateInput.callbackUrl, carrying any URL secret the gateway's
   * verifyCallback checks (Daraja's token). Absent: `${appUrl}/api/callbacks/${id}`.
   */
  callbackUrl?(appUrl: string, config: Config): string;
  /** The payment id (and gateway reference) a redirect return points at; never trusted for status. */
  parseReturn?(query: URLSearchParams): ReturnClaim;
  refund?(input: RefundInput, ctx: GatewayContext<Config>): Promise<RefundResult>;
  /**
   * Asking again for a refund whose request went unanswered (pending, no gateway reference) is safe: the
   * gateway refuses a repeat of the same refund id, or (a reversal) answers that the money is already back.
   * The reconciler then asks again (lib/payments/refunds.ts, resendUnansweredRefunds).
   */
  resendsUnansweredRefunds?: boolean;
  /** Stop the gateway from taking money for an attempt whose hold is gone (DPO cancelToken). */
  cancel?(q: StatusQuery, ctx: GatewayContext<Config>): Promise<void>;
  /** Notification kinds that carry a refund's final result (Daraja's B2C / reversal result URLs). */
  refundResultKinds?: readonly string[];
  parseRefundResult?(req: NotificationRequest): RefundResultClaim;
  /** Payments that arrive without a prompt from us (M-Pesa paybill). */
  unprompted?: UnpromptedPayments<Config>;
  /** Payments recorded in person (cash at the desk): no wire, and refunds go back over the desk. */
  inPerson?: InPersonPayments;
}

/** The settings the payments service runs with. */
export interface PaymentsEnv {
  mode: "simulator" | "live";
  appUrl: string;
  vars: Record<string, string | undefined>;
}

/** A refund's final result as reported by the gateway. */
export type RefundResultClaim =
  | {
      type: "refund";
      gatewayReference: string;
      refundId?: string;
      /**
       * The gateway's own id of the payment this result reverses, when it names one (a Daraja reversal's
       * OriginalTransactionID): it finds the refund whose request was taken but whose answer was lost.
       */
      reversedReceipt?: string;
      succeeded: boolean;
      reason?: string;
    }
  | { type: "ignored"; reason: string };

/** One row of the callback log, as a notification handler writes it. */
/** What was done with a notification: the closed outcome screens decide on, and the why for people. */
export interface CallbackVerdict {
  outcome: CallbackOutcome;
  detail?: string;
}

export interface CallbackLogEntry extends CallbackVerdict {
  verified: boolean;
  dedupeKey?: string;
  paymentId?: string;
  duplicate?: boolean;
}

/** A verified notification for an unprompted payment, with what its handler needs. */
export interface UnpromptedNotification<Config> {
  db: Db;
  env: PaymentsEnv;
  config: Config;
  req: NotificationRequest;
  /** Writes the callback log row (throws a unique violation for a repeated dedupe key). */
  log: (entry: CallbackLogEntry) => Promise<{ id: string }>;
  /** The answer for a request refused outright (bad proof, unknown payment). */
  rejectedAck: NotificationAck;
}

/**
 * Money the buyer sends on their own (to a paybill, with the order reference): its notifications create
 * the payment and answer in their own shapes, so the gateway handles them end to end.
 */
export interface UnpromptedPayments<Config> {
  /** The notification kinds (/api/callbacks/{gateway}/{kind}) that belong to these payments. */
  kinds: ReadonlySet<string>;
  handle(n: UnpromptedNotification<Config>): Promise<{ ack: NotificationAck } & CallbackVerdict>;
  /** Asks again about payments whose confirmation never came; called by the reconciler. Returns how many. */
  recheck(db: Db, env: PaymentsEnv, now: Date): Promise<number>;
}

/** Money taken in person, which an admin records with the receipt they wrote. */
export interface InPersonPayments {
  /** The buyer chose to pay in person: holds the order for the in-person window. Returns the hold's end. */
  holdOrder(db: Db, orderId: string, now: Date): Promise<Date>;
  /** The payment a receipt was already recorded as, if any. */
  recorded(db: Db, receipt: string): Promise<Extract<InPersonOutcome, { type: "already_recorded" }> | null>;
  record(db: Db, input: InPersonRecord, env: PaymentsEnv, now: Date): Promise<InPersonOutcome>;
}

export interface InPersonRecord {
  orderId: string;
  amount: Money;
  /** The receipt-book number: unique per gateway, so recording the same receipt twice records it once. */
  receipt: string;
  receivedBy: { id: string; email: string };
}

export type InPersonOutcome =
  /** Recorded and settled: `sold` when the order is paid by it, otherwise the money was recorded as handed back. */
  | { type: "recorded"; paymentId: string; sold: boolean; settlement?: Settlement }
  | { type: "already_recorded"; paymentId: string; orderId: string; orderReference: string };
