import "server-only";
import { z } from "zod";
import { formatShortDateTime } from "../dates";
import type { Db } from "../db/client";
import type { Prisma, Settlement } from "../db/generated/client";
import { gatewayLabel } from "../documents/labels";
import { notFound } from "../errors";
import { formatMoney } from "../money";
import { releaseHold } from "../orders/holds";
import type { OrderStatusWord } from "../orders/order-view";
import { normalizePhone } from "../orders/phone";
import { isOrderReference } from "../orders/reference";
import { paidTheOrder } from "../orders/settlement";
import { describeCode, explainCall } from "../payments/code-words";
import { outcomeText } from "./callback-outcomes";
import { likeLiteral, searchText } from "./list-filters";

/** Badge colours (components/ui/badge tones) for what the admin pages show. */
export type Tone = "green" | "amber" | "red" | "neutral" | "blue";

export const ORDER_STATUSES = [
  "pending",
  "paid",
  "expired",
  "cancelled",
  "refunded",
  "partially_refunded",
] as const satisfies readonly OrderStatusWord[];

export const ORDER_STATUS_TONE: Record<OrderStatusWord, Tone> = {
  pending: "amber",
  paid: "green",
  expired: "neutral",
  cancelled: "neutral",
  refunded: "red",
  partially_refunded: "blue",
};

const PAGE_SIZE = 25;

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** What the search form sends; anything malformed falls back to "no filter" rather than an error page. */
export const orderSearchSchema = z.object({
  q: z.preprocess(first, searchText.catch("")).default(""),
  eventId: z.preprocess(
    first,
    z
      .string()
      .trim()
      .max(40)
      .regex(/^[A-Za-z0-9_-]+$/)
      .optional()
      .catch(undefined),
  ),
  status: z.preprocess(first, z.enum(ORDER_STATUSES).optional().catch(undefined)),
  page: z.preprocess(first, z.coerce.number().int().min(1).max(10_000).catch(1)).default(1),
});
export type OrderSearch = z.infer<typeof orderSearchSchema>;

export interface OrderSearchRow {
  reference: string;
  status: OrderStatusWord;
  buyerName: string;
  buyerEmail: string;
  buyerPhone: string;
  totalMinor: number;
  currency: string;
  createdAt: Date;
  eventName: string;
  paidWith: string | null;
  receipt: string | null;
}

export interface OrderSearchResult {
  rows: OrderSearchRow[];
  total: number;
  page: number;
  pages: number;
}

/**
 * The phone numbers a typed text could be: E.164 for each country the orders could be in (a Kenyan
 * desk types "0712 345 678"), and the digits as typed with a "+" (someone pasting "254712345678").
 */
function phoneCandidates(q: string, countries: string[]): string[] {
  if (!/^[+\d][\d\s().-]{5,}$/.test(q)) return [];
  const out = new Set<string>();
  for (const c of countries) {
    const e164 = normalizePhone(q, c);
    if (e164) out.add(e164);
  }
  const digits = q.replace(/\D/g, "");
  if (digits.length >= 7) out.add(`+${digits}`);
  return [...out];
}

/**
 * One search box for the desk: an order reference (exact), the buyer's name or e-mail (contains, any
 * case), a phone number however it is typed, or a receipt (Lango's "LR-…" or the gateway's, such as
 * an M-Pesa receipt number). Filters by event and status; newest first, a page at a time.
 */
