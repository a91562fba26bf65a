import "server-only";
import { DEFAULT_LOCALE, type Locale } from "../i18n/config";
import { localized } from "../i18n/content";
import { getTranslator } from "../i18n/translator";
import { isUniqueViolation } from "../db/errors";
import { refuseIf, refusalOf } from "../db/refusal";
import type { Db } from "../db/client";
import { newRowId, sqlOf, type Sql } from "../db/sql";
import { saleState, seatsLeft } from "../catalog/availability";
import { cachedCatalog, couldBeEventSlug } from "../catalog/catalog-cache";
import { AppError, invalid, notFound } from "../errors";
import { discountFor, promoForOrder, unlocks } from "../promo/apply";
import type { PromoCodeRow } from "../promo/codes";
import { holdPromoUseInTx } from "../promo/uses";
import { fileExhibitorInTx } from "./exhibitor-profile";
import { checkFreeSeatsInTx, confirmFreeOrder } from "./free-order";
import { releaseExpiredHolds } from "./holds";
import { checkUnpaidHoldsInTx, emailKey, type HoldRequest, type OrderSource, unpaidHoldsGuard } from "./order-limits";
import { normalizePhone } from "./phone";
import { newAccessToken, newOrderReference } from "./reference";
import type { CreateOrderRequest } from "./schemas";
import { checkOrderAnswers, eventQuestions } from "../questions/answers";
import type { Answers } from "../questions/schemas";
import { findOfferForOrder, offerCovers, offerGone, takeOffer } from "../waitlist/claim";
import { sweepWaitlist } from "../waitlist/offers";
import { firstShort, holdBooth, holdSeatsAndCommit, SeatsNotHeld } from "./stock";

export interface CreatedOrder {
  reference: string;
  /** "paid" for a free order (total 0), confirmed at once without a gateway. */
  status: "pending" | "paid";
  /** After the discount. */
  total: number;
  currency: string;
  expiresAt: string;
  /** The buyer's secret for the order (DESIGN.md): answered once, here. */
  accessToken: string;
  discount?: { code: string; amount: number };
}

export interface OrderOptions {
  /**
   * A sale at the box office (lib/box-office): the cashier is trusted and audited per shift, so the online
   * per-order maximum does not apply, and a walk-in buyer may leave no phone number. Capacity still does.
   */
  door?: boolean;
  /** The language the buyer ordered in (the request's): the order's e-mails and documents follow it later. */
  lang?: Locale;
}

class HoldFailed extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

/**
 * Validates an order against the catalogue, prices it from the database (never from the client) and
 * holds its seats and booths until `expiresAt`, all or nothing. Each seat hold is a conditional
 * UPDATE … WHERE sold + held + n <= capacity, so concurrent buyers can never take more than exists.
 * An order from the public API (`source`) is also held to the limits on what one buyer and one client
 * may keep unpaid (order-limits.ts); the booth limit per e-mail applies to every order.
 */
export async function createOrder(
  db: Db,
  input: CreateOrderRequest,
  now = new Date(),
  source?: OrderSource,
  options: OrderOptions = {},
): Promise<CreatedOrder> {
  // A slug no event can have: not found, with no read and nothing cached (a miss below is read again).
  if (!couldBeEventSlug(input.eventSlug)) throw notFound("event_not_found", `There is no event "${input.eventSlug}".`);
  // The catalogue cache first (no read at all for most orders of a rush); the transaction checks every
  // price it used against the locked rows, and anything the cache cannot settle is redone from a fresh read.
  const cached = await cachedCatalog(db, `orderable:${input.eventSlug}`, () => findOrderableEvent(db, input.eventSlug));
  // A sale at the box office is not public: the cashier is audited per shift, and none of the limits on
  // anonymous buyers (unpaid holds, free seats, promo guesses) applies to it.
  const publicSource = options.door ? undefined : source;
  // Stryker disable next-line ConditionalExpression: `false` only skips the cache (a fresh read, same answer); `true` is tested (an event published meanwhile)
  if (cached) {
    try {
      return await placeOrder(db, input, now, publicSource, options, cached, true);
    } catch (err) {
      const stale = err instanceof StaleCatalog || (err instanceof AppError && CATALOG_REFUSALS.has(err.code));
      if (!stale) throw err;
    }
  }
  for (let attempt = 0; ; attempt++) {
    try {
      return await placeOrder(
        db,
        input,
        now,
        publicSource,
        options,
        await findOrderableEvent(db, input.eventSlug),
        false,
      );
    } catch (err) {
      // A price changed between this read and the transaction: read again (an admin edits prices rarely).
      if (!(err instanceof StaleCatalog) || attempt >= 2) throw err instanceof StaleCatalog ? err.error : err;
    }
  }
}

