import type { CallbackVerdict } from "./types";

/** "payment succeeded, order paid_late": what a notification confirmed with the gateway changed. */
export function appliedVerdict(result: { status: string; settle?: string }): CallbackVerdict {
  return { outcome: "applied", detail: `payment ${result.status}${result.settle ? `, order ${result.settle}` : ""}` };
}
