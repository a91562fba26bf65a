import { formatEventDateTime } from "../dates";
import { formatMoney } from "../money";

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

interface ConfirmationInput {
  appUrl: string;
  reference: string;
  accessToken: string;
  buyerName: string;
  totalMinor: number;
  currency: string;
  receiptNumber: string | null;
  event: { name: string; venue: string; city: string; startsAt: Date; timezone: string; country: string };
  tickets: { id: string; attendeeName: string; ticketType: string | null; code: string | null }[];
  /** Booths the order booked; their staff passes are among `tickets`. */
  booths?: { code: string; size: string; hall: string; addons: string[] }[];
  /** The promo code applied and what it took off (minor units). */
  discount?: { code: string; amountMinor: number } | null;
}

/** "Payment of KES 2,250 received (receipt …). Code KARIBU10 took KES 250 off." — or, for a free order, no payment at all. */
function paymentSentence(o: ConfirmationInput): string {
  const receipt = o.receiptNumber ? ` (receipt ${o.receiptNumber})` : "";
  const paid =
    o.totalMinor === 0
      ? `No payment needed: your order is free${receipt}.`
      : `Payment of ${formatMoney(o.totalMinor, o.currency)} received${receipt}.`;
  const saved =
    o.discount && o.discount.amountMinor > 0
      ? ` Code ${o.discount.code} took ${formatMoney(o.discount.amountMinor, o.currency)} off.`
      : "";
  return paid + saved;
}

