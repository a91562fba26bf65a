import { Badge, type BadgeTone } from "@/components/ui/badge";

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

/** A callback's outcome starts with the words that matter: "applied: …", "no change: …", "refund failed". */
export function outcomeKind(outcome: string): string {
  return outcome.split(":")[0];
}

const OUTCOME_TONES: Record<string, BadgeTone> = {
  applied: "green",
  "no change": "neutral",
  duplicate: "neutral",
  ignored: "neutral",
  received: "amber",
  "not applied": "amber",
  unconfirmed: "amber",
  refused: "red",
  rejected: "red",
  "refund succeeded": "blue",
  "refund failed": "red",
};

export function OutcomeBadge({ outcome }: { outcome: string }) {
  const kind = outcomeKind(outcome);
  return <Badge tone={OUTCOME_TONES[kind] ?? "neutral"}>{kind}</Badge>;
}
