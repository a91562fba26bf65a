import "server-only";
import type { Db } from "../db/client";
import { notFound } from "../errors";
import { sqlOf } from "../db/sql";
import { releaseExpiredHolds } from "../orders/holds";
import { eventQuestions } from "../questions/answers";
import type { PublicQuestion } from "../questions/schemas";
import { boothStatus, saleState, seatsLeft, type PublicBoothStatus, type SaleState } from "./availability";
import { cachedCatalog, couldBeEventSlug } from "./catalog-cache";
import { DEFAULT_LOCALE, type Locale } from "../i18n/config";
import { localized } from "../i18n/content";

export interface EventSummary {
  slug: string;
  name: string;
  description: string;
  venue: string;
  city: string;
  country: string;
  currency: string;
  timezone: string;
  startsAt: string;
  endsAt: string;
  /** The event's picture: a path on this app (/images/…, /media/events/…) or an absolute URL; null for none. */
  imageUrl: string | null;
  /** Cheapest ticket currently on sale, in minor units; null when nothing is on sale. */
  priceFrom: number | null;
}

export interface TicketTypeView {
  id: string;
  name: string;
  description: string | null;
  price: number;
  currency: string;
  available: number;
  maxPerOrder: number;
  state: SaleState;
  /** Sold out with its waiting list open: the page offers "Join the waiting list" instead of a quantity. */
  waitlist: boolean;
  salesStartAt: string | null;
  salesEndAt: string | null;
}

