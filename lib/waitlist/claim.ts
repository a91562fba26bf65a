import "server-only";
import type { Db } from "../db/client";
import type { Sql } from "../db/sql";
import { AppError } from "../errors";
import { releaseHeld } from "../orders/stock";

/** The seats an offer holds: what an order bought with its code takes over instead of holding anew. */
export interface HeldOffer {
  entryId: string;
  ticketTypeId: string;
  quantity: number;
}

const offerUsed = () => new AppError("offer_used", "This waiting-list offer has already been used for an order.");

const offerExpired = () =>
  new AppError("offer_expired", "This waiting-list offer has run out, so its tickets went to the next person in line.");

/**
 * The offer an order names, read before the order's transaction so the buyer gets a clear answer (and
 * the sold-out shortcut knows these seats are theirs). Nothing is taken here: takeOffer does, atomically.
 */
export async function findOfferForOrder(
  db: Db,
  offerCode: string,
  eventId: string,
  ticketTypeIds: readonly string[],
  now: Date,
): Promise<HeldOffer> {
  const entry = await db.waitlistEntry.findUnique({
    where: { offerCode },
    select: {
      id: true,
      eventId: true,
      ticketTypeId: true,
      quantity: true,
      status: true,
      offerExpiresAt: true,
      ticketType: { select: { name: true } },
    },
  });
  if (!entry || entry.eventId !== eventId)
    throw new AppError("offer_invalid", "This waiting-list offer link is not valid for this event.");
  if (entry.status === "bought") throw offerUsed();
  if (entry.status !== "offered" || !entry.offerExpiresAt || entry.offerExpiresAt <= now) throw offerExpired();
  if (!ticketTypeIds.includes(entry.ticketTypeId))
    throw new AppError(
      "offer_invalid",
      `This offer is for ${entry.ticketType.name} tickets: add them to the order to use it.`,
      undefined,
      { ticketTypeId: entry.ticketTypeId },
    );
  return { entryId: entry.id, ticketTypeId: entry.ticketTypeId, quantity: entry.quantity };
}

/**
 * In the order's transaction, before any seat is held: marks the offer bought by `orderId` if it is still
 * live, and says which held seats the order takes over (`seats`: what the order asks for per type); held
 * seats it does not take go back at once. Null when the offer lapsed or was used in the meantime. One
 * conditional UPDATE, so two orders racing with the same code cannot both have it.
 */
export async function takeOffer(
  sql: Sql,
  offerCode: string,
  orderId: string,
  seats: ReadonlyMap<string, number>,
  now: Date,
): Promise<HeldOffer | null> {
  const { rows } = await sql.query<{ id: string; ticketTypeId: string; quantity: number }>(
    `UPDATE "WaitlistEntry" SET "status" = 'bought', "orderId" = $2, "boughtAt" = $3::timestamp, "updatedAt" = $3::timestamp
     WHERE "offerCode" = $1 AND "status" = 'offered' AND "offerExpiresAt" > $3::timestamp
     RETURNING "id", "ticketTypeId", "quantity"`,
    [offerCode, orderId, now.toISOString()],
  );
  const row = rows[0];
  if (!row) return null;
  const offer = { entryId: row.id, ticketTypeId: row.ticketTypeId, quantity: row.quantity };
  const unused = offer.quantity - offerCovers(offer, offer.ticketTypeId, seats.get(offer.ticketTypeId) ?? 0);
  if (unused > 0)
    await releaseHeld(
      sql,
      offer.entryId,
      [{ kind: "ticket", ticketTypeId: offer.ticketTypeId, boothId: null, quantity: unused }],
      now,
    );
  return offer;
}

/** Why takeOffer found nothing to take: used by another order (a double tap) or run out meanwhile. */
export async function offerGone(sql: Sql, offerCode: string): Promise<AppError> {
  const { rows } = await sql.query<{ status: string }>(
    `SELECT "status"::text AS "status" FROM "WaitlistEntry" WHERE "offerCode" = $1`,
    [offerCode],
  );
  return rows[0]?.status === "bought" ? offerUsed() : offerExpired();
}

/** Seats of a ticket type that an order line takes over from its offer rather than holding anew. */
export function offerCovers(offer: HeldOffer | null | undefined, ticketTypeId: string, quantity: number): number {
  return offer && offer.ticketTypeId === ticketTypeId ? Math.min(offer.quantity, quantity) : 0;
}

export interface OfferView {
  eventSlug: string;
  ticketTypeId: string;
  ticketTypeName: string;
  quantity: number;
  name: string;
  status: "offered" | "bought" | "lapsed" | "removed" | "waiting";
  expiresAt: string | null;
}

/** What the event page shows for `?offer=CODE`: the code is the secret, so the holder's first name is fine. */
export async function getOfferView(db: Db, offerCode: string, now = new Date()): Promise<OfferView> {
  const entry = await db.waitlistEntry.findUnique({
    where: { offerCode },
    select: {
      name: true,
      quantity: true,
      status: true,
      offerExpiresAt: true,
      ticketTypeId: true,
      ticketType: { select: { name: true } },
      event: { select: { slug: true } },
    },
  });
  if (!entry) throw new AppError("not_found", "This waiting-list offer link is not valid.");
  // Past its deadline it is lapsed for the buyer even before the sweep has moved it on.
  const lapsed = entry.status === "offered" && (!entry.offerExpiresAt || entry.offerExpiresAt <= now);
  return {
    eventSlug: entry.event.slug,
    ticketTypeId: entry.ticketTypeId,
    ticketTypeName: entry.ticketType.name,
    quantity: entry.quantity,
    name: entry.name.split(/\s+/)[0] ?? "",
    status: lapsed ? "lapsed" : entry.status,
    expiresAt: entry.offerExpiresAt?.toISOString() ?? null,
  };
}
