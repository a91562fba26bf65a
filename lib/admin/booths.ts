import "server-only";
import { z } from "zod";
import type { AuthorizedUser } from "../auth/guards";
import type { Db, DbTx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { BoothSize, BoothStatus, OrderStatus } from "../db/generated/client";
import { txSql } from "../db/sql";
import { AppError, invalid, notFound } from "../errors";
import { catalogChange } from "../catalog/catalog-cache";
import { parseWith } from "../http/api";
import { translationFormShape, withTranslations } from "../i18n/content";
import { fromMajorUnits, minorUnitDigits, toMajorUnits } from "../money";
import { exhibitorStaffSee } from "../orders/exhibitor-profile";
import { releaseExpiredHolds } from "../orders/holds";
import { blockBooth } from "../orders/stock";
import { csvLines, csvStream, type CsvValue } from "./csv";

const onlyAdmins = (actor: AuthorizedUser) => {
  if (actor.role !== "admin") throw new AppError("forbidden", "Only admins manage halls and booths.");
};

const num = (label: string) =>
  z.coerce.number(`${label} must be a number.`).refine(Number.isFinite, `${label} must be a number.`);

export const hallSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(80, "At most 80 characters."),
  width: num("Width").pipe(z.number().int("Whole metres.").min(1, "At least 1 m.").max(1000, "At most 1000 m.")),
  height: num("Height").pipe(z.number().int("Whole metres.").min(1, "At least 1 m.").max(1000, "At most 1000 m.")),
});

const BOOTH_DESCRIPTION_MAX = 500;

export const boothSchema = z.object({
  hallId: z.string().trim().min(1, "Choose a hall."),
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]{0,15}$/, "Letters, digits and dashes, up to 16."),
  size: z.enum(["standard", "premium", "corner"], "Choose a size."),
  price: num("Price").pipe(
    z.number().min(0, "The price cannot be negative.").max(100_000_000, "That price is too large."),
  ),
  x: num("x").pipe(z.number().min(0, "Inside the hall: x ≥ 0.")),
  y: num("y").pipe(z.number().min(0, "Inside the hall: y ≥ 0.")),
  width: num("Width").pipe(z.number().gt(0, "Wider than 0 m.").max(1000)),
  height: num("Depth").pipe(z.number().gt(0, "Deeper than 0 m.").max(1000)),
  staffPasses: num("Staff passes").pipe(z.number().int("A whole number.").min(0, "0 or more.").max(50, "At most 50.")),
  /** What the stand offers (electricity, corner, near the entrance), shown to exhibitors on the floor plan. */
  description: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().max(BOOTH_DESCRIPTION_MAX, `At most ${BOOTH_DESCRIPTION_MAX} characters.`).optional(),
  ),
  // The description in Kiswahili (and any language added later), for exhibitors reading in it.
  ...translationFormShape({ description: BOOTH_DESCRIPTION_MAX }),
});

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Touching edges are fine (booths share walls); any overlapping area is not. */
export const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const fits = (r: Rect, hall: { width: number; height: number }) =>
  r.x + r.width <= hall.width && r.y + r.height <= hall.height;

/** Holds the hall's row for the transaction, so two admins placing booths at once cannot both take one spot. */
async function lockHall(tx: DbTx, eventId: string, hallId: string) {
  const rows = await tx.$queryRaw<{ id: string; name: string; width: number; height: number }[]>`
    SELECT "id", "name", "width", "height" FROM "Hall" WHERE "id" = ${hallId} AND "eventId" = ${eventId} FOR UPDATE`;
  if (!rows[0]) throw invalid("Choose a hall of this event.", { hallId: "Unknown hall." });
  return rows[0];
}

const audit = (tx: DbTx, actor: AuthorizedUser, action: string, entity: string, entityId: string, data: object) =>
  tx.auditLog.create({ data: { actorId: actor.id, action, entity, entityId, data: data as never } });

/** Creates a hall (hallId absent) or renames/resizes one; a hall cannot shrink below the booths it holds. */
export async function saveHall(
  db: Db,
  actor: AuthorizedUser,
  eventId: string,
  input: unknown,
  hallId?: string,
): Promise<{ id: string }> {
  onlyAdmins(actor);
  const data = parseWith(hallSchema, input, "hall");
  return catalogChange(
    db.$transaction(async (tx) => {
      if (!(await tx.event.findUnique({ where: { id: eventId }, select: { id: true } })))
        throw notFound("event_not_found", "There is no such event.");
      if (!hallId) {
        const hall = await tx.hall.create({ data: { ...data, eventId }, select: { id: true } });
        await audit(tx, actor, "hall.create", "Hall", hall.id, data);
        return hall;
      }
      await lockHall(tx, eventId, hallId);
      const outside = await tx.booth.findMany({
        where: { hallId },
        select: { code: true, x: true, y: true, width: true, height: true },
      });
      const cut = outside.filter((b) => !fits(b, data)).map((b) => b.code);
      if (cut.length)
        throw invalid(`Booths ${cut.join(", ")} would fall outside the hall. Move them first.`, {
          width: "Too small for the booths.",
          height: "Too small for the booths.",
        });
      await tx.hall.update({ where: { id: hallId }, data });
      await audit(tx, actor, "hall.update", "Hall", hallId, data);
      return { id: hallId };
    }),
  );
}

