import type { ApiError } from "@/lib/http/api-client";
import type { StartedPayment } from "@/lib/payments/start-payment";
import type { GatewayOption, KnownPayment, PaymentStatus, PaymentStatusView } from "./types";

/** What the panel follows: the known payment plus what starting it told us (instruction, prompt window). */
export interface Followed extends KnownPayment {
  /** The gateway's instruction ("Check your phone and enter your M-Pesa PIN to pay KES 5,000."). */
  message?: string;
  expiresAt?: string;
  sentTo?: string;
  /** The number typed for this attempt (null: the order's), so "Send a new prompt" uses it again. */
  phone?: string | null;
  /** Started by a press on this page (not found on load): the waiting screen takes focus. */
  justStarted?: boolean;
}

/** Followed, updated by the latest poll: status, reason and receipt from the server; instruction from either. */
export type Current = Followed & { receipt?: string; continueUrl?: string };

export function withPoll(followed: Followed, view: PaymentStatusView): Current {
  const next = view.nextAction;
  const push = next?.type === "await_customer" ? next : undefined;
  return {
    ...followed,
    status: view.status,
    failureReason: view.failureReason ?? null,
    failureReasonCode: view.failureReasonCode ?? null,
    receipt: view.receipt,
    message: followed.message ?? push?.message,
    expiresAt: followed.expiresAt ?? push?.expiresAt ?? view.expiresAt,
    continueUrl: next?.type === "redirect" ? next.url : undefined,
  };
}

/** The attempt just started here, waited on in the panel (a redirect leaves the page instead). */
export function followStarted(
  started: StartedPayment,
  option: GatewayOption,
  phone: string | null,
  maskedPhone: string,
): Followed {
  const next = started.nextAction;
  return {
    paymentId: started.paymentId,
    gateway: option.id,
    status: started.status,
    failureReason: started.failureReason,
    failureReasonCode: started.failureReasonCode,
    ...(next.type === "await_customer" && { message: next.message, expiresAt: next.expiresAt }),
    sentTo: phone ?? maskedPhone,
    phone,
    justStarted: true,
  };
}

/**
 * A prompt for this order is still open on a phone (another tab, or a press before this one): the refusal
 * names it, and the panel waits on that one as if it had just been sent (its screen offers a new prompt once
 * it expires). Null for any other refusal.
 */
export function followInProgress(
  error: ApiError,
  option: GatewayOption,
  gateways: GatewayOption[],
  phone: string | null,
): Followed | null {
  const paymentId = error.detail("paymentId");
  if (error.status !== 409 || error.code !== "payment_in_progress" || !paymentId) return null;
  const named = error.detail("gateway");
  const gateway = named && gateways.some((g) => g.id === named) ? named : option.id;
  const expiresAt = error.detail("expiresAt");
  return {
    paymentId,
    gateway,
    status: "pending",
    ...(expiresAt && { expiresAt }),
    phone,
    justStarted: true,
  };
}

/** The waiting screen's own instruction when the gateway gave none, in the page's language. */
export interface WaitingWords {
  checkPhone(values: { gateway: string; total: string }): string;
  finishOn(values: { gateway: string }): string;
  /** The gateway's words are English: a page in another language says it in its own. */
  ownWordsOnly: boolean;
}

const ENGLISH_WAITING: WaitingWords = {
  checkPhone: ({ gateway, total }) => `Check your phone and enter your ${gateway} PIN to pay ${total}.`,
  finishOn: ({ gateway }) => `Finish paying on ${gateway}`,
  ownWordsOnly: false,
};

/** How the waiting screen waits on a pending attempt: on a phone prompt, or on a page elsewhere. */
export function waitingFor(
  current: Current,
  option: GatewayOption | undefined,
  totalLabel: string,
  words: WaitingWords = ENGLISH_WAITING,
): { name: string; flow: "push" | "redirect"; message: string } {
  const name = option?.displayName ?? current.gateway;
  // A paybill payment is waited on like a hosted-page one: no prompt, no countdown, just the check.
  const flow = current.paybill
    ? "redirect"
    : option?.flow === "redirect" || option?.flow === "push"
      ? option.flow
      : current.continueUrl
        ? "redirect"
        : "push";
  const message =
    (!words.ownWordsOnly && current.message) ||
    (flow === "push" ? words.checkPhone({ gateway: name, total: totalLabel }) : words.finishOn({ gateway: name }));
  return { name, flow, message };
}

/** The endings that send the buyer back to the method picker with a reason (`payment.failure.<status>`). */
const FAILED = ["cancelled", "expired", "failed", "refunded"] as const;
export type FailedStatus = (typeof FAILED)[number];

export function failedStatus(status: PaymentStatus | undefined): FailedStatus | undefined {
  return (FAILED as readonly string[]).includes(status ?? "") ? (status as FailedStatus) : undefined;
}
