import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import type { Locale } from "../i18n/config";
import { getTranslator } from "../i18n/translator";
import type { Translator } from "../i18n/types";
import { formatMoney } from "../money";
import { documentDateTime } from "./dates";
import { localGatewayLabel } from "./labels";
import { qrPng } from "./qr";

const A6 = [297.64, 419.53] as const; // points: a ticket that prints well on A4 (4 per sheet) or shows on a phone
const A4 = [595.28, 841.89] as const;
const GREEN = rgb(0.043, 0.431, 0.247);
const GREY = rgb(0.34, 0.33, 0.31);

/**
 * Standard PDF fonts only know WinAnsi (Latin-1 plus curly quotes, dashes, the euro…). Keep what they can
 * draw ("Ödhiambo", "O’Neil" as typed on a phone), drop accents they cannot ("Ştefan" → "Stefan"), and
 * replace the rest.
 */
const WIN_ANSI = /^[\x20-\x7e\xa0-\xff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]$/u;
export const printable = (s: string) =>
  Array.from(s.normalize("NFC"), (ch) =>
    WIN_ANSI.test(ch)
      ? ch
      : Array.from(ch.normalize("NFKD").replace(/\p{M}/gu, ""), (c) => (WIN_ANSI.test(c) ? c : "?")).join(""),
  ).join("");

const MIN_SIZE = 7;

/**
 * One line that stays within `maxWidth`: a long event or attendee name is set smaller (down to
 * MIN_SIZE), and only then cut with an ellipsis, rather than running off the edge of the ticket.
 */
export function fitText(font: PDFFont, s: string, size: number, maxWidth: number): { line: string; size: number } {
  let line = printable(s);
  let fit = size;
  while (fit > MIN_SIZE && font.widthOfTextAtSize(line, fit) > maxWidth) fit -= 0.5;
  if (font.widthOfTextAtSize(line, fit) > maxWidth) {
    while (line.length > 1 && font.widthOfTextAtSize(`${line}...`, fit) > maxWidth) line = line.slice(0, -1);
    line = `${line.trimEnd()}...`;
  }
  return { line, size: fit };
}

function text(
  page: PDFPage,
  s: string,
  x: number,
  y: number,
  font: PDFFont,
  size: number,
  color = rgb(0.1, 0.1, 0.1),
  maxWidth = page.getWidth() - x - 20,
) {
  const fitted = fitText(font, s, size, maxWidth);
  page.drawText(fitted.line, { x, y, font, size: fitted.size, color });
}

export interface TicketPdfInput {
  /** The order's language: labels and the date are written in it. */
  lang: Locale;
  reference: string;
  event: { name: string; venue: string; city: string; startsAt: Date; timezone: string; country: string };
  tickets: { attendeeName: string; ticketType: string | null; code: string }[];
  /** What the pages are: tickets (the default), or a booth team's staff passes. */
  kind?: "tickets" | "staff-passes";
}

/** One page per ticket: event, attendee, type and the QR code the gate scans. */
export async function ticketsPdf(input: TicketPdfInput): Promise<Uint8Array> {
  const t = await getTranslator(input.lang);
  const when = documentDateTime(input.lang, input.event.startsAt, input.event.timezone, input.event.country);
  const doc = await PDFDocument.create();
  const kind = input.kind === "staff-passes" ? "staff" : "tickets";
  doc.setTitle(printable(t("pdf.ticket.title", { kind, reference: input.reference, event: input.event.name })));
  doc.setLanguage(input.lang);
  doc.setProducer("Lango");
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  for (const [i, ticket] of input.tickets.entries()) {
    const page = doc.addPage([...A6]);
    const [w, h] = A6;
    text(page, "Lango", 20, h - 32, bold, 14, GREEN);
    text(page, input.event.name, 20, h - 58, bold, 13);
    text(page, when, 20, h - 74, regular, 9, GREEN);
    text(page, `${input.event.venue}, ${input.event.city}`, 20, h - 87, regular, 9, GREY);
    const png = await doc.embedPng(await qrPng(ticket.code, 400));
    const size = 200;
    page.drawImage(png, { x: (w - size) / 2, y: 110, width: size, height: size });
    text(page, ticket.attendeeName, 20, 88, bold, 12);
    text(page, ticket.ticketType ?? t("pdf.ticket.fallbackType", { kind }), 20, 72, regular, 10, GREY);
    const footer = t("pdf.ticket.footer", {
      kind,
      reference: input.reference,
      index: i + 1,
      count: input.tickets.length,
    });
    text(page, footer, 20, 40, regular, 8, GREY);
    text(page, t("pdf.ticket.admits"), 20, 28, regular, 8, GREY);
  }
  return doc.save();
}

