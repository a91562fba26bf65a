import "server-only";
import type { Db } from "../db/client";
import { AppError } from "../errors";

/**
 * "Pay at the desk": the order keeps its seats and booths for the event's offline-payment window instead
 * of the online hold, but never past the event's start (nobody pays at a desk for a show that began).
 * One conditional update moves the hold only while the order still holds it, so an order that expired,
 * was paid or cancelled meanwhile is never revived; booths held by the order get the same deadline, since
 * a new order may take over a booth whose hold has run out. Returns the end of the hold.
 */
export async function holdForDesk(db: Db, orderId: string, now = new Date()): Promise<Date> {
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, select: { expiresAt: true, event: { select: { offlinePaymentHours: true, startsAt: true } } } });
  const { offlinePaymentHours, startsAt } = order.event;
  if (offlinePaymentHours <= 0) throw new AppError("gateway_not_enabled", "This event does not take payment at the desk. Please choose another way to pay.", 422);
  const until = new Date(Math.min(now.getTime() + offlinePaymentHours * 3_600_000, startsAt.getTime()));
  // The window runs from the first choice of the desk: choosing it again neither stretches the hold (or a
  // buyer could keep seats forever) nor, late in a long hold, shortens it.
  const chosen = await db.payment.count({ where: { orderId, gateway: "cash", status: "pending" } });
  if (chosen > 0 || until <= order.expiresAt) return order.expiresAt;

  return db.$transaction(async (tx) => {
    const moved = await tx.order.updateMany({
      where: { id: orderId, status: "pending", holdReleasedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: until },
    });
    if (moved.count === 0) {
      throw new AppError("order_not_payable", "Your hold on these tickets has run out, or the order changed meanwhile. Please reload the page.", 409);
    }
    await tx.$executeRaw`UPDATE "Booth" SET "holdExpiresAt" = ${until}, "updatedAt" = ${now} WHERE "holdOrderId" = ${orderId} AND "status" = 'held'`;
    return until;
  });
}
