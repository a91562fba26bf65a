import "server-only";
import { z } from "zod";
import { saleState, seatsLeft } from "../catalog/availability";
import type { Db, DbTx } from "../db/client";
import { likeLiteral } from "../db/like";
import { txSql, type Sql } from "../db/sql";
import { queueEmail } from "../email/outbox";
import { waitlistJoinedEmail } from "../email/templates";
import { readEnv } from "../env";
import { AppError, invalid, notFound } from "../errors";
import { DIRECT_CLIENT } from "../http/client-ip";
import { DEFAULT_LOCALE, type Locale } from "../i18n/config";
import { localized } from "../i18n/content";
import { emailKey } from "../orders/order-limits";
import { normalizePhone } from "../orders/phone";
import { enforceAll } from "../rate-limit";
import { newWaitlistSecret } from "./offers";

const trimmed = (max: number) => z.string().trim().min(1, "Required.").max(max, `At most ${max} characters.`);

/** POST /api/events/{slug}/waitlist (DESIGN.md); `quantity` (default 1) is additive: seats wanted together. */
export const joinWaitlistSchema = z.object({
  ticketTypeId: trimmed(64),
  name: trimmed(100),
  email: z.email("Enter a valid e-mail address.").max(200),
  phone: z.string().trim().min(5, "Enter your phone number.").max(32, "That phone number is too long."),
  quantity: z
    .number("Quantity must be a number.")
    .int("Quantity must be a whole number.")
    .min(1, "Quantity must be at least 1.")
    .max(10, "At most 10.")
    .default(1),
});
export type JoinWaitlistInput = z.output<typeof joinWaitlistSchema>;

const HOUR = 60 * 60_000;
/**
 * Joins per hour for one person, counted by inbox (emailKey: "+tags" and Gmail's dots folded) and by
 * phone, over every list: the lists of a few ticket types and a retry fit; a stream of "joined" e-mails
 * to one inbox does not.
 */
const PER_PERSON = 5;
/**
 * Joins per hour from one client address. Without a known address (no TRUST_PROXY) every client counts
 * as one, with the hold limits' larger shared allowance: a sold-out rush still gets through, while a
 * script working through made-up addresses is stopped.
 */
const PER_CLIENT = 20;

/** Places ahead of an entry, plus one: waiting and offered entries count, in line order. */
async function positionOf(db: Db | DbTx, entry: { ticketTypeId: string; seq: number }): Promise<number> {
  const ahead = await db.waitlistEntry.count({
    where: { ticketTypeId: entry.ticketTypeId, status: { in: ["waiting", "offered"] }, seq: { lt: entry.seq } },
  });
  return ahead + 1;
}

/**
 * Puts a buyer on a sold-out ticket type's waiting list and e-mails the confirmation (with the link to
 * leave). One place per inbox and type, however the address is written: joining again answers the place
 * already held, and an inbox whose offer was used to buy has had its turn. Rate-limited per client, per
 * inbox and per phone, since it sends e-mail to whatever address it is given. `lang` is the language the
 * buyer joined in (the request's): the entry keeps it, and its e-mails are written in it.
 */
