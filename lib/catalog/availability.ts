/** Whether a ticket type can be bought right now, and how many seats are left (holds count as taken). */
export type SaleState = "on_sale" | "sold_out" | "not_started" | "ended";

export interface StockFields {
  capacity: number;
  sold: number;
  held: number;
  salesStartAt: Date | null;
  salesEndAt: Date | null;
}

export function seatsLeft(t: Pick<StockFields, "capacity" | "sold" | "held">): number {
  return Math.max(0, t.capacity - t.sold - t.held);
}

export function saleState(t: StockFields, now: Date): SaleState {
  if (t.salesStartAt && now < t.salesStartAt) return "not_started";
  if (t.salesEndAt && now >= t.salesEndAt) return "ended";
  return seatsLeft(t) === 0 ? "sold_out" : "on_sale";
}

export type PublicBoothStatus = "available" | "held" | "booked" | "blocked";

/** A hold past its expiry is as good as free, even before the sweep releases it. */
export function boothStatus(
  b: { status: PublicBoothStatus; holdExpiresAt: Date | null },
  now: Date,
): PublicBoothStatus {
  if (b.status === "held" && b.holdExpiresAt && b.holdExpiresAt <= now) return "available";
  return b.status;
}
