import "server-only";
import type { Db, DbTx } from "../db/client";
import { notFound } from "../errors";
import { boothSizeName } from "../exhibit/size-name";
import { storedLocale } from "../i18n/order-locale";
import { getTranslator } from "../i18n/translator";
import type { Translator } from "../i18n/types";
import { bookedAs } from "../orders/exhibitor-profile";
import { ticketsByAccessToken } from "../tickets/by-access-token";
import { taxIdLabel } from "./labels";
import { invoicePdf, PRO_FORMA, type Seller } from "./pdf";

/** Statuses whose booking never became a sale: they get no new invoice (one issued earlier stays, marked void). */
const NEVER_PAID = new Set(["expired", "cancelled"]);

/** "NAIROBI-TECH-SUMMIT-0007": the event in the number, so two events of one organiser never share one. */
export const invoiceNumber = (eventSlug: string, n: number) =>
  `${eventSlug.toUpperCase()}-${String(n).padStart(4, "0")}`;

/** Paid for, and not cancelled since: only such a booking is a sale a tax invoice can be issued for. */
const isPaid = (o: { status: string; paidAt: Date | null }) => o.paidAt !== null && !NEVER_PAID.has(o.status);

/**
 * The booth booking's invoice number, given the first time anyone asks once the booking is paid, and the
 * same ever after (paid or not: numbers given before payments came first stay). While it is still unpaid
 * the answer is a pro-forma, `number: null`, and the sequence does not move: anyone can book a booth
 * anonymously, so numbering unpaid bookings would let strangers spend the organiser's legal invoice
 * numbers on bookings that lapse. The order row is locked first, so two downloads at once give one
 * number; the event's counter then moves by one under its own row lock, so numbers run without gaps and
 * no number is ever given twice.
 */
export async function boothInvoiceFor(
  db: Db,
  orderId: string,
  now = new Date(),
): Promise<{ number: number | null; issuedAt: Date } | null> {
  return db.$transaction(async (tx: DbTx) => {
    const [order] = await tx.$queryRaw<{ status: string; eventId: string; paidAt: Date | null }[]>`
      SELECT "status", "eventId", "paidAt" FROM "Order" WHERE "id" = ${orderId} FOR UPDATE`;
    if (!order) return null;
    const existing = await tx.boothInvoice.findUnique({ where: { orderId }, select: { number: true, issuedAt: true } });
    if (existing) return existing;
    if (NEVER_PAID.has(order.status)) return null;
    if (!(await tx.orderItem.count({ where: { orderId, kind: "booth" } }))) return null;
    if (!isPaid(order)) return { number: null, issuedAt: now };
    const [{ invoiceSeq }] = await tx.$queryRaw<{ invoiceSeq: number }[]>`
      UPDATE "Event" SET "invoiceSeq" = "invoiceSeq" + 1 WHERE "id" = ${order.eventId} RETURNING "invoiceSeq"`;
    return tx.boothInvoice.create({
      data: { orderId, eventId: order.eventId, number: invoiceSeq, issuedAt: now },
      select: { number: true, issuedAt: true },
    });
  });
}

/**
 * An order's lines in the document's language, rebuilt from what they are (a ticket type, a booth, an
 * add-on) rather than the English description stored when the order was made; organisers' names of
 * ticket types, halls and add-ons stay as they wrote them.
 */
export async function documentItems(db: Db, orderId: string, t: Translator) {
  const items = await db.orderItem.findMany({
    where: { orderId },
    orderBy: { id: "asc" },
    include: {
      ticketType: { select: { name: true } },
      booth: { select: { code: true, size: true, hall: { select: { name: true } } } },
      addon: { select: { name: true } },
    },
  });
  const boothCode = (id: string | null) => items.find((i) => i.kind === "booth" && i.boothId === id)?.booth?.code;
  return items.map((i) => {
    let description = i.description;
    if (i.kind === "ticket" && i.ticketType) description = t("pdf.item.ticket", { type: i.ticketType.name });
    if (i.kind === "booth" && i.booth)
      description = t("pdf.item.booth", {
        code: i.booth.code,
        size: boothSizeName(t, i.booth.size),
        hall: i.booth.hall.name,
      });
    const code = boothCode(i.boothId);
    if (i.kind === "addon" && i.addon && code) description = t("pdf.item.addon", { addon: i.addon.name, code });
    return { description, quantity: i.quantity, totalMinor: i.totalMinor };
  });
}

export function sellerOf(event: {
  organiserName: string | null;
  organiserAddress: string | null;
  organiserTaxId: string | null;
  country: string;
}): Seller {
  return {
    name: event.organiserName,
    address: event.organiserAddress,
    taxId: event.organiserTaxId,
    taxIdLabel: taxIdLabel(event.country),
  };
}

/**
 * The invoice PDF of the booth booking behind an e-mailed (or portal) link, numbering it on the first
 * download once paid; `number` names the file. The token is all it takes, and anyone may book under any
 * e-mail, so it bills only what this order itself said (its booth lines, buyer e-mail and phone), never
 * the exhibitor profile it is filed under: that is shared with every booking from the address, holds the
 * real exhibitor's portal edits, and its mere existence says the address exhibits here.
 */
export async function boothInvoiceByAccessToken(db: Db, token: string, now = new Date()) {
  const { order } = await ticketsByAccessToken(db, token);
  const invoice = await boothInvoiceFor(db, order.id, now);
  if (!invoice)
    throw notFound("not_found", "This order has no invoice: it is not a booth booking, or it was never paid.");
  const lang = storedLocale(order.lang);
  const t = await getTranslator(lang);
  const booked = bookedAs(
    order.buyerName,
    order.items.filter((i) => i.kind === "booth").map((i) => i.details),
  );
  const paid = isPaid(order);
  const number = invoice.number === null ? null : invoiceNumber(order.event.slug, invoice.number);
  const pdf = await invoicePdf({
    lang,
    invoiceNumber: number,
    issuedAt: invoice.issuedAt,
    reference: order.reference,
    timeZone: order.event.timezone,
    country: order.event.country,
    eventName: order.event.name,
    seller: sellerOf(order.event),
    billTo: {
      company: booked.companyName,
      contact: booked.contactName,
      email: order.buyerEmail,
      phone: order.buyerPhone,
    },
    currency: order.currency,
    items: await documentItems(db, order.id, t),
    discount: order.promoCode && { code: order.promoCode.code, amountMinor: order.discountMinor },
    totalMinor: order.totalMinor,
    state: paid
      ? {
          kind: "paid",
          paidAt: order.paidAt!,
          payments: order.payments.map((p) => ({
            gateway: p.gateway,
            receipt: p.gatewayReceipt,
            amountMinor: p.amountMinor,
          })),
        }
      : order.status === "pending"
        ? { kind: "due", payBy: order.expiresAt }
        : { kind: "void" },
  });
  return { pdf, number: number ?? `${order.reference}-${PRO_FORMA}` };
}