export async function joinWaitlist(
  db: Db,
  slug: string,
  input: JoinWaitlistInput,
  ip: string | undefined,
  now = new Date(),
  options: { lang?: Locale } = {},
): Promise<{ position: number }> {
  const lang = options.lang ?? DEFAULT_LOCALE;
  const event = await db.event.findFirst({
    where: { slug, published: true },
    select: { id: true, name: true, slug: true, timezone: true, country: true, translations: true },
  });
  if (!event) throw notFound("event_not_found", `There is no event "${slug}".`);
  const email = input.email.trim().toLowerCase();
  const inbox = emailKey(email);
  const phone = normalizePhone(input.phone, event.country);
  await enforceJoinLimits(db, { inbox, phone, ip }, now);

  const type = await db.ticketType.findFirst({
    where: { id: input.ticketTypeId, eventId: event.id, hidden: false },
  });
  if (!type)
    throw new AppError("unknown_ticket_type", "That ticket type is not sold for this event.", {
      ticketTypeId: "Unknown ticket type.",
    });
  if (!phone) throw invalid("Enter a valid phone number.", { phone: "Enter a valid phone number." });
  if (input.quantity > type.maxPerOrder)
    throw invalid(`At most ${type.maxPerOrder} ${type.name} tickets per order.`, {
      quantity: `At most ${type.maxPerOrder}.`,
    });

  return db.$transaction(async (tx) => {
    const sql = txSql(tx);
    // Joins of one inbox to one type take turns, so variants of an address sent at once still find
    // each other's place: the unique index is on the exact address, and a folded one would need a migration.
    await sql.query(`SELECT pg_advisory_xact_lock(hashtext($1)) IS NULL AS "locked"`, [`waitlist:${type.id}:${inbox}`]);
    const mine = await sameInbox(sql, type.id, inbox);
    const live = mine.find((e) => e.status === "waiting" || e.status === "offered");
    if (live) return { position: await positionOf(tx, { ticketTypeId: type.id, seq: live.seq }) };
    // The entry is the record that this person bought through the list: it stays as it is. Another place
    // would let one inbox take every seat that comes back, one offer after another. An offer's order that
    // ran out or was cancelled bought nothing: that person may queue again.
    if (mine.some((e) => e.status === "bought" && e.orderStands))
      throw new AppError(
        "offer_used",
        `This e-mail address has already had its turn on the waiting list for ${type.name}: its offer was used to order tickets, so it cannot join that list again.`,
        undefined,
        { ticketTypeId: type.id },
      );

    if (!type.waitlistEnabled) throw new AppError("waitlist_closed", `The waiting list for ${type.name} is closed.`);
    const state = saleState(type, now);
    if (state === "ended" || state === "not_started")
      throw new AppError("sales_closed", `${type.name} tickets are not on sale.`);
    // Seats on sale and nobody ahead: buying them is the way, not a queue.
    if (
      seatsLeft(type) > 0 &&
      (await tx.waitlistEntry.count({ where: { ticketTypeId: type.id, status: "waiting" } })) === 0
    )
      throw new AppError(
        "tickets_available",
        `${type.name} tickets are on sale: choose them on the event page.`,
        undefined,
        { ticketTypeId: type.id, available: seatsLeft(type) },
      );

    // Only the row of this exact address can be taken again (the unique index); another spelling of the
    // inbox that left gets a row of its own, and the old one stays as the record of that earlier turn.
    const existingId = mine.find((e) => e.email === email)?.id;
    return enter(tx, { event, type, existingId, input, email, phone, now, lang });
  });
}

/** Counts this join against the person (inbox and phone) and the client, and refuses past any limit. */
async function enforceJoinLimits(
  db: Db,
  who: { inbox: string; phone: string | null; ip: string | undefined },
  now: Date,
): Promise<void> {
  const again = "Please try again in an hour.";
  const client = who.ip ?? DIRECT_CLIENT;
  await enforceAll(
    db,
    [
      {
        key: `waitlist:email:${who.inbox}`,
        limit: PER_PERSON,
        windowMs: HOUR,
        message: `This e-mail address has joined waiting lists too many times in the last hour. ${again}`,
      },
      ...(who.phone
        ? [
            {
              key: `waitlist:phone:${who.phone}`,
              limit: PER_PERSON,
              windowMs: HOUR,
              message: `This phone number has joined waiting lists too many times in the last hour. ${again}`,
            },
          ]
        : []),
      // Only where the address is known: one bucket for every unknown client would close the lists of a
      // sold-out event to everyone, as it would its sales (ORDER_RATE_LIMIT_PER_IP).
      ...(client === DIRECT_CLIENT
        ? []
        : [
            {
              key: `waitlist:ip:${client}`,
              limit: PER_CLIENT,
              windowMs: HOUR,
              message: `Too many waiting-list requests from your network. ${again}`,
            },
          ]),
    ],
    now,
  );
}

interface InboxEntry {
  id: string;
  seq: number;
  email: string;
  status: string;
  /** A bought entry's order is paid or still payable (not run out or cancelled). */
  orderStands: boolean;
}

/**
 * The type's entries whose address is `inbox` however it is written, in line order. The SQL finds a few
 * candidates (same domain, local part starting the same once dots are dropped); emailKey decides.
 */