export interface BoothView {
  id: string;
  code: string;
  size: "standard" | "premium" | "corner";
  price: number;
  currency: string;
  status: PublicBoothStatus;
  hallId: string;
  /** What the stand offers, in the reader's language where the organiser wrote it; null when not described. */
  description: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EventDetail extends EventSummary {
  id: string;
  ticketTypes: TicketTypeView[];
  halls: { id: string; name: string; width: number; height: number }[];
  booths: BoothView[];
  /** Checkout questions, in the organiser's order. */
  questions: PublicQuestion[];
}

/** Published events that have not ended, soonest first. */
export async function listUpcomingEvents(
  db: Db,
  now = new Date(),
  lang: Locale = DEFAULT_LOCALE,
): Promise<EventSummary[]> {
  // "From …" and "Not on sale" must not count holds that have already run out.
  await releaseExpiredHolds(db, { now });
  const events = await db.event.findMany({
    where: { published: true, endsAt: { gt: now } },
    orderBy: { startsAt: "asc" },
    include: { ticketTypes: { where: { hidden: false } } },
  });
  return events.map((e) => {
    const onSale = e.ticketTypes.filter((t) => saleState(t, now) === "on_sale").map((t) => t.priceMinor);
    return { ...summary(e, lang), priceFrom: onSale.length ? Math.min(...onSale) : null };
  });
}

/** Seats and booth status as of now: the only part of an event page that moves during a sale. */
export interface EventAvailability {
  ticketTypes: { id: string; available: number; state: SaleState }[];
  booths: { id: string; status: PublicBoothStatus }[];
}

/** What an event is, without its stock: cached (lib/catalog/catalog-cache.ts), never the source of seats left. */
async function publishedEvent(db: Db, slug: string) {
  // The URL's slug is anyone's to choose: one no event can have is not worth a read, nor a cache entry.
  if (!couldBeEventSlug(slug)) return null;
  return cachedCatalog(db, `event:${slug}`, () =>
    db.event.findFirst({
      where: { slug, published: true },
      include: {
        ticketTypes: { where: { hidden: false }, orderBy: { sortOrder: "asc" } },
        halls: { orderBy: { name: "asc" } },
        booths: { orderBy: { code: "asc" } },
      },
    }),
  );
}

type StockRow = { id: string; capacity: number; sold: number; held: number };
type BoothRow = { id: string; status: PublicBoothStatus; holdExpiresMs: number | null };

/**
 * Live stock of one event. Holds that have run out are released first (at most once a second per event and
 * process: a rush asks this thousands of times a second), so what a buyer sees left is what they can buy.
 */
async function liveStock(db: Db, eventId: string, now: Date) {
  await cachedCatalog(db, `release:${eventId}`, () => releaseExpiredHolds(db, { eventId, now }));
  const sql = sqlOf(db);
  const [seats, booths] = await Promise.all([
    sql.query<StockRow>(`SELECT "id", "capacity", "sold", "held" FROM "TicketType" WHERE "eventId" = $1`, [eventId]),
    sql.query<BoothRow>(
      // Epoch milliseconds, not the timestamp itself: see lib/db/sql.ts on reading timestamps back.
      `SELECT "id", "status"::text AS "status", (EXTRACT(EPOCH FROM "holdExpiresAt") * 1000)::float8 AS "holdExpiresMs"
       FROM "Booth" WHERE "eventId" = $1`,
      [eventId],
    ),
  ]);
  return {
    seats: new Map(seats.rows.map((r) => [r.id, r])),
    booths: new Map(
      booths.rows.map((b) => {
        const holdExpiresAt = b.holdExpiresMs === null ? null : new Date(b.holdExpiresMs);
        return [b.id, boothStatus({ status: b.status, holdExpiresAt }, now)];
      }),
    ),
  };
}

async function eventWithStock(db: Db, slug: string, now: Date) {
  const e = await publishedEvent(db, slug);
  if (!e) throw notFound("event_not_found", `There is no event "${slug}".`);
  const stock = await liveStock(db, e.id, now);
  // A ticket type deleted since the catalogue was read has no stock row: it is gone, not free.
  const ticketTypes = e.ticketTypes.flatMap((t) => {
    const live = stock.seats.get(t.id);
    return live ? [{ ...t, ...live }] : [];
  });
  const booths = e.booths.flatMap((b) => {
    const status = stock.booths.get(b.id);
    return status ? [{ ...b, status }] : [];
  });
  return { ...e, ticketTypes, booths };
}

/** Seats left and sale state of each ticket type, and booth status: what the event page keeps live. */
export async function getEventAvailability(db: Db, slug: string, now = new Date()): Promise<EventAvailability> {
  const e = await eventWithStock(db, slug, now);
  return {
    ticketTypes: e.ticketTypes.map((t) => ({ id: t.id, available: seatsLeft(t), state: saleState(t, now) })),
    booths: e.booths.map((b) => ({ id: b.id, status: b.status })),
  };
}

/** One published event with live availability, its texts in `lang` where the organiser wrote them. */
export async function getEventDetail(
  db: Db,
  slug: string,
  now = new Date(),
  lang: Locale = DEFAULT_LOCALE,
): Promise<EventDetail> {
  const e = await eventWithStock(db, slug, now);
  const ticketTypes = e.ticketTypes.map((t) => ticketTypeView(t, now, lang));
  const onSale = ticketTypes.filter((t) => t.state === "on_sale").map((t) => t.price);
  return {
    ...summary(e, lang),
    id: e.id,
    priceFrom: onSale.length ? Math.min(...onSale) : null,
    ticketTypes,
    questions: await eventQuestions(db, e.id, lang),
    halls: e.halls.map((h) => ({ id: h.id, name: h.name, width: h.width, height: h.height })),
    booths: e.booths.map((b) => ({
      id: b.id,
      code: b.code,
      size: b.size,
      price: b.priceMinor,
      currency: b.currency,
      status: b.status,
      hallId: b.hallId,
      description: localized(b.translations, lang, "description", b.description),
      x: b.x,
      y: b.y,
      width: b.width,
      height: b.height,
    })),
  };
}

/** A ticket type as buyers see it (a hidden one too, once a promo code has unlocked it). */
export function ticketTypeView(
  t: {
    id: string;
    name: string;
    description: string | null;
    priceMinor: number;
    currency: string;
    capacity: number;
    sold: number;
    held: number;
    maxPerOrder: number;
    salesStartAt: Date | null;
    salesEndAt: Date | null;
    waitlistEnabled: boolean;
    translations?: unknown;
  },
  now: Date,
  lang: Locale = DEFAULT_LOCALE,
): TicketTypeView {
  return {
    id: t.id,
    name: localized(t.translations, lang, "name", t.name),
    description: localized(t.translations, lang, "description", t.description),
    price: t.priceMinor,
    currency: t.currency,
    available: seatsLeft(t),
    maxPerOrder: t.maxPerOrder,
    state: saleState(t, now),
    // A sold-out type with its list open: the page offers "Join the waiting list" instead of a picker.
    waitlist: t.waitlistEnabled && saleState(t, now) === "sold_out",
    salesStartAt: t.salesStartAt?.toISOString() ?? null,
    salesEndAt: t.salesEndAt?.toISOString() ?? null,
  };
}

function summary(
  e: {
    slug: string;
    name: string;
    description: string;
    venue: string;
    city: string;
    country: string;
    currency: string;
    timezone: string;
    startsAt: Date;
    endsAt: Date;
    translations?: unknown;
    imageUrl: string | null;
  },
  lang: Locale,
): Omit<EventSummary, "priceFrom"> {
  return {
    slug: e.slug,
    name: localized(e.translations, lang, "name", e.name),
    description: localized(e.translations, lang, "description", e.description),
    venue: e.venue,
    city: e.city,
    country: e.country,
    currency: e.currency,
    timezone: e.timezone,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
    imageUrl: e.imageUrl,
  };
}
