import "server-only";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { releaseHold } from "./holds";
import { normalizeReference, requireOrderOwner, type OrderCaller } from "./order-access";

/**
 * The buyer gives an unpaid order up ("Release my seats"): its seats, booths and promo-code use go back
 * on sale at once instead of when the hold runs out. Only the holder of the order's token may, and only
 * while it is pending. Money that still arrives for it afterwards takes the late-payment path, which
 * refunds a cancelled order (settleOrderPaid: order_cancelled); a phone prompt that is still open is
 * the one case worth waiting for, so the buyer is asked to close it first.
 */
export async function cancelOrderByBuyer(
  db: Db,
  reference: string,
  caller: OrderCaller,
  now = new Date(),
): Promise<{ reference: string; status: "cancelled" }> {
  await requireOrderOwner(db, reference, caller, now);
  const order = await db.order.findUniqueOrThrow({
    where: { reference: normalizeReference(reference) },
    select: {
      id: true,
      reference: true,
      status: true,
      payments: { where: { status: "pending", phone: { not: null }, expiresAt: { gt: now } }, select: { id: true } },
    },
  });
  if (order.status !== "pending") throw notCancellable(order.status);
  if (order.payments.length > 0) {
    throw new AppError(
      "order_not_cancellable",
      "A payment prompt for this order is still open on your phone. Decline it (or let it time out), then release your seats.",
    );
  }
  if (!(await releaseHold(db, order.id, "cancelled", now))) {
    const current = await db.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } });
    if (current.status !== "cancelled") throw notCancellable(current.status);
  }
  return { reference: order.reference, status: "cancelled" };
}

function notCancellable(status: string): AppError {
  const why =
    status === "paid"
      ? "This order is already paid. To cancel it, ask the organiser for a refund."
      : `This order is ${status.replace("_", " ")} and holds no seats to release.`;
  return new AppError("order_not_cancellable", why, undefined, { orderStatus: status });
}