/**
 * Refusals the catalogue alone decides: a second-old copy may not know a ticket type just added, a sale
 * just opened or a maximum just raised, so they are never answered from the cache.
 */
const CATALOG_REFUSALS = new Set<string>([
  "unknown_ticket_type",
  "sales_not_started",
  "sales_closed",
  "quantity_above_maximum",
]);

/** What the cached catalogue could not settle: seats it thought gone, or a price that has since changed. */
class StaleCatalog extends Error {
  readonly error = new AppError(
    "catalog_changed",
    "The prices for this event changed while you were ordering. Please check them and order again.",
  );
}

async function placeOrder(
  db: Db,
  input: CreateOrderRequest,
  now: Date,
  source: OrderSource | undefined,
  options: OrderOptions,
  event: OrderableEvent | null,
  fromCache: boolean,
): Promise<CreatedOrder> {
  if (!event) throw notFound("event_not_found", `There is no event "${input.eventSlug}".`);
  if (input.items.length === 0 && input.booths.length === 0) {
    throw new AppError("empty_order", "Choose at least one ticket or booth.");
  }

  const phone = options.door && !input.buyer.phone.trim() ? "" : normalizePhone(input.buyer.phone, event.country);
  if (phone === null) {
    throw invalid("Enter a valid phone number.", {
      "buyer.phone": `Enter a valid phone number for ${countryName(event.country)}, or start with + and the country code.`,
    });
  }

  const promo = input.promoCode ? await promoForOrder(db, event.id, input.promoCode, now, source?.clientKey) : null;

  // Merge repeated lines of one ticket type so the per-order maximum cannot be dodged; errors point at
  // the first line of the type in the request.
  const lines = new Map<
    string,
    { index: number; quantity: number; attendees: { name: string; email?: string }[]; answers: Answers[] }
  >();
  input.items.forEach((item, index) => {
    const line = lines.get(item.ticketTypeId) ?? { index, quantity: 0, attendees: [], answers: [] };
    line.quantity += item.quantity;
    // Stryker disable next-line ArrayDeclaration: a line without names then lists one stray entry, which has no .name: the same nameless tickets
    line.attendees.push(...(item.attendees ?? []));
    lines.set(item.ticketTypeId, line);
  });

  // Everything a line can be refused for comes before its answers are checked: those are checked per
  // seat, so a request for thousands of seats must be refused for its quantity, not answered with a
  // message for every question of every one of them.
  const checkedLines = [...lines].map(([ticketTypeId, line]) => {
    const { index } = line;
    const type = event.ticketTypes.find((t) => t.id === ticketTypeId && (!t.hidden || unlocks(promo, t.id)));
    if (!type)
      throw new AppError("unknown_ticket_type", "That ticket type is not sold for this event.", {
        [`items.${index}.ticketTypeId`]: "Unknown ticket type.",
      });
    const state = saleState(type, now);
    if (state === "not_started")
      throw new AppError("sales_not_started", `${type.name} tickets are not on sale yet.`, undefined, {
        ticketTypeId: type.id,
      });
    if (state === "ended")
      throw new AppError("sales_closed", `${type.name} ticket sales have closed.`, undefined, {
        ticketTypeId: type.id,
      });
    if (line.quantity > type.maxPerOrder && !options.door) {
      throw new AppError(
        "quantity_above_maximum",
        `You can buy at most ${type.maxPerOrder} ${type.name} tickets per order.`,
        { [`items.${index}.quantity`]: `At most ${type.maxPerOrder}.` },
        { ticketTypeId: type.id, maxPerOrder: type.maxPerOrder },
      );
    }
    if (line.attendees.length > line.quantity)
      throw invalid("There are more attendee names than tickets.", {
        [`items.${index}.attendees`]: "One name per ticket.",
      });
    return { type, line };
  });

  // At the door the queue matters more than the T-shirt size: no question is required there (answers given
  // are still checked), and the buyer can add them later with the attendee's name.
  const questions = (await eventQuestions(db, event.id)).map((q) => (options.door ? { ...q, required: false } : q));
  const answers = boundedAnswerCheck(() => checkOrderAnswers(questions, event.country, input));
  input.items.forEach((item, index) => lines.get(item.ticketTypeId)!.answers.push(...answers.seats[index]));

  const ticketLines = checkedLines.map(({ type, line }) => {
    const attendees = Array.from({ length: line.quantity }, (_, i) => ({
      name: line.attendees[i]?.name ?? "",
      email: line.attendees[i]?.email || undefined,
      ...(Object.keys(line.answers[i] ?? {}).length > 0 && { answers: line.answers[i] }),
    }));
    return { type, quantity: line.quantity, attendees };
  });

  const offer = input.offerCode
    ? await findOfferForOrder(
        db,
        input.offerCode,
        event.id,
        ticketLines.map((l) => l.type.id),
        now,
      )
    : null;

  const boothIds = input.booths.map((b) => b.boothId);
  if (new Set(boothIds).size !== boothIds.length) throw invalid("A booth can only be booked once per order.");
  const [booths, addons] = boothIds.length
    ? await Promise.all([
        // Stryker disable next-line ObjectLiteral: without the id filter every booth of the event is read, and each line still picks its own by id
        db.booth.findMany({ where: { id: { in: boothIds }, eventId: event.id } }),
        db.addon.findMany({ where: { eventId: event.id } }),
      ])
    : // Stryker disable next-line ArrayDeclaration: read only by booth lines, and there are none on this side
      [[], []];
  const boothLines = input.booths.map((b, index) => {
    const booth = booths.find((x) => x.id === b.boothId);
    if (!booth)
      throw new AppError("unknown_booth", "That booth is not part of this event.", {
        [`booths.${index}.boothId`]: "Unknown booth.",
      });
    // Add-ons are priced here from the event's list; the same add-on named twice is one line.
    const extras = new Map<string, { addon: (typeof addons)[number]; quantity: number }>();
    b.addons.forEach((a, i) => {
      const addon = addons.find((x) => (a.addonId ? x.id === a.addonId : x.code === a.code));
      if (!addon)
        throw new AppError("unknown_addon", "That add-on is not offered for this event.", {
          [`booths.${index}.addons.${i}`]: "Unknown add-on.",
        });
      const line = extras.get(addon.id) ?? { addon, quantity: 0 };
      line.quantity += a.quantity;
      extras.set(addon.id, line);
    });
    return {
      booth,
      company: b.company,
      contactName: b.contactName || undefined,
      requirements: b.requirements || undefined,
      addons: [...extras.values()],
    };
  });

  const subtotal =
    ticketLines.reduce((sum, l) => sum + l.type.priceMinor * l.quantity, 0) +
    boothLines.reduce(
      (sum, l) => sum + l.booth.priceMinor + l.addons.reduce((s, a) => s + a.addon.priceMinor * a.quantity, 0),
      0,
    );
  const discount = promo
    ? discountFor(
        promo,
        [
          ...ticketLines.map((l) => ({
            kind: "ticket" as const,
            ticketTypeId: l.type.id,
            total: l.type.priceMinor * l.quantity,
          })),
          ...boothLines.flatMap((l) => [
            { kind: "booth" as const, ticketTypeId: null, total: l.booth.priceMinor },
            ...l.addons.map((a) => ({
              kind: "addon" as const,
              ticketTypeId: null,
              total: a.addon.priceMinor * a.quantity,
            })),
          ]),
        ],
        event.currency,
      )
    : 0;
  const total = subtotal - discount;
  const expiresAt = new Date(now.getTime() + event.holdMinutes * 60_000);
  const accessToken = newAccessToken();
  const lang = options.lang ?? DEFAULT_LOCALE;
  // Stryker disable next-line ConditionalExpression: `false` says English through en.json's "{name} ticket", the same words; `true` is tested (Kiswahili)
  const t = lang === DEFAULT_LOCALE ? null : await getTranslator(lang);
  const describeTicket = (type: { name: string; translations?: unknown }) =>
    t ? t("order.itemTicket", { name: localized(type.translations, lang, "name", type.name) }) : `${type.name} ticket`;

  const hold: HoldInput = {
    eventId: event.id,
    lang,
    describeTicket,
    currency: event.currency,
    buyer: {
      name: input.buyer.name,
      email: input.buyer.email.toLowerCase(),
      emailKey: emailKey(input.buyer.email),
      phone,
    },
    largestPerOrder: Math.max(0, ...event.ticketTypes.map((t) => t.maxPerOrder)),
    source,
    ticketLines,
    boothLines,
    total,
    expiresAt,
    accessToken,
    offerCode: input.offerCode,
    orderAnswers: answers.order,
    now,
    promo: promo && { row: promo, discount },
  };
  const answer = async (reference: string): Promise<CreatedOrder> => {
    if (total === 0) await confirmFreeOrder(db, reference, now);
    return {
      reference,
      status: total === 0 ? "paid" : "pending",
      total,
      currency: event.currency,
      expiresAt: expiresAt.toISOString(),
      accessToken,
      ...(promo && { discount: { code: promo.code, amount: discount } }),
    };
  };

  try {
    // Sold out as of the read a moment ago (most requests of a flash sale): no transaction that could
    // only roll back; go straight to giving back holds that have run out, and try once more if any did.
    const short = ticketLines.find(
      // Stryker disable next-line ArrowFunction,ConditionalExpression: with no shortcut the holding transaction refuses the same order, with the same sold_out
      (l) => l.type.sold + l.type.held + l.quantity - offerCovers(offer, l.type.id, l.quantity) > l.type.capacity,
    );
    if (short && fromCache) throw new StaleCatalog(); // the cached stock may be a second old: look again
    // Stryker disable next-line ConditionalExpression: with no shortcut the holding transaction refuses the same order, with the same sold_out
    if (short) throw new HoldFailed(soldOut(short.type, seatsLeft(short.type)));
    const reference = await runHold(db, hold, event.ticketTypes);
    // Offered seats this order did not take went back: the next in line gets them now.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator,OptionalChaining: a sweep when no offered seat went back offers only seats free anyway (idempotent); the offer's type is always in the order (findOfferForOrder)
    if (offer && offer.quantity > offerCovers(offer, offer.ticketTypeId, lines.get(offer.ticketTypeId)?.quantity ?? 0))
      // Stryker disable next-line ObjectLiteral,ArrayDeclaration: a sweep of every type also offers this one's seats; narrowing it only saves work
      await sweepWaitlist(db, { ticketTypeIds: [offer.ticketTypeId], now });
    return await answer(reference);
  } catch (err) {
    if (!(err instanceof HoldFailed)) throw err;
    // Capacity may be tied up in holds that have just run out: give it back and try once more.
    // Stryker disable next-line ConditionalExpression,ObjectLiteral: `false` retries a hold nothing was freed for, which fails the same way (`true` is tested); releasing every event's lapsed holds frees this one's too
    if ((await releaseExpiredHolds(db, { eventId: event.id, now })) === 0) throw err.error;
    try {
      return await answer(await runHold(db, hold, event.ticketTypes));
    } catch (retryErr) {
      throw retryErr instanceof HoldFailed ? retryErr.error : retryErr;
    }
  }
}

