import { formatEventDateTime } from "../dates";
import { button, escapeHtml, layout, muted, paragraph, type RenderedEmail } from "./templates";

interface WaitlistMailInput {
  appUrl: string;
  name: string;
  event: { name: string; slug: string; timezone: string; country: string };
  ticketType: string;
  quantity: number;
  leaveToken: string;
}

const seats = (n: number, type: string) => `${n} ${type} ${n === 1 ? "ticket" : "tickets"}`;
const leaveUrl = (o: WaitlistMailInput) => `${o.appUrl}/waitlist/leave/${o.leaveToken}`;

/** Confirms a place in line, so the buyer knows the offer e-mail is coming and how to leave. */
export function waitlistJoinedEmail(o: WaitlistMailInput & { position: number }): RenderedEmail {
  const subject = `You are on the waiting list for ${o.event.name}`;
  const text = [
    `Hello ${o.name},`,
    "",
    `You are number ${o.position} on the waiting list for ${seats(o.quantity, o.ticketType)} to ${o.event.name}.`,
    "When tickets come free we hold them for you and e-mail you a link to buy them.",
    "",
    `Leave the waiting list: ${leaveUrl(o)}`,
    "",
    "— Lango",
  ].join("\n");
  const html = layout(
    subject,
    `<h1 style="font-size:20px;margin:0 0 8px">You are on the waiting list</h1>
${paragraph(`Hello ${escapeHtml(o.name)}, you are <strong>number ${o.position}</strong> on the waiting list for ${escapeHtml(seats(o.quantity, o.ticketType))} to ${escapeHtml(o.event.name)}.`)}
${paragraph("When tickets come free we hold them for you and e-mail you a link to buy them.")}
${muted(`Changed your mind? <a href="${escapeHtml(leaveUrl(o))}" style="color:#78716c">Leave the waiting list</a>.`)}`,
  );
  return { subject, text, html };
}

/** Tickets came free and are held for this person until `expiresAt`: the link buys them. */
export function waitlistOfferEmail(o: WaitlistMailInput & { offerCode: string; expiresAt: Date }): RenderedEmail {
  const offerUrl = `${o.appUrl}/events/${o.event.slug}?offer=${encodeURIComponent(o.offerCode)}`;
  const until = formatEventDateTime(o.expiresAt.toISOString(), o.event.timezone, o.event.country);
  const subject = `Tickets for ${o.event.name} are waiting for you`;
  const text = [
    `Hello ${o.name},`,
    "",
    `Good news: ${seats(o.quantity, o.ticketType)} to ${o.event.name} came free and we are holding them for you until ${until}.`,
    "",
    `Buy them here: ${offerUrl}`,
    "",
    "If you do not buy them by then, they go to the next person on the waiting list.",
    "",
    `Leave the waiting list: ${leaveUrl(o)}`,
    "",
    "— Lango",
  ].join("\n");
  const html = layout(
    subject,
    `<h1 style="font-size:20px;margin:0 0 8px">Your tickets are waiting</h1>
${paragraph(`Hello ${escapeHtml(o.name)}, ${escapeHtml(seats(o.quantity, o.ticketType))} to ${escapeHtml(o.event.name)} came free and we are holding them for you until <strong>${escapeHtml(until)}</strong>.`)}
${button(offerUrl, "Buy my tickets")}
${paragraph("If you do not buy them by then, they go to the next person on the waiting list.")}
${muted(`Not interested any more? <a href="${escapeHtml(leaveUrl(o))}" style="color:#78716c">Leave the waiting list</a>.`)}`,
  );
  return { subject, text, html };
}