export async function searchOrders(db: Db, search: OrderSearch): Promise<OrderSearchResult> {
  const where: Prisma.OrderWhereInput = {
    ...(search.eventId && { eventId: search.eventId }),
    ...(search.status && { status: search.status }),
  };
  const q = search.q;
  if (q) {
    const upper = q.toUpperCase();
    const countries = search.eventId
      ? (await db.event.findMany({ where: { id: search.eventId }, select: { country: true } })).map((e) => e.country)
      : (await db.event.findMany({ distinct: ["country"], select: { country: true } })).map((e) => e.country);
    const phones = phoneCandidates(q, countries);
    const or: Prisma.OrderWhereInput[] = [
      { buyerName: { contains: likeLiteral(q), mode: "insensitive" } },
      { buyerEmail: { contains: likeLiteral(q), mode: "insensitive" } },
      { receiptNumber: upper },
      // Gateway receipts are stored as the gateway wrote them (M-Pesa's are upper case); exact match
      // keeps the unique index useful.
      { payments: { some: { gatewayReceipt: { in: [...new Set([q, upper])] } } } },
    ];
    if (isOrderReference(upper)) or.unshift({ reference: upper });
    if (phones.length) or.push({ buyerPhone: { in: phones } }, { payments: { some: { phone: { in: phones } } } });
    where.OR = or;
  }
  const [total, orders] = await Promise.all([
    db.order.count({ where }),
    db.order.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (search.page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      include: {
        event: { select: { name: true } },
        payments: {
          where: { status: { in: ["succeeded", "refunded"] } },
          orderBy: { succeededAt: "asc" },
          take: 1,
          select: { gateway: true, gatewayReceipt: true },
        },
      },
    }),
  ]);
  return {
    total,
    page: search.page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    rows: orders.map((o) => ({
      reference: o.reference,
      status: o.status,
      buyerName: o.buyerName,
      buyerEmail: o.buyerEmail,
      buyerPhone: o.buyerPhone,
      totalMinor: o.totalMinor,
      currency: o.currency,
      createdAt: o.createdAt,
      eventName: o.event.name,
      paidWith: o.payments[0] ? gatewayLabel(o.payments[0].gateway) : null,
      receipt: o.payments[0]?.gatewayReceipt ?? null,
    })),
  };
}

export async function listEventsForFilter(db: Db) {
  return db.event.findMany({ orderBy: { startsAt: "desc" }, select: { id: true, name: true, slug: true } });
}

const orderInclude = {
  event: true,
  promoCode: { select: { code: true } },
  items: { orderBy: { id: "asc" } },
  payments: { orderBy: { createdAt: "asc" }, include: { refunds: { orderBy: { createdAt: "asc" } } } },
  tickets: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { ticketType: { select: { name: true } } } },
} satisfies Prisma.OrderInclude;

export type AdminOrder = Prisma.OrderGetPayload<{ include: typeof orderInclude }>;
export type AdminPayment = AdminOrder["payments"][number];

/** The succeeded payment whose money paid the order (not a duplicate or a late one that went back). */
export function payingPayment(order: AdminOrder): AdminPayment | undefined {
  return order.payments.find((p) => p.status === "succeeded" && paidTheOrder(p.settlement));
}

/**
 * What can still go back from a payment: its amount less every refund that succeeded or is still on its
 * way (an MTN or M-Pesa refund is confirmed later by the gateway), as lib/payments/refunds.ts counts it.
 */
export function refundableMinor(p: AdminPayment): { refundable: number; pending: number } {
  const pending = p.refunds.filter((r) => r.status === "pending").reduce((sum, r) => sum + r.amountMinor, 0);
  const promised = p.refunds
    .filter((r) => r.status === "pending" || r.status === "succeeded")
    .reduce((sum, r) => sum + r.amountMinor, 0);
  return { refundable: Math.max(0, p.amountMinor - promised), pending };
}

/**
 * An order by reference with everything the admin page shows. A pending order whose hold has run out
 * is expired on the spot, as the buyer's page does, so the admin never acts on a hold that is gone.
 */
export async function getAdminOrder(db: Db, reference: string, now = new Date()): Promise<AdminOrder> {
  const ref = reference.trim().toUpperCase();
  if (!isOrderReference(ref)) throw notFound("order_not_found", "There is no order with that reference.");
  const load = () => db.order.findUnique({ where: { reference: ref }, include: orderInclude });
  let order = await load();
  if (!order) throw notFound("order_not_found", "There is no order with that reference.");
  if (order.status === "pending" && order.expiresAt <= now && !order.holdReleasedAt) {
    await releaseHold(db, order.id, "expired", now);
    order = (await load())!;
  }
  return order;
}

