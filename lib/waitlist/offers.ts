import "server-only";
import { randomBytes } from "node:crypto";
import { seatsLeft } from "../catalog/availability";
import type { Db, DbTx } from "../db/client";
import { txSql, type Sql } from "../db/sql";
import { queueEmail } from "../email/outbox";
import { waitlistOfferEmail } from "../email/templates";
import { readEnv } from "../env";
import { AppError } from "../errors";
import { localized } from "../i18n/content";
import { storedLocale } from "../i18n/order-locale";
import { holdSeats, releaseHeld } from "../orders/stock";

/**
 * The waiting list's engine. An offer is a hold in stock terms: the entry's seats are added to the ticket
 * type's `held` (through stock.ts, like an order's hold), so `available` excludes them and nobody else can
 * buy them; buying with the offer code moves them into the order's hold, and a lapsed or withdrawn offer
 * gives them back and offers them to the next in line.
 *
 * Concurrency: every offer is made with the ticket type's row locked (FOR UPDATE), so two sweeps, or a
 * sweep and a release, offer one type's seats one after the other and the second sees what the first
 * did; entries are taken with SKIP LOCKED, so nothing ever waits on an entry while holding a type.
 */

const appUrl = () => readEnv().APP_URL.replace(/\/+$/, "");
const iso = (d: Date) => d.toISOString();
const ticketItem = (ticketTypeId: string, quantity: number) => ({
  kind: "ticket" as const,
  ticketTypeId,
  boothId: null,
  quantity,
});

/** Unguessable: the code alone buys held seats. */
export const newWaitlistSecret = () => randomBytes(18).toString("base64url");

interface LockedType {
  id: string;
  name: string;
  capacity: number;
  sold: number;
  held: number;
  waitlistEnabled: boolean;
  salesEndMs: number | null;
  eventName: string;
  eventSlug: string;
  timezone: string;
  country: string;
  offerHours: number;
  eventEndsMs: number;
  /** The organiser's names in other languages (lib/i18n/content.ts). */
  translations: unknown;
  eventTranslations: unknown;
}

async function lockType(sql: Sql, ticketTypeId: string): Promise<LockedType | null> {
  const { rows } = await sql.query<LockedType>(
    `SELECT t."id", t."name", t."capacity", t."sold", t."held", t."waitlistEnabled",
       (extract(epoch FROM t."salesEndAt") * 1000)::float8 AS "salesEndMs",
       e."name" AS "eventName", e."slug" AS "eventSlug", e."timezone", e."country", e."waitlistOfferHours" AS "offerHours",
       (extract(epoch FROM e."endsAt") * 1000)::float8 AS "eventEndsMs",
       t."translations", e."translations" AS "eventTranslations"
     FROM "TicketType" t JOIN "Event" e ON e."id" = t."eventId" WHERE t."id" = $1 FOR UPDATE OF t`,
    [ticketTypeId],
  );
  return rows[0] ?? null;
}

/** Offers last the event's setting, but never past the type's sales end (or the event's end). */
function offerDeadline(type: LockedType, now: Date): Date | null {
  const end = type.salesEndMs ?? type.eventEndsMs;
  const until = Math.min(now.getTime() + type.offerHours * 3_600_000, end);
  return until > now.getTime() ? new Date(until) : null;
}

interface WaitingRow {
  id: string;
  name: string;
  email: string;
  quantity: number;
  leaveToken: string;
  lang: string;
}

/**
 * Offers the free seats of one ticket type (its row locked) to waiting entries in line order; an entry
 * asking for more seats than are free keeps its place and the next one that fits is served. `only`
 * restricts it to one entry (an admin's offer by hand, which also works with the list switched off).
 */
