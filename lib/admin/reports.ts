import "server-only";
import { checkinProgress } from "../checkin/lookup";
import type { Db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { organiserTimeZone } from "./zone";

/**
 * Sales figures for the admin dashboard, aggregated in the database. Money stays per currency: a KES
 * event and a TZS event are never added together, so every amount below carries its currency.
 */

/** Orders whose money came in (a refund later does not undo the sale; it is reported as a refund). */
const SOLD_STATUSES = ["paid", "partially_refunded", "refunded"] as const;
const SOLD_SQL = Prisma.sql`('paid', 'partially_refunded', 'refunded')`;

/** The dashboard's zone when no single event (with its own zone) is in view: the organiser's. */
export const DEFAULT_REPORT_TIMEZONE = organiserTimeZone();

export interface CurrencyAmount {
  currency: string;
  amountMinor: number;
}

export interface EventSales {
  eventId: string;
  slug: string;
  name: string;
  currency: string;
  startsAt: Date;
  ordersPaid: number;
  ticketsSold: number;
  /** Per currency (an event has one, but an order's own currency is what was charged). */
  gross: CurrencyAmount[];
  refunded: CurrencyAmount[];
  net: CurrencyAmount[];
}

export interface TicketTypeSales {
  ticketTypeId: string;
  eventId: string;
  eventName: string;
  name: string;
  capacity: number;
  sold: number;
  held: number;
  revenue: CurrencyAmount[];
}

export interface GatewaySales {
  gateway: string;
  currency: string;
  succeeded: number;
  amountMinor: number;
  refundedMinor: number;
}

export interface DaySales {
  /** YYYY-MM-DD in the report's time zone. */
  day: string;
  orders: number;
  tickets: number;
  revenue: CurrencyAmount[];
}

export interface BoothOccupancy {
  eventId: string;
  name: string;
  total: number;
  available: number;
  held: number;
  booked: number;
  blocked: number;
  /** Booth items of sold orders (add-ons booked with a booth are reported separately). */
  boothRevenue: CurrencyAmount[];
  addonRevenue: CurrencyAmount[];
}

export interface EventCheckin {
  eventId: string;
  name: string;
  total: number;
  checkedIn: number;
  byGate: Record<string, number>;
}

const num = (v: bigint | number | null | undefined) => Number(v ?? 0);

function addTo(list: CurrencyAmount[], currency: string, amountMinor: number) {
  const found = list.find((x) => x.currency === currency);
  if (found) found.amountMinor += amountMinor;
  else list.push({ currency, amountMinor });
}

/** Per event: paid orders, tickets sold, gross, refunded and net revenue in each currency. */
export async function salesByEvent(db: Db): Promise<EventSales[]> {
  const [events, orders, tickets] = await Promise.all([
    db.event.findMany({
      orderBy: { startsAt: "asc" },
      select: { id: true, slug: true, name: true, currency: true, startsAt: true },
    }),
    db.order.groupBy({
      by: ["eventId", "currency"],
      where: { status: { in: [...SOLD_STATUSES] } },
      _count: { _all: true },
      _sum: { totalMinor: true, refundedMinor: true },
    }),
    db.ticketType.groupBy({ by: ["eventId"], _sum: { sold: true } }),
  ]);
  return events.map((e) => {
    const rows = orders.filter((o) => o.eventId === e.id);
    const gross: CurrencyAmount[] = [];
    const refunded: CurrencyAmount[] = [];
    const net: CurrencyAmount[] = [];
    for (const r of rows) {
      const g = r._sum.totalMinor ?? 0;
      const f = r._sum.refundedMinor ?? 0;
      addTo(gross, r.currency, g);
      addTo(refunded, r.currency, f);
      addTo(net, r.currency, g - f);
    }
    return {
      eventId: e.id,
      slug: e.slug,
      name: e.name,
      currency: e.currency,
      startsAt: e.startsAt,
      ordersPaid: rows.reduce((n, r) => n + r._count._all, 0),
      ticketsSold: tickets.find((t) => t.eventId === e.id)?._sum.sold ?? 0,
      gross,
      refunded,
      net,
    };
  });
}

/** Per ticket type: seats sold and held against capacity, and what the sold seats brought in. */
export async function salesByTicketType(db: Db, opts: { eventId?: string } = {}): Promise<TicketTypeSales[]> {
  const [types, revenue] = await Promise.all([
    db.ticketType.findMany({
      where: opts.eventId ? { eventId: opts.eventId } : {},
      orderBy: [{ event: { startsAt: "asc" } }, { sortOrder: "asc" }, { name: "asc" }],
      select: {
        id: true,
        eventId: true,
        name: true,
        capacity: true,
        sold: true,
        held: true,
        event: { select: { name: true } },
      },
    }),
    db.$queryRaw<{ ticketTypeId: string; currency: string; amount: bigint }[]>`
      SELECT i."ticketTypeId", o."currency", SUM(i."totalMinor")::bigint AS amount
      FROM "OrderItem" i JOIN "Order" o ON o."id" = i."orderId"
      WHERE i."kind" = 'ticket' AND i."ticketTypeId" IS NOT NULL AND o."status"::text IN ${SOLD_SQL}
        ${opts.eventId ? Prisma.sql`AND o."eventId" = ${opts.eventId}` : Prisma.empty}
      GROUP BY i."ticketTypeId", o."currency"`,
  ]);
  return types.map((t) => ({
    ticketTypeId: t.id,
    eventId: t.eventId,
    eventName: t.event.name,
    name: t.name,
    capacity: t.capacity,
    sold: t.sold,
    held: t.held,
    revenue: revenue
      .filter((r) => r.ticketTypeId === t.id)
      .map((r) => ({ currency: r.currency, amountMinor: num(r.amount) })),
  }));
}

/** Per gateway and currency: payments that succeeded (including ones refunded since) and their money. */
export async function salesByGateway(db: Db, opts: { since?: Date } = {}): Promise<GatewaySales[]> {
  const rows = await db.payment.groupBy({
    by: ["gateway", "currency"],
    where: { succeededAt: opts.since ? { gte: opts.since } : { not: null } },
    _count: { _all: true },
    _sum: { amountMinor: true, refundedMinor: true },
    orderBy: [{ gateway: "asc" }, { currency: "asc" }],
  });
  return rows.map((r) => ({
    gateway: r.gateway,
    currency: r.currency,
    succeeded: r._count._all,
    amountMinor: r._sum.amountMinor ?? 0,
    refundedMinor: r._sum.refundedMinor ?? 0,
  }));
}

/** "YYYY-MM-DD" of an instant in a time zone. */
export function dayIn(timeZone: string, at: Date): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** The `days` calendar days ending today in the zone, oldest first. */
export function lastDays(timeZone: string, now: Date, days: number): string[] {
  const [y, m, d] = dayIn(timeZone, now).split("-").map(Number);
  return Array.from({ length: days }, (_, i) =>
    new Date(Date.UTC(y, m - 1, d - (days - 1 - i))).toISOString().slice(0, 10),
  );
}

/**
 * Sales per calendar day over the last `days` days (today included), by the day the order was paid in
 * the event's time zone (one event) or Africa/Nairobi (all events). Days without sales are zeros.
 */
export async function salesByDay(
  db: Db,
  opts: { eventId?: string; timeZone?: string; days?: number; now?: Date } = {},
): Promise<{ timeZone: string; days: DaySales[] }> {
  const now = opts.now ?? new Date();
  const count = opts.days ?? 14;
  let timeZone = opts.timeZone ?? DEFAULT_REPORT_TIMEZONE;
  if (opts.eventId && !opts.timeZone) {
    timeZone =
      (await db.event.findUnique({ where: { id: opts.eventId }, select: { timezone: true } }))?.timezone ?? timeZone;
  }
  const days = lastDays(timeZone, now, count);
  const first = days[0];
  // A day before the first local midnight is early enough for any zone; the local-date test does the rest.
  const since = new Date(Date.parse(`${first}T00:00:00Z`) - 24 * 3_600_000);
  // Timestamps are stored as UTC without a zone: read them as UTC first, then shift to the local clock.
  const localDay = Prisma.sql`((o."paidAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone})::date`;
  const rows = await db.$queryRaw<
    { day: string; currency: string; orders: number; tickets: bigint; revenue: bigint }[]
  >`
    SELECT to_char(${localDay}, 'YYYY-MM-DD') AS day, o."currency",
           COUNT(*)::int AS orders, COALESCE(SUM(t."seats"), 0)::bigint AS tickets, SUM(o."totalMinor")::bigint AS revenue
    FROM "Order" o
    LEFT JOIN (SELECT "orderId", SUM("quantity") AS "seats" FROM "OrderItem" WHERE "kind" = 'ticket' GROUP BY "orderId") t ON t."orderId" = o."id"
    WHERE o."status"::text IN ${SOLD_SQL} AND o."paidAt" >= ${since} AND o."paidAt" <= ${now}
      AND ${localDay} >= ${first}::date
      ${opts.eventId ? Prisma.sql`AND o."eventId" = ${opts.eventId}` : Prisma.empty}
    GROUP BY 1, 2`;
  return {
    timeZone,
    days: days.map((day) => {
      const mine = rows.filter((r) => r.day === day);
      return {
        day,
        orders: mine.reduce((n, r) => n + r.orders, 0),
        tickets: mine.reduce((n, r) => n + num(r.tickets), 0),
        revenue: mine.map((r) => ({ currency: r.currency, amountMinor: num(r.revenue) })),
      };
    }),
  };
}

/** Per event with booths: how many are free, held, booked or blocked, and what booked ones brought in. */
export async function boothOccupancy(db: Db): Promise<BoothOccupancy[]> {
  const [events, counts, revenue] = await Promise.all([
    db.event.findMany({
      where: { booths: { some: {} } },
      orderBy: { startsAt: "asc" },
      select: { id: true, name: true },
    }),
    db.booth.groupBy({ by: ["eventId", "status"], _count: { _all: true } }),
    db.$queryRaw<{ eventId: string; kind: string; currency: string; amount: bigint }[]>`
      SELECT o."eventId", i."kind"::text AS kind, o."currency", SUM(i."totalMinor")::bigint AS amount
      FROM "OrderItem" i JOIN "Order" o ON o."id" = i."orderId"
      WHERE i."kind" IN ('booth', 'addon') AND o."status"::text IN ${SOLD_SQL}
      GROUP BY 1, 2, 3`,
  ]);
  return events.map((e) => {
    const of = (status: string) => counts.find((c) => c.eventId === e.id && c.status === status)?._count._all ?? 0;
    const money = (kind: string) =>
      revenue
        .filter((r) => r.eventId === e.id && r.kind === kind)
        .map((r) => ({ currency: r.currency, amountMinor: num(r.amount) }));
    const available = of("available");
    const held = of("held");
    const booked = of("booked");
    const blocked = of("blocked");
    return {
      eventId: e.id,
      name: e.name,
      total: available + held + booked + blocked,
      available,
      held,
      booked,
      blocked,
      boothRevenue: money("booth"),
      addonRevenue: money("addon"),
    };
  });
}

/** Gate progress for events that sold tickets and have not been over for more than a week. */
export async function checkinByEvent(db: Db, now = new Date()): Promise<EventCheckin[]> {
  const events = await db.event.findMany({
    where: { endsAt: { gt: new Date(now.getTime() - 7 * 24 * 3_600_000) }, tickets: { some: {} } },
    orderBy: { startsAt: "asc" },
    select: { id: true, name: true },
  });
  return Promise.all(events.map(async (e) => ({ eventId: e.id, name: e.name, ...(await checkinProgress(db, e.id)) })));
}

/** Everything the dashboard shows, fetched together. */
export async function dashboardReport(db: Db, now = new Date()) {
  const [events, ticketTypes, gateways, daily, booths, checkin] = await Promise.all([
    salesByEvent(db),
    salesByTicketType(db),
    salesByGateway(db),
    salesByDay(db, { now }),
    boothOccupancy(db),
    checkinByEvent(db, now),
  ]);
  return { events, ticketTypes, gateways, daily, booths, checkin };
}
