import "server-only";
import { z } from "zod";
import { csvLines, csvStream, type CsvValue } from "../admin/csv";
import type { AuthorizedUser } from "../auth/guards";
import type { Db } from "../db/client";
import type { WaitlistStatus } from "../db/generated/client";
import { AppError, notFound } from "../errors";
import { parseWith } from "../http/api";
import { offerByHand, removeFromWaitlist, sweepWaitlist } from "./offers";

export interface AdminWaitlistEntry {
  id: string;
  position: number | null;
  name: string;
  email: string;
  phone: string;
  quantity: number;
  status: WaitlistStatus;
  createdAt: Date;
  offerExpiresAt: Date | null;
  orderReference: string | null;
}

export interface AdminWaitlist {
  event: { id: string; name: string; slug: string; timezone: string; country: string; waitlistOfferHours: number };
  types: {
    id: string;
    name: string;
    capacity: number;
    sold: number;
    held: number;
    waitlistEnabled: boolean;
    entries: AdminWaitlistEntry[];
  }[];
}

/** Every ticket type's waiting list in line order, with each entry's state and place (while in line). */
export async function getAdminWaitlist(db: Db, eventId: string): Promise<AdminWaitlist> {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, name: true, slug: true, timezone: true, country: true, waitlistOfferHours: true },
  });
  if (!event) throw notFound("event_not_found", "There is no such event.");
  const types = await db.ticketType.findMany({
    where: { eventId },
    orderBy: { sortOrder: "asc" },
    include: { waitlist: { orderBy: { seq: "asc" } } },
  });
  const orderIds = types.flatMap((t) => t.waitlist.flatMap((e) => (e.orderId ? [e.orderId] : [])));
  const orders = new Map(
    (await db.order.findMany({ where: { id: { in: orderIds } }, select: { id: true, reference: true } })).map((o) => [
      o.id,
      o.reference,
    ]),
  );
  return {
    event,
    types: types.map((t) => {
      let place = 0;
      return {
        id: t.id,
        name: t.name,
        capacity: t.capacity,
        sold: t.sold,
        held: t.held,
        waitlistEnabled: t.waitlistEnabled,
        entries: t.waitlist.map((e) => ({
          id: e.id,
          position: e.status === "waiting" || e.status === "offered" ? ++place : null,
          name: e.name,
          email: e.email,
          phone: e.phone,
          quantity: e.quantity,
          status: e.status,
          createdAt: e.createdAt,
          offerExpiresAt: e.status === "offered" ? e.offerExpiresAt : null,
          orderReference: e.orderId ? (orders.get(e.orderId) ?? null) : null,
        })),
      };
    }),
  };
}

function audit(db: Db, actor: AuthorizedUser, action: string, entity: string, entityId: string, data: object) {
  return db.auditLog.create({ data: { actorId: actor.id, action, entity, entityId, data: data as never } });
}

/** Switches a type's waiting list on or off; switched on, any free seats are offered at once. */
export async function setWaitlistEnabled(db: Db, actor: AuthorizedUser, ticketTypeId: string, enabled: boolean) {
  const { count } = await db.ticketType.updateMany({ where: { id: ticketTypeId }, data: { waitlistEnabled: enabled } });
  if (!count) throw notFound("unknown_ticket_type", "There is no such ticket type.");
  await audit(db, actor, enabled ? "waitlist.enabled" : "waitlist.disabled", "TicketType", ticketTypeId, {});
  if (enabled) await sweepWaitlist(db, { ticketTypeIds: [ticketTypeId] });
}

const hoursSchema = z.object({
  hours: z.coerce
    .number("Enter a number of hours.")
    .int("Whole hours.")
    .min(1, "At least 1 hour.")
    .max(168, "At most 168 hours (a week)."),
});

/** How long new offers hold their seats (offers already made keep their deadline). */
export async function setOfferHours(db: Db, actor: AuthorizedUser, eventId: string, input: unknown) {
  const { hours } = parseWith(hoursSchema, input, "offer time");
  await db.event.update({ where: { id: eventId }, data: { waitlistOfferHours: hours } });
  await audit(db, actor, "waitlist.offer_hours", "Event", eventId, { hours });
}

export async function offerEntry(db: Db, actor: AuthorizedUser, eventId: string, entryId: string) {
  await offerByHand(db, eventId, entryId);
  await audit(db, actor, "waitlist.offered_by_hand", "WaitlistEntry", entryId, { eventId });
}

export async function removeEntry(db: Db, actor: AuthorizedUser, eventId: string, entryId: string) {
  const { status } = await removeFromWaitlist(db, { eventId, entryId });
  if (status === "bought") throw new AppError("change_not_allowed", "This entry has bought its tickets already.");
  await audit(db, actor, "waitlist.removed", "WaitlistEntry", entryId, { eventId });
}

/** The whole list of an event as CSV, one row per entry, in line order per ticket type. */
export async function waitlistCsv(db: Db, eventId: string, now = new Date()) {
  const list = await getAdminWaitlist(db, eventId);
  async function* rows(): AsyncGenerator<CsvValue[]> {
    for (const t of list.types)
      for (const e of t.entries)
        yield [
          t.name,
          e.position ?? "",
          e.status,
          e.name,
          e.email,
          e.phone,
          e.quantity,
          e.createdAt.toISOString(),
          e.offerExpiresAt?.toISOString() ?? "",
          e.orderReference ?? "",
        ];
  }
  const header = [
    "Ticket type",
    "Place",
    "State",
    "Name",
    "E-mail",
    "Phone",
    "Tickets",
    "Joined (UTC)",
    "Offer until (UTC)",
    "Order",
  ];
  return {
    filename: `${list.event.slug}-waitlist-${now.toISOString().slice(0, 10)}.csv`,
    body: csvStream(csvLines(header, rows()), (err) =>
      console.error(JSON.stringify({ level: "error", msg: "waiting-list CSV failed", eventId, err: String(err) })),
    ),
  };
}