export interface ReceiptPdfInput {
  /** The order's language: labels, dates and the name of paying at the desk are written in it. */
  lang: Locale;
  receiptNumber: string;
  reference: string;
  paidAt: Date;
  /** The event's time zone and country: the receipt is dated as the buyer's region writes it, not in UTC. */
  timeZone?: string;
  country?: string;
  buyerName: string;
  eventName: string;
  currency: string;
  totalMinor: number;
  refundedMinor: number;
  items: { description: string; quantity: number; totalMinor: number }[];
  /** The promo code applied and what it took off the items (minor units). */
  discount?: { code: string; amountMinor: number } | null;
  payments: { gateway: string; receipt: string | null; amountMinor: number }[];
  /** Who sold: the organiser's legal name, address and tax number, as the event's settings give them. */
  seller?: Seller;
}

export interface Seller {
  name: string | null;
  address: string | null;
  taxId: string | null;
  /** What the tax number is called there ("KRA PIN", "TIN"). */
  taxIdLabel: string;
}

/**
 * An A4 document of lines (receipt, invoice): the brand, then left-aligned text with an optional amount
 * on the right, continued on a further page instead of running off the bottom.
 */
async function a4Document(title: string, lang: Locale) {
  const doc = await PDFDocument.create();
  doc.setTitle(printable(title));
  doc.setProducer("Lango");
  doc.setLanguage(lang);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const [w, h] = A4;
  let page = doc.addPage([...A4]);
  let y = h - 60;
  text(page, "Lango", 50, y, bold, 18, GREEN);
  y -= 36;
  const line = (left: string, right = "", font = regular, size = 11) => {
    if (y < 60) {
      page = doc.addPage([...A4]);
      y = h - 60;
    }
    const rightWidth = right ? font.widthOfTextAtSize(printable(right), size) : 0;
    text(page, left, 50, y, font, size, undefined, w - 100 - rightWidth - 16);
    if (right) text(page, right, w - 50 - rightWidth, y, font, size);
    y -= size + 9;
  };
  const gap = (points: number) => {
    y -= points;
  };
  /** Who sells, as an accountant looks for it at the top: legal name, address lines, tax number. */
  const seller = (s: Seller | undefined) => {
    if (!s?.name) return;
    line(s.name, "", bold, 11);
    for (const part of (s.address ?? "").split(/\r?\n/).filter(Boolean)) line(part, "", regular, 10);
    if (s.taxId) line(`${s.taxIdLabel} ${s.taxId}`, "", regular, 10);
    gap(10);
  };
  return { doc, bold, regular, line, gap, seller };
}

const receiptLine = (t: Translator, p: { gateway: string; receipt: string | null }) =>
  t("pdf.receipt.paidWith", {
    gateway: localGatewayLabel(t, p.gateway),
    hasReceipt: p.receipt ? "yes" : "no",
    receipt: p.receipt ?? "",
  });

/** A receipt the buyer can file or forward: number, date, what was bought, how it was paid. */
export async function receiptPdf(r: ReceiptPdfInput): Promise<Uint8Array> {
  const t = await getTranslator(r.lang);
  const heading = t("pdf.receipt.heading", { number: r.receiptNumber });
  const { doc, bold, regular, line, gap, seller } = await a4Document(heading, r.lang);
  seller(r.seller);
  line(heading, "", bold, 14);
  line(t("pdf.receipt.datePaid"), documentDateTime(r.lang, r.paidAt, r.timeZone ?? "UTC", r.country));
  line(t("pdf.receipt.order", { reference: r.reference, event: r.eventName }));
  line(t("pdf.receipt.billedTo", { name: r.buyerName }));
  gap(10);
  for (const item of r.items) line(`${item.description} x ${item.quantity}`, formatMoney(item.totalMinor, r.currency));
  if (r.discount?.amountMinor)
    line(t("pdf.receipt.promo", { code: r.discount.code }), `- ${formatMoney(r.discount.amountMinor, r.currency)}`);
  gap(4);
  line(t("pdf.receipt.totalPaid"), formatMoney(r.totalMinor, r.currency), bold, 12);
  if (r.refundedMinor) line(t("pdf.receipt.refunded"), `- ${formatMoney(r.refundedMinor, r.currency)}`);
  gap(10);
  for (const p of r.payments) line(receiptLine(t, p), formatMoney(p.amountMinor, r.currency), regular, 10);
  return doc.save();
}

