import "server-only";
import type { Db } from "../db/client";
import { notFound } from "../errors";
import { releaseExpiredHolds } from "../orders/holds";
import { loadQuestions } from "../questions/answers";
import type { PublicQuestion } from "../questions/schemas";
import { boothStatus, saleState, seatsLeft, type PublicBoothStatus, type SaleState } from "./availability";

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
export async function listUpcomingEvents(db: Db, now = new Date()): Promise<EventSummary[]> {
  // "From …" and "Not on sale" must not count holds that have already run out.
  await releaseExpiredHolds(db, { now });
  const events = await db.event.findMany({
    where: { published: true, endsAt: { gt: now } },
    orderBy: { startsAt: "asc" },
    include: { ticketTypes: { where: { hidden: false } } },
  });
  return events.map((e) => {
    const onSale = e.ticketTypes.filter((t) => saleState(t, now) === "on_sale").map((t) => t.priceMinor);
    return { ...summary(e), priceFrom: onSale.length ? Math.min(...onSale) : null };
  });
}

/**
 * One published event with live availability. Holds that have run out are released first, so what a
 * buyer sees left is what they can buy.
 */
export async function getEventDetail(db: Db, slug: string, now = new Date()): Promise<EventDetail> {
  const exists = await db.event.findFirst({ where: { slug, published: true }, select: { id: true } });
  if (!exists) throw notFound("event_not_found", `There is no event "${slug}".`);
  await releaseExpiredHolds(db, { eventId: exists.id, now });
  const e = await db.event.findUniqueOrThrow({
    where: { id: exists.id },
    include: {
      ticketTypes: { where: { hidden: false }, orderBy: { sortOrder: "asc" } },
      halls: { orderBy: { name: "asc" } },
      booths: { orderBy: { code: "asc" } },
    },
  });
  const ticketTypes = e.ticketTypes.map((t) => ticketTypeView(t, now));
  const onSale = ticketTypes.filter((t) => t.state === "on_sale").map((t) => t.price);
  return {
    ...summary(e),
    id: e.id,
    priceFrom: onSale.length ? Math.min(...onSale) : null,
    ticketTypes,
    questions: await loadQuestions(db, e.id),
    halls: e.halls.map((h) => ({ id: h.id, name: h.name, width: h.width, height: h.height })),
    booths: e.booths.map((b) => ({
      id: b.id,
      code: b.code,
      size: b.size,
      price: b.priceMinor,
      currency: b.currency,
      status: boothStatus(b, now),
      hallId: b.hallId,
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
  },
  now: Date,
): TicketTypeView {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
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

function summary(e: {
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
}): Omit<EventSummary, "priceFrom"> {
  return {
    slug: e.slug,
    name: e.name,
    description: e.description,
    venue: e.venue,
    city: e.city,
    country: e.country,
    currency: e.currency,
    timezone: e.timezone,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt.toISOString(),
  };
}
