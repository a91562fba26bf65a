import "server-only";
import { z } from "zod";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { normalizePhone } from "../orders/phone";
import { GATEWAY_IDS } from "../payments/types";
import {
  cursorParam,
  dayParam,
  filterErrors,
  likeLiteral,
  optionalParam,
  PAGE_SIZE,
  pageOf,
  searchText,
  startOfDayIn,
  type SearchParams,
} from "./list-filters";
import { DEFAULT_REPORT_TIMEZONE } from "./reports";

export const PAYMENT_STATUSES = ["pending", "succeeded", "failed", "cancelled", "expired", "refunded"] as const;

/** Dates in the filter are calendar days in the admin's zone (East Africa), not UTC. */
export const PAYMENT_FILTER_TIMEZONE = DEFAULT_REPORT_TIMEZONE;

export const paymentFiltersSchema = z
  .object({
    event: optionalParam(
      z
        .string()
        .max(120, "That event is not valid.")
        .regex(/^[a-z0-9-]+$/, "That event is not valid."),
    ),
    gateway: optionalParam(z.enum(GATEWAY_IDS, { error: `Choose one of: ${GATEWAY_IDS.join(", ")}.` })),
    status: optionalParam(z.enum(PAYMENT_STATUSES, { error: `Choose one of: ${PAYMENT_STATUSES.join(", ")}.` })),
    from: dayParam,
    to: dayParam,
    q: optionalParam(searchText),
    before: cursorParam,
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ["to"],
    message: "The end date is before the start date.",
  });

export type PaymentFilters = z.output<typeof paymentFiltersSchema>;

const LABELS = {
  event: "Event",
  gateway: "Gateway",
  status: "Status",
  from: "From",
  to: "To",
  q: "Search",
  before: "Page",
};

export function parsePaymentFilters(
  params: SearchParams,
): { ok: true; filters: PaymentFilters } | { ok: false; errors: string[] } {
  const parsed = paymentFiltersSchema.safeParse(params);
  return parsed.success
    ? { ok: true, filters: parsed.data }
    : { ok: false, errors: filterErrors(parsed.error, LABELS) };
}

/**
 * What the search box matches: an order reference, a gateway receipt or reference (M-Pesa receipt,
 * CheckoutRequestID…), or a phone number typed in any local form of a country Lango sells in.
 */
async function searchWhere(db: Db, q: string): Promise<Prisma.PaymentWhereInput> {
  const countries = (await db.event.findMany({ distinct: ["country"], select: { country: true } })).map(
    (e) => e.country,
  );
  const phones = [...new Set(countries.map((c) => normalizePhone(q, c)).filter((p): p is string => p !== null))];
  return {
    OR: [
      { order: { reference: q.toUpperCase() } },
      { gatewayReceipt: { equals: likeLiteral(q), mode: "insensitive" } },
      { gatewayReference: q },
      ...(phones.length ? [{ phone: { in: phones } }, { order: { buyerPhone: { in: phones } } }] : []),
    ],
  };
}

/** Payments newest first, PAGE_SIZE at a time, filtered as the query string says. */
export async function listPayments(db: Db, f: PaymentFilters) {
  const where: Prisma.PaymentWhereInput[] = [];
  if (f.event) where.push({ order: { event: { slug: f.event } } });
  if (f.gateway) where.push({ gateway: f.gateway });
  if (f.status) where.push({ status: f.status });
  if (f.from) where.push({ createdAt: { gte: startOfDayIn(f.from, PAYMENT_FILTER_TIMEZONE) } });
  if (f.to) {
    const next = new Date(Date.parse(`${f.to}T00:00:00Z`) + 24 * 3_600_000).toISOString().slice(0, 10);
    where.push({ createdAt: { lt: startOfDayIn(next, PAYMENT_FILTER_TIMEZONE) } });
  }
  if (f.q) where.push(await searchWhere(db, f.q));

  const rows = await db.payment.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: PAGE_SIZE + 1,
    ...(f.before && { cursor: { id: f.before }, skip: 1 }),
    select: {
      id: true,
      createdAt: true,
      gateway: true,
      method: true,
      status: true,
      amountMinor: true,
      currency: true,
      phone: true,
      gatewayReceipt: true,
      failureCode: true,
      failureReason: true,
      refundedMinor: true,
      order: { select: { reference: true, event: { select: { name: true } } } },
    },
  });
  return pageOf(rows);
}

/** The events to offer in the filter. */
export function paymentFilterEvents(db: Db) {
  return db.event.findMany({ orderBy: { startsAt: "desc" }, select: { slug: true, name: true } });
}