/** The e-mail's layout: one narrow column, inline styles (mail clients drop style sheets), no scripts. */
export function layout(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;background:#f5f5f4;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1c1917">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:16px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:520px;background:#ffffff;border-radius:12px;padding:20px">
<tr><td><p style="margin:0 0 12px;font-weight:700;color:#0b6e3f;font-size:18px">Lango</p>${body}</td></tr></table>
</td></tr></table></body></html>`;
}

/** A link that looks like a button in every client (Outlook ignores most CSS on <a>, but keeps these). */
export function button(href: string, label: string): string {
  return `<p style="margin:16px 0"><a href="${escapeHtml(href)}" style="background:#0b6e3f;color:#ffffff;padding:12px 18px;border-radius:8px;text-decoration:none;font-weight:600;display:inline-block">${escapeHtml(label)}</a></p>`;
}

export const paragraph = (html: string, style = "margin:0 0 12px") => `<p style="${style}">${html}</p>`;
export const muted = (html: string) => paragraph(html, "margin:12px 0 0;color:#78716c;font-size:13px");

/**
 * Order confirmation with every ticket. QR codes are images served by the app (Gmail and Outlook do
 * not show data: URIs); the code is also printed for a gate that types it in.
 */
export function orderConfirmationEmail(o: ConfirmationInput): RenderedEmail {
  const ticketsUrl = `${o.appUrl}/tickets/${o.accessToken}`;
  const portalUrl = `${o.appUrl}/exhibit/portal`;
  const whenText = formatEventDateTime(o.event.startsAt.toISOString(), o.event.timezone, o.event.country);
  const booths = o.booths ?? [];
  const boothCodes = booths.map((b) => b.code).join(", ");
  const subject = booths.length
    ? `Booth ${boothCodes} confirmed for ${o.event.name} (order ${o.reference})`
    : `Your tickets for ${o.event.name} (order ${o.reference})`;
  const valid = o.tickets.filter((t) => t.code);
  const boothLine = (b: (typeof booths)[number]) => `Booth ${b.code} confirmed: ${b.size}, ${b.hall}.`;
  const text = [
    `Hello ${o.buyerName},`,
    "",
    `${booths.length ? "Your booking is confirmed." : "You're in!"} ${paymentSentence(o)}`,
    "",
    `${o.event.name}`,
    `${whenText}`,
    `${o.event.venue}, ${o.event.city}`,
    "",
    ...booths.flatMap((b) => [boothLine(b), ...(b.addons.length ? [`  Add-ons: ${b.addons.join(", ")}`] : [])]),
    ...(booths.length ? [""] : []),
    ...valid.map((t, i) => `Ticket ${i + 1}: ${t.attendeeName} — ${t.ticketType ?? "Ticket"}\n  Code: ${t.code}`),
    "",
    `Your ${booths.length ? "passes" : "tickets"}, with QR codes to show at the gate: ${ticketsUrl}`,
    `Printable PDF: ${ticketsUrl}/tickets.pdf`,
    `Add to calendar: ${ticketsUrl}/event.ics`,
    ...(booths.length ? ["", `Manage your booking in the exhibitor portal: ${portalUrl}`] : []),
    "",
    `Order reference: ${o.reference}`,
  ].join("\n");
  const cards = valid
    .map(
      (t, i) => `<div style="border:1px solid #e7e5e4;border-radius:10px;padding:14px;margin:12px 0;text-align:center">
<p style="margin:0;font-weight:600">${escapeHtml(t.attendeeName)}</p>
<p style="margin:2px 0 8px;color:#57534e;font-size:14px">${escapeHtml(t.ticketType ?? "Ticket")} · ticket ${i + 1} of ${valid.length}</p>
<img src="${escapeHtml(`${o.appUrl}/tickets/${o.accessToken}/qr/${t.id}.png`)}" width="220" height="220" alt="QR code of ${escapeHtml(t.attendeeName)}'s ticket" style="display:block;margin:0 auto">
<p style="margin:8px 0 0;font-family:monospace;font-size:10px;color:#78716c;word-break:break-all">${escapeHtml(t.code!)}</p></div>`,
    )
    .join("");
  const boothsHtml = booths
    .map(
      (b) => `<div style="border:2px solid #0b6e3f;border-radius:10px;padding:14px;margin:12px 0">
<p style="margin:0;font-weight:700">${escapeHtml(boothLine(b))}</p>
${b.addons.length ? `<p style="margin:4px 0 0;color:#57534e;font-size:14px">Add-ons: ${escapeHtml(b.addons.join(", "))}</p>` : ""}</div>`,
    )
    .join("");
  const html = layout(
    subject,
    `<h1 style="font-size:20px;margin:0 0 8px">${booths.length ? "Your booth is confirmed" : "You're in"}, ${escapeHtml(o.buyerName)}!</h1>
<p style="margin:0 0 12px">${escapeHtml(paymentSentence(o))}</p>
<p style="margin:0;font-weight:600">${escapeHtml(o.event.name)}</p>
<p style="margin:0;color:#0b6e3f">${escapeHtml(whenText)}</p>
<p style="margin:0 0 8px;color:#57534e">${escapeHtml(o.event.venue)}, ${escapeHtml(o.event.city)}</p>
${boothsHtml}
${booths.length && valid.length ? paragraph("Staff passes: each admits one person of your team once.", "margin:12px 0 0;font-weight:600") : ""}
${cards}
${button(ticketsUrl, booths.length ? "View your passes" : "View your tickets")}
${booths.length ? paragraph(`Manage your booking in the exhibitor portal: <a href="${escapeHtml(portalUrl)}" style="color:#0b6e3f">${escapeHtml(portalUrl)}</a>`) : ""}
<p style="margin:0 0 12px;font-size:14px"><a href="${escapeHtml(`${ticketsUrl}/tickets.pdf`)}" style="color:#0b6e3f">Download PDF</a> · <a href="${escapeHtml(`${ticketsUrl}/event.ics`)}" style="color:#0b6e3f">Add to calendar</a>${o.receiptNumber ? ` · <a href="${escapeHtml(`${ticketsUrl}/receipt.pdf`)}" style="color:#0b6e3f">Receipt</a>` : ""}</p>
<p style="margin:0;color:#78716c;font-size:13px">Order reference ${escapeHtml(o.reference)}. Each code admits one person once.</p>`,
  );
  return { subject, text, html };
}

/** Links to every paid order of an address ("resend my tickets"). */
export function ticketLinksEmail(
  appUrl: string,
  orders: { reference: string; accessToken: string; eventName: string }[],
): RenderedEmail {
  const subject = "Your Lango tickets";
  const lines = orders.map((o) => `${o.eventName} (order ${o.reference}): ${appUrl}/tickets/${o.accessToken}`);
  const text = [
    "Here are the tickets bought with this e-mail address:",
    "",
    ...lines,
    "",
    "If you did not ask for this, you can ignore this e-mail.",
  ].join("\n");
  const html = layout(
    subject,
    `<p>Here are the tickets bought with this e-mail address:</p><ul>${orders
      .map(
        (o) =>
          `<li style="margin:6px 0"><a href="${escapeHtml(`${appUrl}/tickets/${o.accessToken}`)}">${escapeHtml(o.eventName)}</a> — order ${escapeHtml(o.reference)}</li>`,
      )
      .join(
        "",
      )}</ul><p style="color:#78716c;font-size:13px">If you did not ask for this, you can ignore this e-mail.</p>`,
  );
  return { subject, text, html };
}

export interface HoldExpiredInput {
  appUrl: string;
  buyerName: string;
  reference: string;
  event: { name: string; slug: string };
  totalMinor: number;
  currency: string;
}

/** The hold ran out while the buyer was trying to pay: nothing was taken, and how to start again. */
export function holdExpiredEmail(o: HoldExpiredInput): RenderedEmail {
  const subject = `Your order ${o.reference} for ${o.event.name} has expired`;
  const amount = formatMoney(o.totalMinor, o.currency);
  const again = `${o.appUrl}/events/${o.event.slug}`;
  const text = [
    `Hello ${o.buyerName},`,
    "",
    `We did not receive your payment of ${amount} in time, so the tickets we held for order ${o.reference} (${o.event.name}) have been released. Nothing was charged.`,
    "",
    "If money did leave your account, it will be matched to your order or refunded automatically.",
    "",
    `You can start again at ${again}`,
    "",
    "— Lango",
  ].join("\n");
  const html = layout(
    subject,
    `<h1 style="font-size:20px;margin:0 0 8px">Your order has expired</h1>
${paragraph(`Hello ${escapeHtml(o.buyerName)}, we did not receive your payment of <strong>${escapeHtml(amount)}</strong> in time, so the tickets we held for order ${escapeHtml(o.reference)} (${escapeHtml(o.event.name)}) have been released. <strong>Nothing was charged.</strong>`)}
${paragraph("If money did leave your account, it will be matched to your order or refunded automatically.")}
${button(again, "Choose tickets again")}`,
  );
  return { subject, text, html };
}

export interface RefundInput {
  buyerName: string;
  reference: string;
  eventName: string;
  amountMinor: number;
  currency: string;
  /** The gateway's name as the buyer knows it ("M-Pesa"). */
  paidWith: string;
  /** What the refund did to the tickets: all cancelled, some still valid, or a payment that bought none. */
  tickets: "revoked" | "kept" | "none";
}

const REFUND_TICKETS: Record<RefundInput["tickets"], string> = {
  revoked: "The tickets of this order have been cancelled and no longer admit anyone.",
  kept: "Your remaining tickets stay valid.",
  none: "This payment was not needed for your order (it was already paid), so your tickets are unaffected.",
};

/** A refund went through: how much, for which order, which way the money goes, and what became of the tickets. */
export function refundEmail(o: RefundInput): RenderedEmail {
  const amount = formatMoney(o.amountMinor, o.currency);
  const subject = `Refund of ${amount} for order ${o.reference}`;
  const text = [
    `Hello ${o.buyerName},`,
    "",
    `We have refunded ${amount} for order ${o.reference} (${o.eventName}) through ${o.paidWith}. It goes back the way you paid; mobile money usually arrives within minutes, cards within a few days.`,
    "",
    REFUND_TICKETS[o.tickets],
    "",
    "— Lango",
  ].join("\n");
  const html = layout(
    subject,
    `<h1 style="font-size:20px;margin:0 0 8px">Refund of ${escapeHtml(amount)}</h1>
${paragraph(`Hello ${escapeHtml(o.buyerName)}, we have refunded <strong>${escapeHtml(amount)}</strong> for order ${escapeHtml(o.reference)} (${escapeHtml(o.eventName)}) through ${escapeHtml(o.paidWith)}.`)}
${paragraph("It goes back the way you paid: mobile money usually arrives within minutes, cards within a few days.")}
${paragraph(escapeHtml(REFUND_TICKETS[o.tickets]))}
${muted(`Order reference ${escapeHtml(o.reference)}.`)}`,
  );
  return { subject, text, html };
}

export interface LatePaymentRefundInput {
  buyerName: string;
  reference: string;
  eventName: string;
  amountMinor: number;
  currency: string;
  paidWith: string;
  /** Why the money cannot buy the order: the seats sold out after the hold ran out, or the organiser cancelled it. */
  why?: "no_capacity" | "order_cancelled";
  /** False for gateways that cannot refund through their API (MTN MoMo Collections): the organiser pays it back. */
  automatic?: boolean;
}

/** Money arrived for an order that can no longer take it: it is on its way back. */
export function latePaymentRefundEmail(o: LatePaymentRefundInput): RenderedEmail {
  const amount = formatMoney(o.amountMinor, o.currency);
  const because =
    o.why === "order_cancelled"
      ? "arrived after the organiser had cancelled the order"
      : "arrived after your hold had run out, and the tickets have sold out since";
  const subject = `Your payment for order ${o.reference} is being refunded`;
  const how =
    o.automatic === false
      ? `${o.paidWith} cannot return it automatically, so the organiser will send the full amount back to you directly; they have been told.`
      : `We are refunding the full amount to you through ${o.paidWith}.`;
  const text = [
    `Hello ${o.buyerName},`,
    "",
    `Your payment of ${amount} for ${o.eventName} (order ${o.reference}) ${because}. ${how}`,
    "",
    "We are sorry for the trouble.",
    "— Lango",
  ].join("\n");
  const html = layout(
    subject,
    `<h1 style="font-size:20px;margin:0 0 8px">Your payment is being refunded</h1>
${paragraph(`Hello ${escapeHtml(o.buyerName)}, your payment of <strong>${escapeHtml(amount)}</strong> for ${escapeHtml(o.eventName)} (order ${escapeHtml(o.reference)}) ${because}.`)}
${paragraph(`${escapeHtml(how)} We are sorry for the trouble.`)}`,
  );
  return { subject, text, html };
}
