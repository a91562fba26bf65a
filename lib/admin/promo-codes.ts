import "server-only";
import type { AuthorizedUser } from "../auth/guards";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { Prisma } from "../db/generated/client";
import { AppError, notFound } from "../errors";
import { parseWith } from "../http/api";
import { promoCodeSchema, type PromoCodeData } from "./promo-schemas";

/**
 * Promo codes as the organiser manages them, per event. The use counters are never written here (only
 * lib/promo/uses.ts moves them); an edit may lower `maxUses` only as far as the uses already held or
 * used, checked in the same UPDATE as the counters are checked by orders.
 */

const onlyAdmins = (actor: AuthorizedUser) => {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins manage promo codes.");
};

export interface AdminPromoCodeRow extends PromoCodeData {
  id: string;
  currency: string;
  usesHeld: number;
  usesUsed: number;
  /** Paid orders with the code: what they brought in (after discount and refunds) and what the code gave. */
  paidOrders: number;
  revenueMinor: number;
  discountGivenMinor: number;
}

export async function listPromoCodes(db: Db, eventId: string): Promise<AdminPromoCodeRow[]> {
  const [codes, sums] = await Promise.all([
    db.promoCode.findMany({ where: { eventId }, orderBy: { createdAt: "asc" } }),
    db.order.groupBy({
      by: ["promoCodeId"],
      where: { eventId, promoCodeId: { not: null }, status: { in: ["paid", "partially_refunded"] } },
      _count: { _all: true },
      _sum: { totalMinor: true, refundedMinor: true, discountMinor: true },
    }),
  ]);
  return codes.map((c) => {
    const s = sums.find((x) => x.promoCodeId === c.id);
    return {
      ...c,
      paidOrders: s?._count._all ?? 0,
      revenueMinor: (s?._sum.totalMinor ?? 0) - (s?._sum.refundedMinor ?? 0),
      discountGivenMinor: s?._sum.discountMinor ?? 0,
    };
  });
}

async function eventOf(db: Db, eventId: string) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, currency: true, timezone: true, ticketTypes: { select: { id: true, hidden: true } } },
  });
  if (!event) throw notFound("event_not_found", "There is no such event.");
  return event;
}

/** Ticket types must be the event's own; only hidden ones can be unlocked. */
function checkTypes(event: Awaited<ReturnType<typeof eventOf>>, data: PromoCodeData) {
  const known = new Set(event.ticketTypes.map((t) => t.id));
  const hidden = new Set(event.ticketTypes.filter((t) => t.hidden).map((t) => t.id));
  if (data.ticketTypeIds.some((id) => !known.has(id)) || data.unlocksTicketTypeIds.some((id) => !hidden.has(id)))
    throw new AppError("invalid_input", "Choose ticket types of this event (only hidden ones can be unlocked).");
}

const taken = () =>
  new AppError("promo_code_taken", "This event already has that code.", {
    code: "This event already has that code.",
  });

export async function createPromoCode(db: Db, actor: AuthorizedUser, eventId: string, values: unknown) {
  onlyAdmins(actor);
  const event = await eventOf(db, eventId);
  const data = parseWith(promoCodeSchema(event), values, "promo code");
  checkTypes(event, data);
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.promoCode.create({ data: { ...data, eventId, currency: event.currency } });
      await audit(tx, actor, "promo_code.create", created.id, { code: created.code });
      return created;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}

export async function updatePromoCode(db: Db, actor: AuthorizedUser, promoCodeId: string, values: unknown) {
  onlyAdmins(actor);
  const current = await db.promoCode.findUnique({ where: { id: promoCodeId } });
  if (!current) throw notFound("not_found", "There is no such promo code.");
  const event = await eventOf(db, current.eventId);
  const data = parseWith(promoCodeSchema(event), values, "promo code");
  checkTypes(event, data);
  try {
    return await db.$transaction(async (tx) => {
      // Conditional on the live counters, in one statement: orders may be taking uses at this very moment.
      const { maxUses, ...rest } = data;
      const fits = await tx.$executeRaw`UPDATE "PromoCode" SET "maxUses" = ${maxUses}::int
        WHERE "id" = ${promoCodeId} AND (${maxUses}::int IS NULL OR "usesHeld" + "usesUsed" <= ${maxUses}::int)`;
      if (fits === 0) {
        const inUse = current.usesHeld + current.usesUsed;
        throw new AppError("change_not_allowed", "The code is already used or held more often than that.", {
          maxUses: `At least ${inUse}: the code is already used or held that often.`,
        });
      }
      const after = await tx.promoCode.update({ where: { id: promoCodeId }, data: rest });
      await audit(tx, actor, "promo_code.update", promoCodeId, { code: after.code });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}

/** Pausing stops new orders using the code at once; orders that already hold a use keep it. */
export async function setPromoCodePaused(db: Db, actor: AuthorizedUser, promoCodeId: string, paused: boolean) {
  onlyAdmins(actor);
  const { count } = await db.promoCode.updateMany({ where: { id: promoCodeId }, data: { paused } });
  if (count === 0) throw notFound("not_found", "There is no such promo code.");
  await audit(db, actor, paused ? "promo_code.pause" : "promo_code.resume", promoCodeId, {});
}

function audit(
  tx: Db | Prisma.TransactionClient,
  actor: AuthorizedUser,
  action: string,
  entityId: string,
  data: Record<string, unknown>,
) {
  return tx.auditLog.create({
    data: { actorId: actor.id, action, entity: "PromoCode", entityId, data: data as Prisma.InputJsonValue },
  });
}
