import "server-only";
import type { Db } from "../db/client";
import { notFound } from "../errors";
import { listOrderTickets, type OrderTicketView } from "../tickets/views";
import { releaseHold } from "./holds";
import { isOrderReference } from "./reference";

export type OrderStatusWord = "pending" | "paid" | "expired" | "cancelled" | "refunded" | "partially_refunded";

export interface OrderView {
  reference: string;
  status: OrderStatusWord;
  total: number;
  currency: string;
  expiresAt: string;
  createdAt: string;
  paidAt: string | null;
  receiptNumber: string | null;
  event: { slug: string; name: string; venue: string; city: string; startsAt: string; timezone: string; country: string };
  buyer: { name: string; emailMasked: string; phoneMasked: string };
  /** Secret of the ticket link; only returned once the order is paid (it is what the e-mail carries). */
  accessToken: string | null;
  items: { kind: string; description: string; ticketTypeId: string | null; boothId: string | null; quantity: number; unitPrice: number; total: number }[];
  payments: { paymentId: string; gateway: string; status: string; amount: number; currency: string; failureReason: string | null; createdAt: string }[];
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

/**
 * The order as its buyer (and the JSON API) sees it. A pending order whose hold has run out is expired
 * on the spot, so the page never shows a hold that no longer exists.
 */
export async function getOrderView(db: Db, reference: string, now = new Date()): Promise<OrderView> {
  const ref = reference.trim().toUpperCase();
  if (!isOrderReference(ref)) throw notFound("order_not_found", "There is no order with that reference.");
  const load = () =>
    db.order.findUnique({
      where: { reference: ref },
      include: {
        event: true,
        items: { orderBy: { id: "asc" } },
        payments: { orderBy: { createdAt: "asc" } },
      },
    });
  let order = await load();
  if (!order) throw notFound("order_not_found", "There is no order with that reference.");
  if (order.status === "pending" && order.expiresAt <= now && !order.holdReleasedAt) {
    await releaseHold(db, order.id, "expired", now);
    order = (await load())!;
  }
  return {
    reference: order.reference,
    status: order.status,
    total: order.totalMinor,
    currency: order.currency,
    expiresAt: order.expiresAt.toISOString(),
    createdAt: order.createdAt.toISOString(),
    paidAt: order.paidAt?.toISOString() ?? null,
    receiptNumber: order.receiptNumber,
    event: {
      slug: order.event.slug,
      name: order.event.name,
      venue: order.event.venue,
      city: order.event.city,
      startsAt: order.event.startsAt.toISOString(),
      timezone: order.event.timezone,
      country: order.event.country,
    },
    accessToken: order.paidAt ? order.accessToken : null,
    buyer: { name: order.buyerName, emailMasked: maskEmail(order.buyerEmail), phoneMasked: maskPhone(order.buyerPhone) },
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
      createdAt: p.createdAt.toISOString(),
    })),
    tickets: await listOrderTickets(db, order.id),
  };
}
