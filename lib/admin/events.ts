import "server-only";
import type { AuthorizedUser } from "../auth/guards";
import type { Db, DbTx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { Prisma } from "../db/generated/client";
import { txSql } from "../db/sql";
import { AppError, notFound, type ErrorCode } from "../errors";
import { catalogChange } from "../catalog/catalog-cache";
import { parseWith } from "../http/api";
import { releaseExpiredHolds } from "../orders/holds";
import { setCapacity } from "../orders/stock";
import { offerFreedSeatsInTx } from "../waitlist/offers";
import { eventSchema, ticketTypeSchema, type TicketTypeData } from "./event-schemas";

/**
 * Events and their ticket types as the admin manages them. Every change is written to the audit log
 * with who made it; stock is only ever touched by conditional updates, like the holds that share it.
 */

const onlyAdmins = (actor: AuthorizedUser) => {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins manage events.");
};

const conflict = (code: ErrorCode, message: string, fields?: Record<string, string>) =>
  new AppError(code, message, fields);

type Json = Prisma.InputJsonValue;
const jsonable = (v: unknown): Json | null => (v instanceof Date ? v.toISOString() : ((v as Json | null) ?? null));

/** What changed between two versions of a row, as { field: { from, to } }, for the audit log. */
function changes<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, { from: Json | null; to: Json | null }> {
  const out: Record<string, { from: Json | null; to: Json | null }> = {};
  for (const key of Object.keys(after)) {
    const from = jsonable(before[key]);
    const to = jsonable(after[key]);
    if (JSON.stringify(from) !== JSON.stringify(to)) out[key] = { from, to };
  }
  return out;
}

function audit(
  tx: DbTx | Db,
  actor: AuthorizedUser,
  action: string,
  entity: "Event" | "TicketType",
  entityId: string,
  data: Record<string, unknown>,
) {
  return tx.auditLog.create({ data: { actorId: actor.id, action, entity, entityId, data: data as Json } });
}

export interface AdminEventRow {
  id: string;
  slug: string;
  name: string;
  city: string;
  country: string;
  currency: string;
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  published: boolean;
  ticketTypes: number;
  booths: number;
  sold: number;
  held: number;
  capacity: number;
}

/** Every event, soonest first, with its seats sold, held and in total over all its ticket types. */
export async function listAdminEvents(db: Db, now = new Date()): Promise<AdminEventRow[]> {
  // Holds that have run out would otherwise still count as held.
  await releaseExpiredHolds(db, { now });
  const events = await db.event.findMany({
    orderBy: { startsAt: "asc" },
    include: {
      ticketTypes: { select: { sold: true, held: true, capacity: true } },
      _count: { select: { booths: true } },
    },
  });
  return events.map((e) => ({
    id: e.id,
    slug: e.slug,
    name: e.name,
    city: e.city,
    country: e.country,
    currency: e.currency,
    timezone: e.timezone,
    startsAt: e.startsAt,
    endsAt: e.endsAt,
    published: e.published,
    ticketTypes: e.ticketTypes.length,
    booths: e._count.booths,
    sold: e.ticketTypes.reduce((s, t) => s + t.sold, 0),
    held: e.ticketTypes.reduce((s, t) => s + t.held, 0),
    capacity: e.ticketTypes.reduce((s, t) => s + t.capacity, 0),
  }));
}

/** One event with all its ticket types (hidden ones too) and whether each has orders. */
export async function getAdminEvent(db: Db, id: string, now = new Date()) {
  const exists = await db.event.findUnique({ where: { id }, select: { id: true } });
  if (!exists) throw notFound("event_not_found", "There is no such event.");
  await releaseExpiredHolds(db, { eventId: id, now });
  const event = await db.event.findUniqueOrThrow({
    where: { id },
    include: {
      ticketTypes: {
        orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
        include: { _count: { select: { orderItems: true } } },
      },
      _count: { select: { booths: true, orders: true } },
    },
  });
  const { ticketTypes, _count, ...rest } = event;
  return {
    ...rest,
    booths: _count.booths,
    orders: _count.orders,
    ticketTypes: ticketTypes.map(({ _count: c, ...t }) => ({ ...t, orders: c.orderItems })),
  };
}

export type AdminEvent = Awaited<ReturnType<typeof getAdminEvent>>;

function slugTaken(err: unknown): AppError | null {
  return isUniqueViolation(err)
    ? conflict("slug_taken", "Another event already uses this web address.", { slug: "Already used by another event." })
    : null;
}

/** Creates an unpublished event: buyers see it once it has something to sell and is published. */
export async function createEvent(
  db: Db,
  actor: AuthorizedUser,
  input: unknown,
): Promise<{ id: string; slug: string }> {
  onlyAdmins(actor);
  const data = parseWith(eventSchema, input, "event");
  try {
    return await catalogChange(
      db.$transaction(async (tx) => {
        const event = await tx.event.create({ data: { ...data, published: false }, select: { id: true, slug: true } });
        await audit(tx, actor, "event.create", "Event", event.id, { ...serialize(data) });
        return event;
      }),
    );
  } catch (err) {
    throw slugTaken(err) ?? err;
  }
}

function serialize(data: Record<string, unknown>): Record<string, Json | null> {
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, jsonable(v)]));
}