interface OrderableType {
  id: string;
  name: string;
  priceMinor: number;
  capacity: number;
  sold: number;
  held: number;
  maxPerOrder: number;
  hidden: boolean;
  /** The organiser's names in other languages (lib/i18n/content.ts). */
  translations?: unknown;
}

interface OrderableEvent {
  id: string;
  country: string;
  currency: string;
  holdMinutes: number;
  ticketTypes: (OrderableType & { salesStartAt: Date | null; salesEndAt: Date | null })[];
}

type OrderableEventRow = Omit<OrderableEvent, "ticketTypes"> & {
  ticketTypes: (OrderableType & { salesStartMs: number | null; salesEndMs: number | null })[];
};

/** A published event and its ticket types, in one round trip (every order of a flash sale reads it). */
async function findOrderableEvent(db: Db, slug: string): Promise<OrderableEvent | null> {
  const { rows } = await sqlOf(db).query<OrderableEventRow>(
    `SELECT e."id", e."country", e."currency", e."holdMinutes",
       coalesce((SELECT json_agg(json_build_object(
           'id', t."id", 'name', t."name", 'priceMinor', t."priceMinor", 'capacity', t."capacity", 'sold', t."sold", 'held', t."held",
           'maxPerOrder', t."maxPerOrder", 'hidden', t."hidden", 'translations', t."translations",
           'salesStartMs', round(extract(epoch FROM t."salesStartAt") * 1000), 'salesEndMs', round(extract(epoch FROM t."salesEndAt") * 1000)))
         FROM "TicketType" t WHERE t."eventId" = e."id"), '[]') AS "ticketTypes"
     FROM "Event" e WHERE e."slug" = $1 AND e."published"`,
    [slug],
  );
  const row = rows[0];
  if (!row) return null;
  const date = (ms: number | null) => (ms == null ? null : new Date(ms));
  return {
    ...row,
    ticketTypes: row.ticketTypes.map(({ salesStartMs, salesEndMs, ...t }) => ({
      ...t,
      salesStartAt: date(salesStartMs),
      salesEndAt: date(salesEndMs),
    })),
  };
}

