import "server-only";
import type { Db } from "../db/client";
import { readEnv } from "../env";
import { storedLocale } from "../i18n/order-locale";
import { hit } from "../rate-limit";
import { queueEmail } from "./outbox";
import { ticketLinksEmail } from "./templates";

const WINDOW_MS = 10 * 60_000;

/**
 * "Resend my tickets": e-mails the links to every paid order of an address. The caller always gets the
 * same answer whether or not the address has orders (no way to learn who bought tickets), and each
 * address and each IP is rate-limited, since this sends e-mail.
 */
export async function resendTicketLinks(
  db: Db,
  email: string,
  ip: string | undefined,
  now = new Date(),
): Promise<void> {
  const address = email.trim().toLowerCase();
  // No known IP (no TRUST_PROXY): no per-IP limit, since one bucket for every visitor would let one
  // abuser stop everyone's resends; the per-address limit still holds.
  const allowed =
    (await hit(db, `resend:email:${address}`, 3, 60 * 60_000, now)) &&
    (!ip || (await hit(db, `resend:ip:${ip}`, 20, 60 * 60_000, now)));
  if (!allowed) return;
  // Addresses are stored as typed at checkout ("Wanjiku@Example.com"): compare without case, and
  // without LIKE, whose "_" would match other addresses.
  const orders = await db.$queryRaw<{ reference: string; accessToken: string; eventName: string; lang: string }[]>`
    SELECT o."reference", o."accessToken", e."name" AS "eventName", o."lang"
    FROM "Order" o JOIN "Event" e ON e."id" = o."eventId"
    WHERE lower(o."buyerEmail") = ${address} AND o."status" IN ('paid', 'partially_refunded')
    ORDER BY o."paidAt" DESC NULLS LAST
    LIMIT 20`;
  if (!orders.length) return;
  // Written in the language of the latest order: the one its buyer most recently chose.
  const rendered = await ticketLinksEmail(
    readEnv().APP_URL.replace(/\/+$/, ""),
    orders.map(({ reference, accessToken, eventName }) => ({ reference, accessToken, eventName })),
    storedLocale(orders[0].lang),
  );
  await db.$transaction((tx) =>
    queueEmail(tx, {
      dedupeKey: `ticket-links:${address}:${Math.floor(now.getTime() / WINDOW_MS)}`,
      kind: "ticket_links",
      to: address,
      ...rendered,
    }),
  );
}
