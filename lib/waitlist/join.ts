import "server-only";
import { z } from "zod";
import { saleState, seatsLeft } from "../catalog/availability";
import type { Db, DbTx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { queueEmail } from "../email/outbox";
import { waitlistJoinedEmail } from "../email/templates";
import { readEnv } from "../env";
import { AppError, invalid, notFound } from "../errors";
import { DEFAULT_LOCALE, type Locale } from "../i18n/config";
import { localized } from "../i18n/content";
import { normalizePhone } from "../orders/phone";
import { enforce } from "../rate-limit";
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

/** Places ahead of an entry, plus one: waiting and offered entries count, in line order. */
async function positionOf(db: Db | DbTx, entry: { ticketTypeId: string; seq: number }): Promise<number> {
  const ahead = await db.waitlistEntry.count({
    where: { ticketTypeId: entry.ticketTypeId, status: { in: ["waiting", "offered"] }, seq: { lt: entry.seq } },
  });
  return ahead + 1;
}

/**
 * Puts a buyer on a sold-out ticket type's waiting list and e-mails the confirmation (with the link to
 * leave). One place per address and type: joining again answers the place already held. Rate-limited
 * per client and per address, since it sends e-mail to whatever address it is given. `lang` is the
 * language the buyer joined in (the request's): the entry keeps it, and its e-mails are written in it.
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
  if (ip) await enforce(db, `waitlist:ip:${ip}`, 20, HOUR, "Too many waiting-list requests. Try again later.", now);
  const email = input.email.trim().toLowerCase();
  await enforce(db, `waitlist:email:${email}`, 5, HOUR, "Too many waiting-list requests for this address.", now);

  const type = await db.ticketType.findFirst({
    where: { id: input.ticketTypeId, eventId: event.id, hidden: false },
  });
  if (!type)
    throw new AppError("unknown_ticket_type", "That ticket type is not sold for this event.", {
      ticketTypeId: "Unknown ticket type.",
    });
  const phone = normalizePhone(input.phone, event.country);
  if (!phone) throw invalid("Enter a valid phone number.", { phone: "Enter a valid phone number." });
  if (input.quantity > type.maxPerOrder)
    throw invalid(`At most ${type.maxPerOrder} ${type.name} tickets per order.`, {
      quantity: `At most ${type.maxPerOrder}.`,
    });

  const existing = await db.waitlistEntry.findUnique({
    where: { ticketTypeId_email: { ticketTypeId: type.id, email } },
  });
  if (existing && (existing.status === "waiting" || existing.status === "offered"))
    return { position: await positionOf(db, existing) };

  if (!type.waitlistEnabled) throw new AppError("waitlist_closed", `The waiting list for ${type.name} is closed.`);
  const state = saleState(type, now);
  if (state === "ended" || state === "not_started")
    throw new AppError("sales_closed", `${type.name} tickets are not on sale.`);
  // Seats on sale and nobody ahead: buying them is the way, not a queue.
  if (
    seatsLeft(type) > 0 &&
    (await db.waitlistEntry.count({ where: { ticketTypeId: type.id, status: "waiting" } })) === 0
  )
    throw new AppError(
      "tickets_available",
      `${type.name} tickets are on sale: choose them on the event page.`,
      undefined,
      { ticketTypeId: type.id, available: seatsLeft(type) },
    );

  try {
    return await enter(db, { event, type, existingId: existing?.id, input, email, phone, now, lang });
  } catch (err) {
    // The same address joining twice at the same moment: one place, and both hear where it is.
    if (!isUniqueViolation(err)) throw err;
    const entry = await db.waitlistEntry.findUniqueOrThrow({
      where: { ticketTypeId_email: { ticketTypeId: type.id, email } },
    });
    return { position: await positionOf(db, entry) };
  }
}

async function enter(
  db: Db,
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
  return db.$transaction(async (tx) => {
    const data = { name: input.name, phone, quantity: input.quantity, status: "waiting" as const, lang };
    // Someone who left (or let an offer lapse) joins again at the back of the line.
    const entry = a.existingId
      ? (
          await tx.$queryRaw<{ id: string; seq: number; leaveToken: string }[]>`
            UPDATE "WaitlistEntry" SET "status" = 'waiting', "name" = ${data.name}, "phone" = ${phone}, "quantity" = ${data.quantity}, "lang" = ${lang},
              "seq" = nextval(pg_get_serial_sequence('"WaitlistEntry"', 'seq')), "offerCode" = NULL, "offeredAt" = NULL,
              "offerExpiresAt" = NULL, "orderId" = NULL, "boughtAt" = NULL, "lapsedAt" = NULL, "removedAt" = NULL, "updatedAt" = ${now}
            WHERE "id" = ${a.existingId} RETURNING "id", "seq", "leaveToken"`
        )[0]
      : await tx.waitlistEntry.create({
          data: { ...data, eventId: event.id, ticketTypeId: type.id, email, leaveToken: newWaitlistSecret() },
          select: { id: true, seq: true, leaveToken: true },
        });
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
  });
}