/** Field messages one refused order answers at most: enough to fill a form, never megabytes. */
export const MAX_FIELD_ERRORS = 50;

/**
 * The answers checked, with at most MAX_FIELD_ERRORS of the problems in a refusal (the first ones, in
 * the order of the form): a buyer fixes those and sends again.
 */
function boundedAnswerCheck<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (!(err instanceof AppError) || !err.fields) throw err;
    const keys = Object.keys(err.fields);
    if (keys.length <= MAX_FIELD_ERRORS) throw err;
    const fields = Object.fromEntries(keys.slice(0, MAX_FIELD_ERRORS).map((k) => [k, err.fields![k]]));
    throw new AppError(err.code, err.message, fields, {
      ...err.details,
      moreFieldErrors: keys.length - MAX_FIELD_ERRORS,
    });
  }
}

function soldOut(type: { id: string; name: string }, left: number): AppError {
  return new AppError(
    "sold_out",
    left === 0
      ? `${type.name} tickets are sold out.`
      : `Only ${left} ${type.name} ${left === 1 ? "ticket is" : "tickets are"} left.`,
    undefined,
    { ticketTypeId: type.id, available: left },
  );
}

async function runHold(db: Db, h: HoldInput, types: readonly { id: string; name: string }[]): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await sqlOf(db).transaction((sql) => holdAndInsert(sql, h));
    } catch (err) {
      if (err instanceof SeatsNotHeld) {
        // Rolled back: say which type ran out, or try again if seats have come back since.
        const short = await firstShort(sqlOf(db), err.seats);
        if (!short && attempt < 3) continue;
        const { ticketTypeId, left } = short ?? { ticketTypeId: err.seats[0][0], left: 0 };
        throw new HoldFailed(
          soldOut(
            types.find((t) => t.id === ticketTypeId)!,
            left,
          ),
        );
      }
      const refusal = refusalOf(err);
      // No row: a ticket type's price is no longer the one this order was priced at (a cached catalogue).
      if (refusal === "catalog_changed") throw new StaleCatalog();
      if (refusal === "unpaid_holds") {
        // The guard refused with the rest of the transaction; which limit, and by how much, is asked anew
        // (a hold may have run out in between, and then the order is simply tried again).
        const limited = await sqlOf(db).transaction((sql) => checkUnpaidHoldsInTx(sql, holdRequest(h)));
        if (limited) throw new HoldFailed(limited);
        if (attempt < 3) continue;
        // Refused every time, yet within the limits every time it was asked why: this buyer's holds change
        // faster than the order can be placed. The guard's word stands, as a limit, never as our fault.
        throw new HoldFailed(
          new AppError(
            "too_many_unpaid_orders",
            "Your unpaid orders for this event are changing as this one is placed. Please try again in a moment.",
          ),
        );
      }
      // A reference collision (one in billions) just needs a new reference.
      const collision = isUniqueViolation(err);
      if (!collision || attempt >= 3) throw err;
    }
  }
}