export interface TimelineEntry {
  at: Date;
  kind: "order" | "payment" | "callback" | "gateway" | "refund" | "email" | "ticket" | "checkin" | "admin";
  title: string;
  detail?: string;
  tone: Tone;
}

const SETTLEMENT_WORDS: Record<Settlement, string> = {
  paid: "paid the order",
  paid_late: "arrived after the hold ran out; the seats were still free, so the order is paid",
  no_capacity: "arrived after the hold ran out and the seats had gone: refunded automatically",
  already_paid: "the order was already paid: this duplicate is refunded automatically",
  order_cancelled: "arrived after the order was cancelled: refunded automatically",
};

/**
 * What became of a payment's money. One that should have gone back by itself but has no refund was held back
 * on purpose (a second success without a receipt may be the same money told twice: sync-payment.ts), and
 * the admin is the one to check and refund it.
 */
function settlementWords(settlement: Settlement, p: { refunds: readonly unknown[] }): string {
  if (paidTheOrder(settlement) || p.refunds.length) return SETTLEMENT_WORDS[settlement];
  return `${SETTLEMENT_WORDS[settlement].split(":")[0]}: not refunded automatically, as it may be the same money told twice; check the gateway's statement, and refund it under Payments if it was paid twice`;
}

const truncate = (s: string, n = 160) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Everything that happened to an order, oldest first: the hold, each payment attempt and what the
 * gateway said (its calls and notifications), refunds, e-mails, tickets, gate scans and admin actions.
 * Entries at the same instant keep the order in which they are listed here, which is cause before effect.
 */