async function offerTypeInTx(tx: DbTx, sql: Sql, ticketTypeId: string, now: Date, only?: string): Promise<number> {
  const type = await lockType(sql, ticketTypeId);
  if (!type || (!type.waitlistEnabled && !only)) return 0;
  const until = offerDeadline(type, now);
  let free = seatsLeft(type);
  if (!until || free <= 0) return 0;
  const { rows } = await sql.query<WaitingRow>(
    `SELECT "id", "name", "email", "quantity", "leaveToken", "lang" FROM "WaitlistEntry"
     WHERE "ticketTypeId" = $1 AND "status" = 'waiting' AND "quantity" <= $2 AND ($3::text IS NULL OR "id" = $3)
     ORDER BY "seq" LIMIT 100 FOR UPDATE SKIP LOCKED`,
    [ticketTypeId, free, only ?? null],
  );
  let offered = 0;
  for (const entry of rows) {
    if (entry.quantity > free) continue;
    if (!(await holdSeats(sql, ticketTypeId, entry.quantity, now)).held) break;
    free -= entry.quantity;
    const offerCode = newWaitlistSecret();
    // Written in the language the buyer joined in, with the organiser's names in it where there are some.
    const lang = storedLocale(entry.lang);
    await sql.query(
      `UPDATE "WaitlistEntry" SET "status" = 'offered', "offerCode" = $2, "offeredAt" = $3::timestamp,
         "offerExpiresAt" = $4::timestamp, "lapsedAt" = NULL, "updatedAt" = $3::timestamp WHERE "id" = $1`,
      [entry.id, offerCode, iso(now), iso(until)],
    );
    await queueEmail(tx, {
      dedupeKey: `waitlist-offer:${offerCode}`,
      kind: "waitlist_offer",
      to: entry.email,
      ...(await waitlistOfferEmail(
        {
          appUrl: appUrl(),
          name: entry.name,
          event: {
            name: localized(type.eventTranslations, lang, "name", type.eventName),
            slug: type.eventSlug,
            timezone: type.timezone,
            country: type.country,
          },
          ticketType: localized(type.translations, lang, "name", type.name),
          quantity: entry.quantity,
          leaveToken: entry.leaveToken,
          offerCode,
          expiresAt: until,
        },
        lang,
      )),
    });
    offered++;
    if (free === 0) break;
  }
  return offered;
}

/**
 * Seats of these ticket types have just come back (a hold released, a refund, more capacity): in the
 * same transaction, so nobody can buy them in between, they are offered to the first people in line.
 * Call it after the stock change, with the types' rows already locked by it.
 */
export async function offerFreedSeatsInTx(tx: DbTx, ticketTypeIds: readonly string[], now: Date): Promise<number> {
  const ids = [...new Set(ticketTypeIds)].sort();
  if (!ids.length) return 0;
  const sql = txSql(tx);
  // The usual answer (nobody waiting) in one indexed read.
  const { rowCount } = await sql.query(
    `SELECT 1 FROM "WaitlistEntry" WHERE "ticketTypeId" = ANY(string_to_array($1, ',')) AND "status" = 'waiting' LIMIT 1`,
    [ids.join(",")],
  );
  if (!rowCount) return 0;
  let offered = 0;
  for (const id of ids) offered += await offerTypeInTx(tx, sql, id, now);
  return offered;
}

/** Gives an offer's seats back (it lapsed, or was withdrawn) and offers them to the next in line. */
async function endOfferInTx(
  tx: DbTx,
  sql: Sql,
  entry: { id: string; ticketTypeId: string; quantity: number },
  to: "lapsed" | "removed",
  now: Date,
): Promise<number> {
  await sql.query(
    `UPDATE "WaitlistEntry" SET "status" = $2::"WaitlistStatus", ${to === "lapsed" ? `"lapsedAt"` : `"removedAt"`} = $3::timestamp,
       "updatedAt" = $3::timestamp WHERE "id" = $1`,
    [entry.id, to, iso(now)],
  );
  // The entry stands in for an order here: releaseHeld uses the id only for booths, and an offer holds none.
  await releaseHeld(sql, entry.id, [ticketItem(entry.ticketTypeId, entry.quantity)], now);
  return offerTypeInTx(tx, sql, entry.ticketTypeId, now);
}

export interface WaitlistSweep {
  lapsed: number;
  offered: number;
}

/**
 * The background job (and the immediate trigger after a purchase with an offer): offers that have run
 * out lapse and their seats go to the next in line, and any type with free seats and people waiting
 * (seats left over, a list switched back on) gets offers. One transaction per ticket type, with that
 * type locked first: two sweeps at once take turns per type, so a seat is never offered twice.
 */