async function sameInbox(sql: Sql, ticketTypeId: string, inbox: string): Promise<InboxEntry[]> {
  const at = inbox.lastIndexOf("@");
  const local = inbox.slice(0, at).replaceAll(".", "");
  const domain = inbox.slice(at + 1);
  const domains = domain === "gmail.com" ? ["gmail.com", "googlemail.com"] : [domain];
  const { rows } = await sql.query<InboxEntry>(
    `SELECT w."id", w."seq", w."email", w."status"::text AS "status",
       coalesce(o."status"::text NOT IN ('expired', 'cancelled'), false) AS "orderStands"
     FROM "WaitlistEntry" w LEFT JOIN "Order" o ON o."id" = w."orderId"
     WHERE w."ticketTypeId" = $1 AND replace(w."email", '.', '') LIKE $2 AND w."email" LIKE ANY($3::text[])
     ORDER BY w."seq"`,
    [ticketTypeId, `${likeLiteral(local)}%`, domains.map((d) => `%@${likeLiteral(d)}`)],
  );
  return rows.filter((e) => emailKey(e.email) === inbox);
}

async function enter(
  tx: DbTx,
  a: {
    event: { id: string; name: string; slug: string; timezone: string; country: string; translations: unknown };
    type: { id: string; name: string; translations: unknown };
    existingId: string | undefined;
    input: JoinWaitlistInput;
    email: string;
    phone: string;
    now: Date;
    lang: Locale;
  },
): Promise<{ position: number }> {
  const { event, type, input, email, phone, now, lang } = a;
  const data = { name: input.name, phone, quantity: input.quantity, status: "waiting" as const, lang };
  // Someone who left (or let an offer lapse, or whose offer's order ran out unpaid) joins again at the back
  // of the line. Never an entry whose order stands: joinWaitlist refuses those before this, and the
  // statement checks again, so a purchase's record is never cleared here.
  const entry = a.existingId
    ? (
        await tx.$queryRaw<{ id: string; seq: number; leaveToken: string }[]>`
            UPDATE "WaitlistEntry" SET "status" = 'waiting', "name" = ${data.name}, "phone" = ${phone}, "quantity" = ${data.quantity}, "lang" = ${lang},
              "seq" = nextval(pg_get_serial_sequence('"WaitlistEntry"', 'seq')), "offerCode" = NULL, "offeredAt" = NULL,
              "offerExpiresAt" = NULL, "lapsedAt" = NULL, "removedAt" = NULL, "orderId" = NULL, "boughtAt" = NULL, "updatedAt" = ${now}
            WHERE "id" = ${a.existingId} AND ("status" IN ('lapsed', 'removed') OR ("status" = 'bought' AND EXISTS (
              SELECT 1 FROM "Order" o WHERE o."id" = "WaitlistEntry"."orderId" AND o."status" IN ('expired', 'cancelled'))))
            RETURNING "id", "seq", "leaveToken"`
      )[0]
    : await tx.waitlistEntry.create({
        data: { ...data, eventId: event.id, ticketTypeId: type.id, email, leaveToken: newWaitlistSecret() },
        select: { id: true, seq: true, leaveToken: true },
      });
  // Only a row taken under the caller's lock gets here, so this is a broken invariant, not a race.
  if (!entry) throw new Error(`Waiting-list entry ${a.existingId} could not be taken again.`);
  const position = await positionOf(tx, { ticketTypeId: type.id, seq: entry.seq });
  await queueEmail(tx, {
    dedupeKey: `waitlist-joined:${entry.id}:${entry.seq}`,
    kind: "waitlist_joined",
    to: email,
    ...(await waitlistJoinedEmail(
      {
        appUrl: readEnv().APP_URL.replace(/\/+$/, ""),
        name: input.name,
        event: {
          name: localized(event.translations, lang, "name", event.name),
          slug: event.slug,
          timezone: event.timezone,
          country: event.country,
        },
        ticketType: localized(type.translations, lang, "name", type.name),
        quantity: input.quantity,
        leaveToken: entry.leaveToken,
        position,
      },
      lang,
    )),
  });
  return { position };
}
