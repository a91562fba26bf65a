import "server-only";
import type { Db } from "../db/client";
import { listOrderTickets, type OrderTicketView } from "../tickets/views";
import { releaseHold } from "./holds";
import { admitToOrder, normalizeReference, orderNotFound, type OrderCaller } from "./order-access";
import { isOrderReference } from "./reference";
import { buyerReason, type BuyerReason } from "../payments/buyer-reason";

export type OrderStatusWord = "pending" | "paid" | "expired" | "cancelled" | "refunded" | "partially_refunded";

/** What the order reference alone shows: enough to see the status and pay, nothing about who bought. */
export interface PublicOrderView {
  reference: string;
  status: OrderStatusWord;
  /** After the discount. */
  total: number;
  currency: string;
  /** The promo code applied and what it took off, minor units. */
  discount: { code: string; amount: number } | null;
  expiresAt: string;
  createdAt: string;
  paidAt: string | null;
  event: {
    slug: string;
    name: string;
    venue: string;
    city: string;
    startsAt: string;
    timezone: string;
    country: string;
    /** Where and when the cash desk takes payment, for a buyer who pays there. */
    deskLocation: string | null;
    deskHours: string | null;
  };
  items: {
    kind: string;
    description: string;
    ticketTypeId: string | null;
    boothId: string | null;
    quantity: number;
    unitPrice: number;
    total: number;
  }[];
  payments: {
    paymentId: string;
    gateway: string;
    status: string;
    amount: number;
    currency: string;
    failureReason: string | null;
    /** The stable code of `failureReason` (lib/payments/buyer-reason.ts), or null. */
    failureReasonCode: BuyerReason | null;
    createdAt: string;
  }[];
}

/** The whole order, for its buyer (the holder of its access token). */
export interface OrderView extends PublicOrderView {
  receiptNumber: string | null;
  buyer: { name: string; emailMasked: string; phoneMasked: string };
  /** Secret of the ticket link; only once the order is paid (it is what the e-mail carries). Never in the API's answer. */
  accessToken: string | null;
  tickets: OrderTicketView[];
}

/** "j***@example.com": enough for the buyer to recognise, useless to someone who found the link. */
export function maskEmail(email: string): string {
  const [user, domain] = email.split("@");
  if (!domain) return "***";
  return `${user.slice(0, 1)}***@${domain}`;
}

/** "+254 7•• ••• 678": the buyer recognises their number; a stranger with the link learns little. */
export function maskPhone(e164: string): string {
  const digits = e164.replace(/\D/g, "");
  if (digits.length < 7) return "•••";
  return `+${digits.slice(0, 3)} ${digits.slice(3, 4)}•• ••• ${digits.slice(-3)}`;
}

type OrderRow = NonNullable<Awaited<ReturnType<typeof findOrder>>>;

const findOrder = (db: Db, reference: string) =>
  db.order.findUnique({
    where: { reference },
    include: {
      event: true,
      promoCode: { select: { code: true } },
      items: { orderBy: { id: "asc" } },
      payments: { orderBy: { createdAt: "asc" } },
    },
  });

/**
 * The order by its reference, or null. A pending order whose hold has run out is expired on the spot, so
 * the page never shows a hold that no longer exists.
 */
async function loadOrder(db: Db, reference: string, now: Date): Promise<OrderRow | null> {
  const ref = normalizeReference(reference);
  if (!isOrderReference(ref)) return null;
  const order = await findOrder(db, ref);
  if (order?.status === "pending" && order.expiresAt <= now && !order.holdReleasedAt) {
    await releaseHold(db, order.id, "expired", now);
    return findOrder(db, ref);
  }
  return order;
}

/** The whole order as its buyer sees it, for callers that already know they may (or that are the app). */
export async function getOrderView(db: Db, reference: string, now = new Date()): Promise<OrderView> {
  const order = await loadOrder(db, reference, now);
  if (!order) throw orderNotFound();
  return { ...publicView(order), ...ownerPart(order), tickets: await listOrderTickets(db, order.id) };
}

/** What someone with only the reference sees (the status and how to pay), or the buyer the whole order. */
export type OrderViewFor = ({ owner: false } & PublicOrderView) | ({ owner: true } & OrderView);

/** The order as this caller may see it; see order-access.ts for who is the buyer, and the limit on misses. */
export async function getOrderViewFor(
  db: Db,
  reference: string,
  caller: OrderCaller,
  now = new Date(),
): Promise<OrderViewFor> {
  const order = await loadOrder(db, reference, now);
  const access = await admitToOrder(db, order, caller, now);
  if (!order) throw orderNotFound(); // admitToOrder has already refused it
  if (access === "public") return { owner: false, ...publicView(order) };
  return { owner: true, ...publicView(order), ...ownerPart(order), tickets: await listOrderTickets(db, order.id) };
}

/** GET /api/orders/{reference}'s body (DESIGN.md): the buyer and tickets only for the token holder, and never the token. */
export function orderJson(view: OrderViewFor) {
  const { reference, status, total, currency, discount, expiresAt, items, payments } = view;
  const shown = { reference, status, total, currency, expiresAt, items, payments, ...(discount && { discount }) };
  if (!view.owner) return shown;
  const { createdAt, paidAt, receiptNumber, event, buyer, tickets } = view;
  return { ...shown, createdAt, paidAt, receiptNumber, event, buyer, tickets };
}

function publicView(order: OrderRow): PublicOrderView {
  return {
    reference: order.reference,
    status: order.status,
    total: order.totalMinor,
    currency: order.currency,
    discount: order.promoCode ? { code: order.promoCode.code, amount: order.discountMinor } : null,
    expiresAt: order.expiresAt.toISOString(),
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    event: {
      slug: order.event.slug,
      name: order.event.name,
      venue: order.event.venue,
      city: order.event.city,
      startsAt: order.event.startsAt.toISOString(),
      timezone: order.event.timezone,
      country: order.event.country,
      deskLocation: order.event.deskLocation,
      deskHours: order.event.deskHours,
    },
    items: order.items.map((i) => ({
      kind: i.kind,
      description: i.description,
      ticketTypeId: i.ticketTypeId,
      boothId: i.boothId,
      quantity: i.quantity,
      unitPrice: i.unitPriceMinor,
      total: i.totalMinor,
    })),
    payments: order.payments.map((p) => ({
      paymentId: p.id,
      gateway: p.gateway,
      status: p.status,
      amount: p.amountMinor,
      currency: p.currency,
      failureReason: p.failureReason,
      failureReasonCode: p.failureReason ? buyerReason(p.gateway, p.failureCode) : null,
      createdAt: p.createdAt.toISOString(),
    })),
  };
}

function ownerPart(order: OrderRow): Pick<OrderView, "buyer" | "accessToken" | "receiptNumber"> {
  return {
    receiptNumber: order.receiptNumber,
    accessToken: order.paidAt ? order.accessToken : null,
    buyer: {
      name: order.buyerName,
      emailMasked: maskEmail(order.buyerEmail),
      phoneMasked: maskPhone(order.buyerPhone),
    },
  };
}
