import "server-only";
import type { Db } from "../../../db/handle";
import { sqlOf } from "../../../db/sql";
import { AppError } from "../../../errors";
import { checkDeskHoldInTx, emailKey, holdLimits } from "../../../orders/order-limits";
import { extendBoothHolds } from "../../../orders/stock";

/**
 * "Pay at the desk": the order keeps its seats and booths for the event's offline-payment window instead
 * of the online hold, but never past the event's start (nobody pays at a desk for a show that began).
 * Such long holds are limited per buyer, per client and to a share of each ticket type's capacity
 * (checkDeskHoldInTx): beyond that the buyer is asked to pay online and keeps the short hold they have.
 * One conditional update moves the hold only while the order still holds it, so an order that expired,
 * was paid or cancelled meanwhile is never revived; booths held by the order get the same deadline, since
 * a new order may take over a booth whose hold has run out. Returns the end of the hold.
 */
export async function holdForDesk(
  db: Db,
  orderId: string,
  now = new Date(),
  env: Record<string, string | undefined> = process.env,
): Promise<Date> {
  const order = await db.order.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      expiresAt: true,
      eventId: true,
      buyerEmail: true,
      buyerEmailKey: true,
      buyerPhone: true,
      clientKey: true,
      event: { select: { offlinePaymentHours: true, startsAt: true } },
    },
  });
  const { offlinePaymentHours, startsAt } = order.event;
  if (offlinePaymentHours <= 0)
    throw new AppError(
      "gateway_not_enabled",
      "This event does not take payment at the desk. Please choose another way to pay.",
    );
  const until = new Date(Math.min(now.getTime() + offlinePaymentHours * 3_600_000, startsAt.getTime()));
  // The window runs from the first choice of the desk: choosing it again neither stretches the hold (or a
  // buyer could keep seats forever) nor, late in a long hold, shortens it.
  const chosen = await db.payment.count({ where: { orderId, gateway: "cash", status: "pending" } });
  if (chosen > 0 || until <= order.expiresAt) return order.expiresAt;

  return sqlOf(db).transaction(async (sql) => {
    const refused = await checkDeskHoldInTx(sql, {
      orderId,
      eventId: order.eventId,
      emailKey: order.buyerEmailKey ?? emailKey(order.buyerEmail),
      phone: order.buyerPhone,
      clientKey: order.clientKey,
      now,
      limits: holdLimits(env),
    });
    if (refused) throw refused;
    const moved = await sql.query(
      `UPDATE "Order" SET "expiresAt" = $2::timestamp, "deskHoldAt" = $3::timestamp, "updatedAt" = $3::timestamp
       WHERE "id" = $1 AND "status" = 'pending' AND "holdReleasedAt" IS NULL AND "expiresAt" > $3::timestamp`,
      [orderId, until.toISOString(), now.toISOString()],
    );
    if (moved.rowCount === 0) {
      throw new AppError(
        "order_not_payable",
        "Your hold on these tickets has run out, or the order changed meanwhile. Please reload the page.",
      );
    }
    await extendBoothHolds(sql, orderId, until, now);
    return until;
  });
}