/**
 * What stands for the number on an unpaid booking's invoice. Left untranslated: accounts departments use
 * the Latin term as it is, in Kiswahili ("ankara ya pro-forma") as in English.
 */
export const PRO_FORMA = "pro-forma";

export interface InvoicePdfInput {
  lang: Locale;
  /**
   * "NAIROBI-TECH-SUMMIT-0007": the event's sequence, given once per booking when it is paid
   * (lib/documents/invoice.ts); null for an unpaid booking's pro-forma, which takes no number.
   */
  invoiceNumber: string | null;
  issuedAt: Date;
  reference: string;
  timeZone: string;
  country: string;
  eventName: string;
  seller: Seller;
  /** The exhibitor's company and who to write to there. */
  billTo: { company: string; contact: string; email: string; phone: string };
  currency: string;
  items: { description: string; quantity: number; totalMinor: number }[];
  discount?: { code: string; amountMinor: number } | null;
  totalMinor: number;
  /** Paid (with the payments), still due until the hold ends, or never paid and void. */
  state:
    | { kind: "paid"; paidAt: Date; payments: { gateway: string; receipt: string | null; amountMinor: number }[] }
    | { kind: "due"; payBy: Date }
    | { kind: "void" };
}

/**
 * A booth booking's invoice, as an exhibitor's accounts department files it: the seller's legal name,
 * address and tax number, a number from the event's own sequence (none yet on a pro-forma), who is
 * billed, each booth and add-on, the total, and whether it is paid or still due.
 */
export async function invoicePdf(i: InvoicePdfInput): Promise<Uint8Array> {
  const t = await getTranslator(i.lang);
  const heading = t("pdf.invoice.heading", { number: i.invoiceNumber ?? `(${PRO_FORMA})` });
  const when = (d: Date) => documentDateTime(i.lang, d, i.timeZone, i.country);
  const { doc, bold, regular, line, gap, seller } = await a4Document(heading, i.lang);
  seller(i.seller);
  line(heading, "", bold, 14);
  line(t("pdf.invoice.date"), when(i.issuedAt));
  line(t("pdf.invoice.order", { reference: i.reference, event: i.eventName }));
  gap(6);
  line(t("pdf.invoice.billTo"), "", bold, 11);
  line(i.billTo.company);
  if (i.billTo.contact) line(i.billTo.contact, "", regular, 10);
  line(`${i.billTo.email} · ${i.billTo.phone}`, "", regular, 10);
  gap(10);
  for (const item of i.items) line(`${item.description} x ${item.quantity}`, formatMoney(item.totalMinor, i.currency));
  if (i.discount?.amountMinor)
    line(t("pdf.receipt.promo", { code: i.discount.code }), `- ${formatMoney(i.discount.amountMinor, i.currency)}`);
  gap(4);
  line(t("pdf.invoice.total"), formatMoney(i.totalMinor, i.currency), bold, 12);
  gap(10);
  if (i.state.kind === "paid") {
    line(t("pdf.invoice.paid", { date: when(i.state.paidAt) }), "", bold, 11);
    for (const p of i.state.payments) line(receiptLine(t, p), formatMoney(p.amountMinor, i.currency), regular, 10);
  } else if (i.state.kind === "due") {
    line(t("pdf.invoice.due"), formatMoney(i.totalMinor, i.currency), bold, 12);
    line(t("pdf.invoice.payBy", { date: when(i.state.payBy), reference: i.reference }), "", regular, 10);
  } else {
    line(t("pdf.invoice.cancelled"), "", bold, 11);
  }
  return doc.save();
}