interface HoldInput {
  eventId: string;
  lang: Locale;
  /** "Regular ticket", or as the order's language says it: the line keeps the words it was bought with. */
  describeTicket: (type: { name: string; translations?: unknown }) => string;
  currency: string;
  buyer: { name: string; email: string; emailKey: string; phone: string };
  largestPerOrder: number;
  source?: OrderSource;
  ticketLines: {
    type: {
      id: string;
      name: string;
      priceMinor: number;
      capacity: number;
      sold: number;
      held: number;
      salesStartAt: Date | null;
      salesEndAt: Date | null;
      translations?: unknown;
    };
    quantity: number;
    attendees: { name: string; email?: string; answers?: Answers }[];
  }[];
  boothLines: {
    booth: { id: string; code: string; size: string; priceMinor: number };
    company: string;
    contactName?: string;
    requirements?: string;
    addons: { addon: { id: string; name: string; priceMinor: number }; quantity: number }[];
  }[];
  total: number;
  expiresAt: Date;
  accessToken: string;
  offerCode?: string;
  orderAnswers: Answers;
  now: Date;
  promo: { row: PromoCodeRow; discount: number } | null;
}

interface ItemRow {
  id: string;
  kind: "ticket" | "booth" | "addon";
  ticketTypeId: string | null;
  boothId: string | null;
  addonId: string | null;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  totalMinor: number;
  details: unknown;
}