export async function orderTimeline(db: Db, order: AdminOrder, now = new Date()): Promise<TimelineEntry[]> {
  const paymentIds = order.payments.map((p) => p.id);
  const ticketIds = order.tickets.map((t) => t.id);
  const refunds = order.payments.flatMap((p) => p.refunds.map((r) => ({ ...r, gateway: p.gateway })));
  // A refund's result notification names the refund (Daraja's ConversationID, or our refund id), not the
  // payment: look for those among the gateway's notifications since the first refund was asked for.
  const refundNames = refunds.flatMap((r) => [r.id, r.gatewayReference]).filter((x): x is string => !!x);
  const refundResults: Prisma.CallbackLogWhereInput | undefined = refunds.length
    ? {
        paymentId: null,
        gateway: { in: [...new Set(refunds.map((r) => r.gateway))] },
        receivedAt: { gte: new Date(Math.min(...refunds.map((r) => r.createdAt.getTime()))) },
        OR: refundNames.map((n) => ({ body: { contains: n } })),
      }
    : undefined;
  const [callbacks, calls, emails, checkIns, audits] = await Promise.all([
    db.callbackLog.findMany({
      where: { OR: [{ paymentId: { in: paymentIds } }, ...(refundResults ? [refundResults] : [])] },
      orderBy: { receivedAt: "asc" },
    }),
    db.gatewayCall.findMany({
      where: { paymentId: { in: paymentIds } },
      orderBy: { createdAt: "asc" },
      select: {
        gateway: true,
        operation: true,
        httpStatus: true,
        resultCode: true,
        ok: true,
        durationMs: true,
        error: true,
        createdAt: true,
      },
    }),
    db.emailOutbox.findMany({
      where: { orderId: order.id },
      orderBy: { createdAt: "asc" },
      select: {
        kind: true,
        to: true,
        subject: true,
        status: true,
        attempts: true,
        lastError: true,
        createdAt: true,
        sentAt: true,
      },
    }),
    db.checkIn.findMany({
      where: { ticketId: { in: ticketIds } },
      orderBy: { scannedAt: "asc" },
      include: { user: { select: { email: true } }, ticket: { select: { attendeeName: true } } },
    }),
    db.auditLog.findMany({
      where: { entity: "order", entityId: order.id },
      orderBy: { createdAt: "asc" },
      include: { actor: { select: { email: true } } },
    }),
  ]);
  const requesterIds = [
    ...new Set(order.payments.flatMap((p) => p.refunds.map((r) => r.requestedById)).filter((x): x is string => !!x)),
  ];
  const requesters = new Map(
    (await db.user.findMany({ where: { id: { in: requesterIds } }, select: { id: true, email: true } })).map((u) => [
      u.id,
      u.email,
    ]),
  );
  const money = (minor: number) => formatMoney(minor, order.currency);
  const out: TimelineEntry[] = [];
  const add = (e: TimelineEntry) => out.push(e);

  const seats = order.items.reduce((n, i) => n + (i.kind === "ticket" ? i.quantity : 0), 0);
  add({
    at: order.createdAt,
    kind: "order",
    title: "Order created",
    detail: `${order.items.map((i) => `${i.quantity} × ${i.description}`).join(", ")}; ${money(order.totalMinor)}; hold until ${formatShortDateTime(order.expiresAt.toISOString(), order.event.timezone, order.event.country)}`,
    tone: "neutral",
  });

  for (const p of order.payments) {
    const via = gatewayLabel(p.gateway);
    add({
      at: p.createdAt,
      kind: "payment",
      title: `Payment started: ${via}`,
      detail: [money(p.amountMinor), p.method, p.phone].filter(Boolean).join(" · "),
      tone: "neutral",
    });
    if (p.status !== "pending" && p.finalizedAt) {
      const settlement = p.settlement;
      if (p.succeededAt) {
        add({
          at: p.succeededAt,
          kind: "payment",
          title: `Payment succeeded: ${via}`,
          detail: [p.gatewayReceipt && `receipt ${p.gatewayReceipt}`, settlement && settlementWords(settlement, p)]
            .filter(Boolean)
            .join("; "),
          tone: paidTheOrder(settlement) ? "green" : "amber",
        });
      } else {
        add({
          at: p.finalizedAt,
          kind: "payment",
          title: `Payment ${p.status}: ${via}`,
          detail: [
            p.failureCode && describeCode(p.gateway, p.failureCode),
            p.failureReason && `buyer told: ${p.failureReason}`,
          ]
            .filter(Boolean)
            .join(" · "),
          tone: "red",
        });
      }
    }
    for (const r of p.refunds) {
      const who = r.requestedById ? requesters.get(r.requestedById) : undefined;
      add({
        at: r.createdAt,
        kind: "refund",
        title: `Refund requested: ${money(r.amountMinor)} via ${via}`,
        detail: [r.reason, who ? `by ${who}` : "automatic"].join(" · "),
        tone: "neutral",
      });
      if (r.completedAt) {
        add({
          at: r.completedAt,
          kind: "refund",
          title:
            r.status === "succeeded"
              ? `Refund succeeded: ${money(r.amountMinor)}`
              : `Refund failed: ${money(r.amountMinor)}`,
          detail: r.failureReason ?? r.gatewayReference ?? undefined,
          tone: r.status === "succeeded" ? "blue" : "red",
        });
      }
    }
  }
  for (const c of calls) {
    const { effect, words } = explainCall(c);
    add({
      at: c.createdAt,
      kind: "gateway",
      title: `${gatewayLabel(c.gateway)} ${c.operation}: ${words}`,
      detail: [
        c.httpStatus && `HTTP ${c.httpStatus}`,
        c.resultCode && `result ${c.resultCode}`,
        `${c.durationMs} ms`,
        c.error,
      ]
        .filter(Boolean)
        .join(" · "),
      tone: effect === "failed" ? "red" : effect === "retried" ? "amber" : "neutral",
    });
  }
  for (const c of callbacks) {
    add({
      at: c.receivedAt,
      kind: "callback",
      title: `Notification from ${gatewayLabel(c.gateway)} (${c.kind})`,
      detail: [c.verified ? "verified" : "not verified", c.duplicate && "duplicate", truncate(outcomeText(c))]
        .filter(Boolean)
        .join(" · "),
      tone: c.duplicate ? "neutral" : c.verified ? "blue" : "red",
    });
  }

  if (order.paidAt)
    add({
      at: order.paidAt,
      kind: "order",
      title: "Order paid",
      detail: order.receiptNumber ? `receipt ${order.receiptNumber}` : undefined,
      tone: "green",
    });
  if (order.holdReleasedAt && order.status === "expired")
    add({
      at: order.holdReleasedAt,
      kind: "order",
      title: "Hold expired",
      detail: `${seats} seat(s) given back`,
      tone: "neutral",
    });
  if (order.cancelledAt)
    add({ at: order.cancelledAt, kind: "order", title: "Order cancelled", detail: "hold released", tone: "neutral" });
  if (order.status === "pending" && !order.holdReleasedAt)
    add({
      at: order.expiresAt,
      kind: "order",
      title: order.expiresAt > now ? "Hold runs out" : "Hold ran out",
      tone: "amber",
    });

  // Tickets are issued (and revoked) together, each row stamped a few milliseconds apart: one line per
  // burst, not one per seat.
  const group = (dates: Date[]) => {
    const out: { at: Date; n: number }[] = [];
    for (const d of [...dates].sort((a, b) => a.getTime() - b.getTime())) {
      const last = out.at(-1);
      if (last && d.getTime() - last.at.getTime() < 2000) last.n++;
      else out.push({ at: d, n: 1 });
    }
    return out;
  };
  for (const g of group(order.tickets.map((t) => t.createdAt)))
    add({ at: g.at, kind: "ticket", title: `${g.n} ticket(s) issued`, tone: "green" });
  for (const g of group(order.tickets.filter((t) => t.status === "revoked").map((t) => t.updatedAt)))
    add({
      at: g.at,
      kind: "ticket",
      title: `${g.n} ticket(s) revoked`,
      detail: "their codes no longer admit anyone",
      tone: "red",
    });

  for (const e of emails) {
    add({
      at: e.createdAt,
      kind: "email",
      title: `E-mail queued: ${e.subject}`,
      detail: `${e.kind} to ${e.to}`,
      tone: "neutral",
    });
    if (e.status === "sent" && e.sentAt)
      add({ at: e.sentAt, kind: "email", title: `E-mail sent: ${e.subject}`, detail: `to ${e.to}`, tone: "green" });
    if (e.status === "failed")
      add({
        at: e.sentAt ?? e.createdAt,
        kind: "email",
        title: `E-mail failed: ${e.subject}`,
        detail: `${e.lastError ?? "unknown error"} (attempt ${e.attempts})`,
        tone: "red",
      });
  }
  for (const c of checkIns) {
    add({
      at: c.scannedAt,
      kind: "checkin",
      title: `Scan: ${c.result.replaceAll("_", " ")}`,
      detail: [
        c.ticket?.attendeeName,
        c.gate && `gate ${c.gate}`,
        c.user?.email && `by ${c.user.email}`,
        c.offline && "offline, synced later",
      ]
        .filter(Boolean)
        .join(" · "),
      tone: c.result === "ok" ? "green" : "amber",
    });
  }
  for (const a of audits) {
    add({
      at: a.createdAt,
      kind: "admin",
      title: `Admin: ${a.action.replace(/^order\./, "").replaceAll("_", " ")}`,
      detail: [a.actor?.email && `by ${a.actor.email}`, a.data && truncate(auditSummary(a.data))]
        .filter(Boolean)
        .join(" · "),
      tone: "blue",
    });
  }

  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at.getTime() - b.e.at.getTime() || a.i - b.i)
    .map(({ e }) => e);
}

function auditSummary(data: Prisma.JsonValue): string {
  if (!data || typeof data !== "object" || Array.isArray(data)) return String(data);
  return Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(", ");
}
