import "server-only";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { refundWaitsOn, SETTLE_BY_HAND_AFTER_MS } from "../payments/refunds";

/**
 * Refunds still pending ten minutes after their gateway was last asked: the ones a person may have to settle
 * by hand from the gateway's records (refundWaitsOn says which are still being asked again by Lango). The
 * dashboard lists them, oldest first, since nobody would otherwise open the order they sit on.
 */
export async function unsettledRefunds(db: Db, now = new Date(), limit = 20) {
  const quiet = new Date(now.getTime() - SETTLE_BY_HAND_AFTER_MS);
  const where: Prisma.RefundWhereInput = {
    status: "pending",
    OR: [{ askedAt: { lt: quiet } }, { askedAt: null, createdAt: { lt: quiet } }],
  };
  const [count, rows] = await Promise.all([
    db.refund.count({ where }),
    db.refund.findMany({
      where,
      include: {
        order: { select: { reference: true, event: { select: { timezone: true, country: true } } } },
        payment: { select: { gateway: true } },
      },
      orderBy: { createdAt: "asc" },
      take: limit,
    }),
  ]);
  return {
    count,
    refunds: rows.map((r) => ({
      id: r.id,
      reference: r.order.reference,
      /** The event's zone and country, to show times as the organiser reads them. */
      timezone: r.order.event.timezone,
      country: r.order.event.country,
      gateway: r.payment.gateway,
      amountMinor: r.amountMinor,
      currency: r.currency,
      askedAt: r.askedAt ?? r.createdAt,
      waitsOn: refundWaitsOn(r, r.payment.gateway, now),
    })),
  };
}
