import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { formatMoney } from "../money";
import { formatEventDateTime } from "../dates";
import { gatewayLabel } from "./labels";
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
  reference: string;
  event: { name: string; venue: string; city: string; when: string };
  tickets: { attendeeName: string; ticketType: string | null; code: string }[];
  /** What the pages are: tickets (the default), or a booth team's staff passes. */
  kind?: keyof typeof PASS_WORDS;
}

const PASS_WORDS = {
  tickets: { one: "Ticket", many: "Tickets" },
  "staff-passes": { one: "Staff pass", many: "Staff passes" },
} as const;

/** One page per ticket: event, attendee, type and the QR code the gate scans. */
export async function ticketsPdf(input: TicketPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const words = PASS_WORDS[input.kind ?? "tickets"];
  doc.setTitle(`${words.many} ${input.reference} - ${printable(input.event.name)}`);
  doc.setProducer("Lango");
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  for (const [i, t] of input.tickets.entries()) {
    const page = doc.addPage([...A6]);
    const [w, h] = A6;
    text(page, "Lango", 20, h - 32, bold, 14, GREEN);
    text(page, input.event.name, 20, h - 58, bold, 13);
    text(page, input.event.when, 20, h - 74, regular, 9, GREEN);
    text(page, `${input.event.venue}, ${input.event.city}`, 20, h - 87, regular, 9, GREY);
    const png = await doc.embedPng(await qrPng(t.code, 400));
    const size = 200;
    page.drawImage(png, { x: (w - size) / 2, y: 110, width: size, height: size });
    text(page, t.attendeeName, 20, 88, bold, 12);
    text(page, t.ticketType ?? words.one, 20, 72, regular, 10, GREY);
    text(
      page,
      `Order ${input.reference} - ${words.one.toLowerCase()} ${i + 1} of ${input.tickets.length}`,
      20,
      40,
      regular,
      8,
      GREY,
    );
    text(page, "Admits one person once.", 20, 28, regular, 8, GREY);
  }
  return doc.save();
}

export interface ReceiptPdfInput {
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

/** A receipt the buyer can file or forward: number, date, what was bought, how it was paid. */
export async function receiptPdf(r: ReceiptPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Receipt ${r.receiptNumber}`);
  doc.setProducer("Lango");
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const [w, h] = A4;
  let page = doc.addPage([...A4]);
  let y = h - 60;
  // An order of many lines continues on a further page instead of running off the bottom.
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
  text(page, "Lango", 50, y, bold, 18, GREEN);
  y -= 36;
  if (r.seller?.name) {
    line(r.seller.name, "", bold, 11);
    for (const part of (r.seller.address ?? "").split(/\r?\n/).filter(Boolean)) line(part, "", regular, 10);
    if (r.seller.taxId) line(`${r.seller.taxIdLabel} ${r.seller.taxId}`, "", regular, 10);
    y -= 10;
  }
  line(`Receipt ${r.receiptNumber}`, "", bold, 14);
  line("Date paid", formatEventDateTime(r.paidAt.toISOString(), r.timeZone ?? "UTC", r.country));
  line(`Order ${r.reference} - ${r.eventName}`);
  line(`Billed to ${r.buyerName}`);
  y -= 10;
  for (const item of r.items) line(`${item.description} x ${item.quantity}`, formatMoney(item.totalMinor, r.currency));
  if (r.discount?.amountMinor)
    line(`Promo code ${printable(r.discount.code)}`, `- ${formatMoney(r.discount.amountMinor, r.currency)}`);
  y -= 4;
  line("Total paid", formatMoney(r.totalMinor, r.currency), bold, 12);
  if (r.refundedMinor) line("Refunded", `- ${formatMoney(r.refundedMinor, r.currency)}`);
  y -= 10;
  for (const p of r.payments) {
    line(
      `Paid with ${gatewayLabel(p.gateway)}${p.receipt ? ` (receipt ${p.receipt})` : ""}`,
      formatMoney(p.amountMinor, r.currency),
      regular,
      10,
    );
  }
  return doc.save();
}