/**
 * Creates or edits a booth: its geometry must lie inside its hall and overlap no other booth there.
 * The price is typed in major units and stored in the event's minor units.
 */
export async function saveBooth(
  db: Db,
  actor: AuthorizedUser,
  eventId: string,
  input: unknown,
  boothId?: string,
): Promise<{ id: string }> {
  onlyAdmins(actor);
  const { price, description, ...rest } = parseWith(boothSchema, input, "booth");
  const { translations, ...data } = withTranslations(rest, ["description"]);
  try {
    return await catalogChange(
      db.$transaction(async (tx) => {
        const event = await tx.event.findUnique({ where: { id: eventId }, select: { currency: true } });
        if (!event) throw notFound("event_not_found", "There is no such event.");
        if (boothId && !(await tx.booth.findFirst({ where: { id: boothId, eventId }, select: { id: true } })))
          throw notFound("unknown_booth", "There is no such booth.");
        const hall = await lockHall(tx, eventId, data.hallId);
        if (!fits(data, hall)) {
          throw invalid(`The booth must lie inside ${hall.name} (${hall.width} × ${hall.height} m).`, {
            x: "Outside the hall.",
            width: "Outside the hall.",
          });
        }
        const others = await tx.booth.findMany({
          where: { hallId: hall.id, ...(boothId && { id: { not: boothId } }) },
          select: { code: true, x: true, y: true, width: true, height: true },
        });
        const clash = others.find((o) => overlaps(o, data));
        if (clash)
          throw invalid(`The booth would overlap booth ${clash.code}.`, { x: `Overlaps booth ${clash.code}.` });
        const fields = {
          ...data,
          description: description ?? null,
          translations,
          priceMinor: fromMajorUnits(price, event.currency),
          currency: event.currency,
        };
        const booth = boothId
          ? await tx.booth.update({ where: { id: boothId }, data: fields, select: { id: true } })
          : await tx.booth.create({ data: { ...fields, eventId }, select: { id: true } });
        await audit(tx, actor, boothId ? "booth.update" : "booth.create", "Booth", booth.id, fields);
        return booth;
      }),
    );
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError("booth_code_taken", `There is already a booth ${data.code} at this event.`, {
        code: "Already in use.",
      });
    throw err;
  }
}

/**
 * Blocks a free booth (kept off sale: organisers' stand, a pillar) or frees a blocked one. A held or
 * booked booth belongs to an order and cannot be blocked; an order's hold that has run out is
 * released first, so it does not count as held.
 */
export async function setBoothBlocked(
  db: Db,
  actor: AuthorizedUser,
  boothId: string,
  blocked: boolean,
  now = new Date(),
): Promise<void> {
  onlyAdmins(actor);
  const booth = await db.booth.findUnique({ where: { id: boothId }, select: { eventId: true, code: true } });
  if (!booth) throw notFound("unknown_booth", "There is no such booth.");
  if (blocked) await releaseExpiredHolds(db, { eventId: booth.eventId, now });
  await catalogChange(
    db.$transaction(async (tx) => {
      if (!(await blockBooth(txSql(tx), boothId, blocked, now))) {
        const { status } = await tx.booth.findUniqueOrThrow({ where: { id: boothId }, select: { status: true } });
        const why: Record<BoothStatus, string> = {
          held: `Booth ${booth.code} is held by an order awaiting payment, so it cannot be blocked. Try again once the hold ends.`,
          booked: `Booth ${booth.code} is booked by an exhibitor, so it cannot be blocked.`,
          blocked: `Booth ${booth.code} is already blocked.`,
          available: `Booth ${booth.code} is not blocked.`,
        };
        throw new AppError("booth_unavailable", why[status], undefined, { boothId, status });
      }
      await audit(tx, actor, blocked ? "booth.block" : "booth.unblock", "Booth", boothId, { code: booth.code });
    }),
  );
}

export interface Occupancy {
  total: number;
  byStatus: Record<BoothStatus, number>;
  /** What the booked booths were sold for (their order lines), in the event's currency. */
  bookedRevenueMinor: number;
  currency: string;
}

export async function boothOccupancy(db: Db, eventId: string): Promise<Occupancy> {
  const event = await db.event.findUniqueOrThrow({ where: { id: eventId }, select: { currency: true } });
  const groups = await db.booth.groupBy({ by: ["status"], where: { eventId }, _count: { _all: true } });
  const byStatus: Record<BoothStatus, number> = { available: 0, held: 0, booked: 0, blocked: 0 };
  for (const g of groups) byStatus[g.status] = g._count._all;
  const [revenue] = await db.$queryRaw<{ sum: bigint | number | null }[]>`
    SELECT COALESCE(SUM(oi."totalMinor"), 0) AS "sum" FROM "Booth" b
    JOIN "OrderItem" oi ON oi."boothId" = b."id" AND oi."orderId" = b."bookedOrderId"
    WHERE b."eventId" = ${eventId} AND b."status" = 'booked'`;
  return {
    total: Object.values(byStatus).reduce((a, b) => a + b, 0),
    byStatus,
    bookedRevenueMinor: Number(revenue?.sum ?? 0),
    currency: event.currency,
  };
}

