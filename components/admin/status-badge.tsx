import { Badge, type BadgeTone } from "@/components/ui/badge";
import { OUTCOME_LABELS } from "@/lib/admin/callback-outcomes";
import type { CallbackOutcome } from "@/lib/db/generated/client";

const PAYMENT_TONES: Record<string, BadgeTone> = {
  pending: "amber",
  succeeded: "green",
  failed: "red",
  cancelled: "neutral",
  expired: "neutral",
  refunded: "blue",
};

export function PaymentStatusBadge({ status }: { status: string }) {
  return <Badge tone={PAYMENT_TONES[status] ?? "neutral"}>{status}</Badge>;
}

const OUTCOME_TONES: Record<CallbackOutcome, BadgeTone> = {
  received: "amber",
  accepted: "neutral",
  applied: "green",
  no_change: "neutral",
  awaiting: "amber",
  not_applied: "amber",
  unconfirmed: "amber",
  duplicate: "neutral",
  ignored: "neutral",
  refused: "red",
  rejected: "red",
  unmatched: "red",
  refund_succeeded: "blue",
  refund_failed: "red",
  error: "red",
};

export function OutcomeBadge({ outcome }: { outcome: CallbackOutcome }) {
  return <Badge tone={OUTCOME_TONES[outcome]}>{OUTCOME_LABELS[outcome]}</Badge>;
}