/**
 * Saves an event's details. The currency is fixed once anything is priced in it (a changed currency
 * would silently re-read every price), and the web address once buyers have orders with links to it.
 */
export async function updateEvent(
  db: Db,
  actor: AuthorizedUser,
  id: string,
  input: unknown,
): Promise<{ slug: string; previousSlug: string; changed: string[] }> {
  onlyAdmins(actor);
  const data = parseWith(eventSchema, input, "event");
  try {
    return await catalogChange(
      db.$transaction(async (tx) => {
        const before = await tx.event.findUnique({
          where: { id },
          include: { _count: { select: { ticketTypes: true, booths: true, orders: true } } },
        });
        if (!before) throw notFound("event_not_found", "There is no such event.");
        if (data.currency !== before.currency && before._count.ticketTypes + before._count.booths > 0) {
          throw conflict(
            "change_not_allowed",
            "The currency cannot change once the event has ticket types or booths.",
            {
              currency: `Fixed at ${before.currency}: its ticket types and booths are priced in it.`,
            },
          );
        }
        if (data.slug !== before.slug && before._count.orders > 0) {
          throw conflict("change_not_allowed", "The web address cannot change once the event has orders.", {
            slug: "Fixed: buyers' links point to it.",
          });
        }
        const diff = changes(before, data);
        if (Object.keys(diff).length === 0) return { slug: before.slug, previousSlug: before.slug, changed: [] };
        await tx.event.update({ where: { id }, data });
        await audit(tx, actor, "event.update", "Event", id, { changes: diff });
        return { slug: data.slug, previousSlug: before.slug, changed: Object.keys(diff) };
      }),
    );
  } catch (err) {
    throw slugTaken(err) ?? err;
  }
}

/** Publishing puts the event in the storefront and the API; it needs something on sale first. */
export async function setEventPublished(
  db: Db,
  actor: AuthorizedUser,
  id: string,
  published: boolean,
): Promise<{ slug: string; changed: boolean }> {
  onlyAdmins(actor);
  return catalogChange(
    db.$transaction(async (tx) => {
      const event = await tx.event.findUnique({
        where: { id },
        select: {
          slug: true,
          published: true,
          _count: { select: { booths: true, ticketTypes: { where: { hidden: false } } } },
        },
      });
      if (!event) throw notFound("event_not_found", "There is no such event.");
      if (event.published === published) return { slug: event.slug, changed: false };
      if (published && event._count.ticketTypes + event._count.booths === 0) {
        throw conflict(
          "nothing_to_publish",
          "Add a visible ticket type or booths before publishing: buyers would find nothing to buy.",
        );
      }
      await tx.event.update({ where: { id }, data: { published } });
      await audit(tx, actor, published ? "event.publish" : "event.unpublish", "Event", id, {});
      return { slug: event.slug, changed: true };
    }),
  );
}

async function eventForTicketTypes(db: Db | DbTx, eventId: string) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, slug: true, currency: true, timezone: true },
  });
  if (!event) throw notFound("event_not_found", "There is no such event.");
  return event;
}

function ticketTypeRow(data: TicketTypeData) {
  const { sortOrder, ...rest } = data;
  return { ...rest, ...(sortOrder !== undefined && { sortOrder }) };
}

/** Adds a ticket type in the event's currency; without a position it goes after the others. */
export async function createTicketType(
  db: Db,
  actor: AuthorizedUser,
  eventId: string,
  input: unknown,
): Promise<{ id: string; slug: string }> {
  onlyAdmins(actor);
  const event = await eventForTicketTypes(db, eventId);
  const data = parseWith(ticketTypeSchema(event), input, "ticket type");
  return catalogChange(
    db.$transaction(async (tx) => {
      const last = await tx.ticketType.aggregate({ where: { eventId }, _max: { sortOrder: true } });
      const created = await tx.ticketType.create({
        data: { ...ticketTypeRow(data), sortOrder: data.sortOrder ?? (last._max.sortOrder ?? -1) + 1, eventId },
        select: { id: true },
      });
      await audit(tx, actor, "ticket_type.create", "TicketType", created.id, { eventId, ...serialize(data) });
      return { id: created.id, slug: event.slug };
    }),
  );
}