export interface AdminBooth {
  id: string;
  code: string;
  size: BoothSize;
  priceMinor: number;
  currency: string;
  x: number;
  y: number;
  width: number;
  height: number;
  status: BoothStatus;
  staffPasses: number;
  description: string | null;
  /** {"sw": {"description": …}} (lib/i18n/content.ts). */
  translations: unknown;
}

/** The event's halls with their booths and the occupancy, as the admin page shows them (holds that ran out released first). */
export async function boothAdminView(db: Db, eventId: string, now = new Date()) {
  const event = await db.event.findUnique({
    where: { id: eventId },
    select: { id: true, name: true, slug: true, currency: true },
  });
  if (!event) throw notFound("event_not_found", "There is no such event.");
  await releaseExpiredHolds(db, { eventId, now });
  const halls = await db.hall.findMany({
    where: { eventId },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      width: true,
      height: true,
      booths: {
        orderBy: { code: "asc" },
        select: {
          id: true,
          code: true,
          size: true,
          priceMinor: true,
          currency: true,
          x: true,
          y: true,
          width: true,
          height: true,
          status: true,
          staffPasses: true,
          description: true,
          translations: true,
        },
      },
    },
  });
  return { event, halls, occupancy: await boothOccupancy(db, eventId) };
}

/** Events with their booth counts, for choosing one. */
export function listBoothEvents(db: Db) {
  return db.event.findMany({
    orderBy: { startsAt: "asc" },
    select: {
      id: true,
      name: true,
      startsAt: true,
      published: true,
      _count: { select: { halls: true, booths: true, exhibitors: { where: exhibitorStaffSee } } },
    },
  });
}

export interface ExhibitorListRow {
  id: string;
  companyName: string;
  contactName: string;
  email: string;
  phone: string;
  website: string | null;
  requirements: string | null;
  /** Booths of the exhibitor's orders, with each order's status. */
  bookings: { reference: string; status: OrderStatus; booths: string[] }[];
}

/**
 * Who exhibits at the event, in company order, with their booking orders and booths: exhibitors with a
 * paid booking only, since until then the profile is what an unverified order typed.
 */
export async function listExhibitors(db: Db, eventId: string): Promise<ExhibitorListRow[]> {
  const rows = await db.exhibitor.findMany({
    where: { eventId, ...exhibitorStaffSee },
    orderBy: [{ companyName: "asc" }, { id: "asc" }],
    select: {
      id: true,
      companyName: true,
      contactName: true,
      email: true,
      phone: true,
      website: true,
      requirements: true,
      orders: {
        orderBy: { createdAt: "asc" },
        select: {
          reference: true,
          status: true,
          items: { where: { kind: "booth" }, orderBy: { id: "asc" }, select: { booth: { select: { code: true } } } },
        },
      },
    },
  });
  return rows.map(({ orders, ...x }) => ({
    ...x,
    bookings: orders.map((o) => ({
      reference: o.reference,
      status: o.status,
      booths: o.items.flatMap((i) => (i.booth ? [i.booth.code] : [])),
    })),
  }));
}

const LIVE: OrderStatus[] = ["pending", "paid", "partially_refunded"];

/** The exhibitor list as CSV (quoted, formula-guarded, with a BOM for Excel). */
export async function exhibitorsCsv(
  db: Db,
  eventId: string,
): Promise<{ filename: string; body: ReadableStream<Uint8Array> }> {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { slug: true } });
  if (!event) throw notFound("event_not_found", "There is no such event.");
  const rows = await listExhibitors(db, eventId);
  async function* values(): AsyncGenerator<CsvValue[]> {
    for (const x of rows) {
      const live = x.bookings.filter((b) => LIVE.includes(b.status));
      yield [
        x.companyName,
        x.contactName,
        x.email,
        x.phone,
        x.website,
        live.flatMap((b) => b.booths).join(" "),
        x.bookings.map((b) => `${b.reference} ${b.status}`).join("; "),
        x.requirements,
      ];
    }
  }
  const header = ["Company", "Contact", "E-mail", "Phone", "Website", "Booths", "Orders (status)", "Requirements"];
  return { filename: `exhibitors-${event.slug}.csv`, body: csvStream(csvLines(header, values())) };
}

/** A price in minor units as the booth form's major-unit field shows it ("150000", "99.50"). */
export const priceField = (minor: number, currency: string) => {
  const major = toMajorUnits(minor, currency);
  return Number.isInteger(major) ? String(major) : major.toFixed(minorUnitDigits(currency));
};