function orderItems(h: HoldInput): ItemRow[] {
  // Stryker disable next-line ObjectLiteral: a key left out reads as NULL in INSERT_ORDER's jsonb_to_recordset, as null does
  const none = { ticketTypeId: null, boothId: null, addonId: null, details: null };
  return [
    ...h.ticketLines.map((l) => ({
      ...none,
      kind: "ticket" as const,
      ticketTypeId: l.type.id,
      description: h.describeTicket(l.type),
      quantity: l.quantity,
      unitPriceMinor: l.type.priceMinor,
      totalMinor: l.type.priceMinor * l.quantity,
      details: { attendees: l.attendees },
    })),
    ...h.boothLines.flatMap((l) => [
      {
        ...none,
        kind: "booth" as const,
        boothId: l.booth.id,
        description: `Booth ${l.booth.code} (${l.booth.size})`,
        quantity: 1,
        unitPriceMinor: l.booth.priceMinor,
        totalMinor: l.booth.priceMinor,
        details: { company: l.company, contactName: l.contactName ?? null, requirements: l.requirements ?? null },
      },
      // An add-on line names its booth, so a multi-booth order says which stand gets the power.
      ...l.addons.map((a) => ({
        ...none,
        kind: "addon" as const,
        addonId: a.addon.id,
        boothId: l.booth.id,
        description: `${a.addon.name} · booth ${l.booth.code}`,
        quantity: a.quantity,
        unitPriceMinor: a.addon.priceMinor,
        totalMinor: a.addon.priceMinor * a.quantity,
      })),
    ]),
  ].map((item) => ({ id: newRowId(), ...item })); // ids made in line order: lines are listed by id
}

/**
 * The order (with its order-scoped answers, $16) and its lines in one statement, only if every ticket line
 * is priced as its ticket type is now: the order may have been priced from the catalogue cache.
 */
const INSERT_ORDER = `
  WITH "o" AS (
    INSERT INTO "Order" ("id", "reference", "accessToken", "eventId", "buyerName", "buyerEmail", "buyerPhone", "totalMinor", "currency", "expiresAt", "createdAt", "updatedAt", "buyerEmailKey", "clientKey", "answers", "lang")
    SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10::timestamp, $11::timestamp, $12::timestamp, $13, $14, $16::jsonb, $17
    WHERE NOT EXISTS (
      SELECT 1 FROM jsonb_to_recordset($15::jsonb) AS c("kind" text, "ticketTypeId" text, "unitPriceMinor" int)
      WHERE c."kind" = 'ticket' AND NOT EXISTS (
        SELECT 1 FROM "TicketType" t WHERE t."id" = c."ticketTypeId" AND t."eventId" = $4 AND t."priceMinor" = c."unitPriceMinor"))
    RETURNING "id"
  )
  INSERT INTO "OrderItem" ("id", "orderId", "kind", "ticketTypeId", "boothId", "addonId", "description", "quantity", "unitPriceMinor", "totalMinor", "details")
  SELECT i."id", "o"."id", i."kind"::"OrderItemKind", i."ticketTypeId", i."boothId", i."addonId", i."description", i."quantity", i."unitPriceMinor", i."totalMinor", i."details"
  FROM "o", jsonb_to_recordset($15::jsonb) AS i("id" text, "kind" text, "ticketTypeId" text, "boothId" text, "addonId" text, "description" text, "quantity" int, "unitPriceMinor" int, "totalMinor" int, "details" jsonb)`;

/**
 * The holding transaction, in plain SQL (a flash sale runs it thousands of times a minute): the buyer's
 * limits, the order and its lines, the booths, then the seats, all or nothing.
 */