class CapacityBelowTaken extends Error {
  constructor(
    readonly sold: number,
    readonly held: number,
  ) {
    super("capacity below sold + held");
  }
}

/**
 * Saves a ticket type. The capacity is set by a conditional UPDATE … WHERE sold + held <= capacity, the
 * same row a buyer's hold updates, so a hold landing at the same moment cannot leave it oversold. A new
 * price applies to new orders only: orders keep the prices copied into their items.
 */
export async function updateTicketType(
  db: Db,
  actor: AuthorizedUser,
  ticketTypeId: string,
  input: unknown,
  now = new Date(),
): Promise<{ slug: string; changed: string[] }> {
  onlyAdmins(actor);
  const current = await db.ticketType.findUnique({ where: { id: ticketTypeId }, select: { eventId: true } });
  if (!current) throw notFound("unknown_ticket_type", "There is no such ticket type.");
  const event = await eventForTicketTypes(db, current.eventId);
  const data = parseWith(ticketTypeSchema(event), input, "ticket type");
  const row = ticketTypeRow(data);

  const save = () =>
    catalogChange(
      db.$transaction(async (tx) => {
        const before = await tx.ticketType.findUniqueOrThrow({ where: { id: ticketTypeId } });
        const diff = changes(before, row);
        if (Object.keys(diff).length === 0) return [];
        if (!(await setCapacity(txSql(tx), ticketTypeId, row.capacity, now))) {
          const taken = await tx.ticketType.findUniqueOrThrow({
            where: { id: ticketTypeId },
            select: { sold: true, held: true },
          });
          throw new CapacityBelowTaken(taken.sold, taken.held);
        }
        // The capacity is set above, under the capacity rule; the rest of the row is the editor's own.
        await tx.ticketType.update({ where: { id: ticketTypeId }, data: { ...row, capacity: undefined } });
        // Raised capacity goes to the waiting list first.
        await offerFreedSeatsInTx(tx, [ticketTypeId], now);
        await audit(tx, actor, "ticket_type.update", "TicketType", ticketTypeId, { eventId: event.id, changes: diff });
        return Object.keys(diff);
      }),
    );

  try {
    return { slug: event.slug, changed: await save() };
  } catch (err) {
    if (!(err instanceof CapacityBelowTaken)) throw err;
    // Seats may be tied up in holds that have just run out: give them back and try once more.
    if ((await releaseExpiredHolds(db, { eventId: event.id, now })) > 0) {
      try {
        return { slug: event.slug, changed: await save() };
      } catch (retryErr) {
        if (!(retryErr instanceof CapacityBelowTaken)) throw retryErr;
        throw capacityError(retryErr);
      }
    }
    throw capacityError(err);
  }
}

function capacityError({ sold, held }: CapacityBelowTaken): AppError {
  const taken = sold + held;
  return conflict(
    "change_not_allowed",
    `${taken} ${taken === 1 ? "seat is" : "seats are"} already sold or held, so the capacity cannot go below ${taken}.`,
    {
      capacity: `At least ${taken} (${sold} sold, ${held} held in unpaid orders).`,
    },
  );
}

/**
 * Deletes a ticket type nobody has ordered. One with orders (even expired or cancelled ones) stays, for
 * the orders' sake, and can only be hidden. The delete re-checks the stock in its WHERE, so a hold placed
 * at the same moment wins and the delete is refused.
 */
export async function deleteTicketType(db: Db, actor: AuthorizedUser, ticketTypeId: string): Promise<{ slug: string }> {
  onlyAdmins(actor);
  return catalogChange(
    db.$transaction(async (tx) => {
      const type = await tx.ticketType.findUnique({
        where: { id: ticketTypeId },
        select: { name: true, eventId: true, event: { select: { slug: true } } },
      });
      if (!type) throw notFound("unknown_ticket_type", "There is no such ticket type.");
      const deleted = await tx.$executeRaw`
      DELETE FROM "TicketType" WHERE "id" = ${ticketTypeId} AND "sold" = 0 AND "held" = 0
      AND NOT EXISTS (SELECT 1 FROM "OrderItem" WHERE "ticketTypeId" = ${ticketTypeId})`;
      if (deleted === 0)
        throw conflict(
          "change_not_allowed",
          `${type.name} has orders, so it cannot be deleted. Hide it to stop selling it.`,
        );
      await audit(tx, actor, "ticket_type.delete", "TicketType", ticketTypeId, {
        eventId: type.eventId,
        name: type.name,
      });
      return { slug: type.event.slug };
    }),
  );
}