export async function sweepWaitlist(
  db: Db,
  opts: { eventId?: string; ticketTypeIds?: readonly string[]; now?: Date } = {},
): Promise<WaitlistSweep> {
  const now = opts.now ?? new Date();
  const { rows } = await txSql(db).query<{ ticketTypeId: string }>(
    `SELECT DISTINCT w."ticketTypeId" FROM "WaitlistEntry" w JOIN "TicketType" t ON t."id" = w."ticketTypeId"
     WHERE ($2::text IS NULL OR w."eventId" = $2) AND ($3::text IS NULL OR w."ticketTypeId" = ANY(string_to_array($3, ',')))
       AND ((w."status" = 'offered' AND w."offerExpiresAt" <= $1::timestamp)
         OR (w."status" = 'waiting' AND t."waitlistEnabled" AND t."sold" + t."held" < t."capacity"))
     ORDER BY 1`,
    [iso(now), opts.eventId ?? null, opts.ticketTypeIds?.length ? opts.ticketTypeIds.join(",") : null],
  );
  const total: WaitlistSweep = { lapsed: 0, offered: 0 };
  for (const { ticketTypeId } of rows) {
    const r = await db.$transaction(async (tx) => {
      const sql = txSql(tx);
      if (!(await lockType(sql, ticketTypeId))) return { lapsed: 0, offered: 0 };
      const { rows: due } = await sql.query<{ id: string; ticketTypeId: string; quantity: number }>(
        `SELECT "id", "ticketTypeId", "quantity" FROM "WaitlistEntry"
         WHERE "ticketTypeId" = $1 AND "status" = 'offered' AND "offerExpiresAt" <= $2::timestamp
         ORDER BY "seq" FOR UPDATE SKIP LOCKED`,
        [ticketTypeId, iso(now)],
      );
      let offered = 0;
      for (const entry of due) offered += await endOfferInTx(tx, sql, entry, "lapsed", now);
      return { lapsed: due.length, offered: offered + (await offerTypeInTx(tx, sql, ticketTypeId, now)) };
    });
    total.lapsed += r.lapsed;
    total.offered += r.offered;
  }
  return total;
}

/** An organiser offers free seats to one waiting entry now, ahead of its turn. */
export async function offerByHand(db: Db, eventId: string, entryId: string, now = new Date()): Promise<void> {
  const entry = await db.waitlistEntry.findFirst({ where: { id: entryId, eventId } });
  if (!entry) throw new AppError("not_found", "There is no such waiting-list entry.");
  if (entry.status !== "waiting")
    throw new AppError("change_not_allowed", `This entry is ${entry.status}, not waiting: it cannot be offered.`);
  const offered = await db.$transaction((tx) => offerTypeInTx(tx, txSql(tx), entry.ticketTypeId, now, entry.id));
  if (!offered)
    throw new AppError(
      "sold_out",
      `No ${entry.quantity === 1 ? "seat is" : `${entry.quantity} seats are`} free to offer: raise the capacity or wait for seats to come back.`,
    );
}

/**
 * Takes an entry off the list: an organiser's "remove" (by id) or the buyer's e-mailed "leave" link (by
 * token). An entry holding an offer gives its seats to the next in line. Idempotent: leaving twice is fine.
 */
export async function removeFromWaitlist(
  db: Db,
  by: { eventId: string; entryId: string } | { leaveToken: string },
  now = new Date(),
): Promise<{ status: string; eventSlug: string }> {
  const found = await db.waitlistEntry.findFirst({
    where: "leaveToken" in by ? { leaveToken: by.leaveToken } : { id: by.entryId, eventId: by.eventId },
    select: { id: true, ticketTypeId: true, event: { select: { slug: true } } },
  });
  if (!found) throw new AppError("not_found", "There is no such waiting-list entry.");
  const status = await db.$transaction(async (tx) => {
    const sql = txSql(tx);
    // The type first, as every offer does, then the entry.
    await lockType(sql, found.ticketTypeId);
    const { rows } = await sql.query<{ id: string; ticketTypeId: string; quantity: number; status: string }>(
      `SELECT "id", "ticketTypeId", "quantity", "status"::text AS "status" FROM "WaitlistEntry" WHERE "id" = $1 FOR UPDATE`,
      [found.id],
    );
    const entry = rows[0];
    if (!entry || entry.status === "removed") return "removed";
    if (entry.status === "bought") return "bought";
    if (entry.status === "offered") await endOfferInTx(tx, sql, entry, "removed", now);
    else
      await sql.query(
        `UPDATE "WaitlistEntry" SET "status" = 'removed', "removedAt" = $2::timestamp, "updatedAt" = $2::timestamp WHERE "id" = $1`,
        [entry.id, iso(now)],
      );
    return "removed";
  });
  return { status, eventSlug: found.event.slug };
}