async function holdAndInsert(sql: Sql, h: HoldInput): Promise<string> {
  const now = h.now.toISOString();
  // Checks that only speak to refuse travel with the statements after them, the common order (tickets,
  // no offer, promo or booth) then being one message: BEGIN, the buyer's locks and limits, the order and
  // its lines, the seats, COMMIT.
  const request = holdRequest(h);
  await sql.defer(unpaidHoldsGuard(request));
  if (h.total === 0) {
    const free = await checkFreeSeatsInTx(sql, request);
    if (free) throw new HoldFailed(free);
  }
  const orderId = newRowId();
  const reference = newOrderReference();
  // Before any seat is held, so the offer's own seats are known; it locks nothing but its entry.
  const offer = h.offerCode ? await takeOffer(sql, h.offerCode, orderId, seatsByType(h.ticketLines), h.now) : null;
  if (h.offerCode && !offer) throw new HoldFailed(await offerGone(sql, h.offerCode));
  await sql.defer([
    {
      text: INSERT_ORDER,
      params: [
        orderId,
        reference,
        h.accessToken,
        h.eventId,
        h.buyer.name,
        h.buyer.email,
        h.buyer.phone,
        h.total,
        h.currency,
        h.expiresAt.toISOString(),
        // Created is when it really happened (as Prisma's @default(now()) had it), even when `now` is given.
        new Date().toISOString(),
        now,
        h.buyer.emailKey,
        h.source?.clientKey ?? null,
        JSON.stringify(orderItems(h)),
        Object.keys(h.orderAnswers).length ? JSON.stringify(h.orderAnswers) : null,
        h.lang,
      ],
    },
    // No order: a ticket type's price is no longer the one this order was priced at (a cached catalogue).
    refuseIf("catalog_changed", `SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM "Order" WHERE "id" = $1)`, [orderId]),
  ]);
  if (h.promo) {
    const refused = await holdPromoUseInTx(sql, {
      promo: h.promo.row,
      orderId,
      emailKey: h.buyer.emailKey,
      discount: h.promo.discount,
      now: h.now,
    });
    if (refused) throw new HoldFailed(refused);
  }

  // Sorted like the seats, so two multi-booth orders cannot deadlock each other.
  // Stryker disable next-line MethodExpression,ArrowFunction: PGlite runs one transaction at a time; lock-order.db.test.ts races it on PostgreSQL
  for (const line of [...h.boothLines].sort((a, b) => a.booth.id.localeCompare(b.booth.id))) {
    // A hold that has run out is released first (createOrder's retry), never taken over here.
    if (!(await holdBooth(sql, line.booth.id, orderId, h.expiresAt, h.now))) {
      throw new HoldFailed(
        new AppError(
          "booth_unavailable",
          `Booth ${line.booth.code} has just been taken. Please pick another.`,
          undefined,
          { boothId: line.booth.id },
        ),
      );
    }
  }
  if (h.boothLines.length) {
    const exhibitorId = await fileExhibitorInTx(sql, h);
    await sql.query(`UPDATE "Order" SET "exhibitorId" = $2 WHERE "id" = $1`, [orderId, exhibitorId]);
  }
  // The seats last, with the commit: every order of an on-sale rush updates the same ticket-type row, and
  // its lock is held from the update to the commit, so nothing may come between the two.
  const seats: [string, number][] = [];
  for (const l of h.ticketLines) {
    const n = l.quantity - offerCovers(offer, l.type.id, l.quantity);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: holding 0 seats (an offer covers the line) always fits and moves no count; skipping it saves a statement
    if (n > 0) seats.push([l.type.id, n]);
  }
  // Stryker disable next-line ConditionalExpression: with no seats to hold, `true` commits with no statement, as the transaction would
  if (seats.length) await holdSeatsAndCommit(sql, seats, h.now);
  return reference;
}

const seatCount = (h: HoldInput) => h.ticketLines.reduce((n, l) => n + l.quantity, 0);

/** The order as the unpaid-hold limits see it. */
function holdRequest(h: HoldInput): HoldRequest {
  return {
    eventId: h.eventId,
    emailKey: h.buyer.emailKey,
    phone: h.buyer.phone,
    seats: seatCount(h),
    booths: h.boothLines.length,
    largestPerOrder: h.largestPerOrder,
    now: h.now,
    source: h.source,
  };
}

const seatsByType = (lines: HoldInput["ticketLines"]) => new Map(lines.map((l) => [l.type.id, l.quantity]));

function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}
