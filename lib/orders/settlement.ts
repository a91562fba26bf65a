import type { Settlement } from "../db/generated/client";

/**
 * Whether a payment's money bought its order. Only such money changes the order when it is refunded; a
 * late, duplicate or after-cancellation payment simply goes back and leaves the order as it is.
 */
export function paidTheOrder(settlement: Settlement | null | undefined): boolean {
  return settlement === "paid" || settlement === "paid_late";
}
