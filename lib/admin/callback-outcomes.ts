import type { CallbackOutcome } from "../db/generated/client";

/** How the admin names each outcome: the words the log showed before outcomes were typed. */
export const OUTCOME_LABELS: Record<CallbackOutcome, string> = {
  received: "received",
  accepted: "accepted",
  applied: "applied",
  no_change: "no change",
  awaiting: "awaiting",
  not_applied: "not applied",
  unconfirmed: "unconfirmed",
  duplicate: "duplicate",
  ignored: "ignored",
  refused: "refused",
  rejected: "rejected",
  unmatched: "unmatched",
  refund_succeeded: "refund succeeded",
  refund_failed: "refund failed",
  error: "error",
};

export const CALLBACK_OUTCOMES = Object.keys(OUTCOME_LABELS) as [CallbackOutcome, ...CallbackOutcome[]];

/** "applied: payment succeeded, order paid" — the outcome and its explanation on one line. */
export function outcomeText(c: { outcome: CallbackOutcome; detail: string | null }): string {
  return c.detail ? `${OUTCOME_LABELS[c.outcome]}: ${c.detail}` : OUTCOME_LABELS[c.outcome];
}
