import { z } from "zod";
import { translationFormShape, translationFormValues, withTranslations } from "../i18n/content";
import { isTimeZone, utcToWallTime, wallTimeToUtc } from "../dates";
import { majorUnitsInput, minorUnitDigits, parseMajorUnits } from "../money";

/**
 * Admin input for events and ticket types, as the admin's forms post it (every value a string; numbers
 * are also accepted from scripts and tests). No server-only import: the forms read the markets list too.
 */

/**
 * Where Lango sells, and in what: the local currency (what the region's gateways collect) plus USD where
 * the card gateways take it. The zone is the form's suggestion for a new event there.
 */
export const MARKETS = {
  KE: { name: "Kenya", currencies: ["KES", "USD"], timezone: "Africa/Nairobi" },
  TZ: { name: "Tanzania", currencies: ["TZS", "USD"], timezone: "Africa/Dar_es_Salaam" },
  UG: { name: "Uganda", currencies: ["UGX", "USD"], timezone: "Africa/Kampala" },
  RW: { name: "Rwanda", currencies: ["RWF", "USD"], timezone: "Africa/Kigali" },
  ZM: { name: "Zambia", currencies: ["ZMW", "USD"], timezone: "Africa/Lusaka" },
  MW: { name: "Malawi", currencies: ["MWK", "USD"], timezone: "Africa/Blantyre" },
  GH: { name: "Ghana", currencies: ["GHS", "USD"], timezone: "Africa/Accra" },
  BW: { name: "Botswana", currencies: ["BWP", "USD"], timezone: "Africa/Gaborone" },
  NA: { name: "Namibia", currencies: ["NAD", "USD"], timezone: "Africa/Windhoek" },
  ZA: { name: "South Africa", currencies: ["ZAR", "USD"], timezone: "Africa/Johannesburg" },
  TH: { name: "Thailand", currencies: ["THB"], timezone: "Asia/Bangkok" },
} as const satisfies Record<string, { name: string; currencies: readonly string[]; timezone: string }>;

export type MarketCode = keyof typeof MARKETS;
export const MARKET_CODES = Object.keys(MARKETS) as MarketCode[];
export const CURRENCIES = [...new Set(MARKET_CODES.flatMap((c) => MARKETS[c].currencies))];

/** What a server action hands back to its form: a message, per-field errors, and what was typed. */
export type AdminFormState = {
  ok: boolean;
  message: string;
  fields?: Record<string, string>;
  /** The posted values, so a form that React resets after the action shows them again. */
  values?: Record<string, string>;
  /** Changes on every answer; forms key on it to take the new defaults. */
  nonce: number;
} | null;

export const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
export const numeric = (v: unknown) => {
  const b = blank(v);
  return typeof b === "string" ? Number(b.trim().replaceAll(",", "")) : b;
};

const text = (what: string, max: number) =>
  z.string(`Enter ${what}.`).trim().min(1, `Enter ${what}.`).max(max, `At most ${max} characters.`);

export const optionalText = (max: number) =>
  z.preprocess(blank, z.string().trim().max(max, `At most ${max} characters.`).optional());

export function wholeNumber(what: string, min: number, max: number) {
  const msg = `Enter ${what} as a whole number.`;
  return z
    .number(msg)
    .int(msg)
    .min(min, `Must be at least ${min}.`)
    .max(max, `Must be at most ${max.toLocaleString("en")}.`);
}

export const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

const WALL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?$/;
const wallTime = z.string("Enter a date and time.").trim().regex(WALL_TIME, "Enter a date and time.");
export const optionalWallTime = z.preprocess(blank, wallTime.optional());

/**
 * A posted wall time of the zone in UTC, adding the field's error when the time does not exist there.
 * Cross-field checks run even while other fields have errors (so the admin sees every problem at
 * once), hence the guards: a malformed time or an unknown zone already has its own message.
 */
export function checkedUtc(
  ctx: z.RefinementCtx,
  value: string | undefined,
  timeZone: string,
  path: string,
): Date | null {
  if (!value || !WALL_TIME.test(value) || !isTimeZone(timeZone)) return null;
  const utc = wallTimeToUtc(value, timeZone);
  if (!utc)
    ctx.addIssue({ code: "custom", path: [path], message: `That date and time does not exist in ${timeZone}.` });
  return utc;
}

/** Only called once every check passed: each present time is known to convert. */
export const utcOf = (value: string, timeZone: string) => wallTimeToUtc(value, timeZone)!;

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The texts an organiser may give in other languages, and their longest length. */
export const EVENT_TRANSLATED = { name: 120, description: 5000 };
export const TICKET_TYPE_TRANSLATED = { name: 80, description: 500 };

const eventFields = z.object({
  slug: z
    .string("Enter the event's web address.")
    .trim()
    .toLowerCase()
    .min(3, "At least 3 characters.")
    .max(80, "At most 80 characters.")
    .regex(SLUG_PATTERN, "Use lowercase letters, digits and single dashes (like nairobi-tech-summit)."),
  name: text("the event's name", 120),
  description: z.preprocess((v) => v ?? "", z.string().trim().max(5000, "At most 5000 characters.")),
  venue: text("the venue", 160),
  city: text("the city", 80),
  country: z.enum(MARKET_CODES, `Choose one of: ${MARKET_CODES.join(", ")}.`),
  currency: z
    .string("Choose a currency.")
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, "Choose a currency."),
  timezone: z
    .string("Choose a time zone.")
    .trim()
    .refine(isTimeZone, "Choose a time zone from the list (like Africa/Nairobi)."),
  startsAt: wallTime,
  endsAt: wallTime,
  holdMinutes: z.preprocess(numeric, wholeNumber("the hold time", 5, 120).default(15)),
  offlinePaymentHours: z.preprocess(numeric, wholeNumber("the hours", 1, 720).default(48)),
  exhibitorEditDeadline: optionalWallTime,
  organiserName: optionalText(160),
  organiserAddress: optionalText(300),
  organiserTaxId: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .toUpperCase()
      .max(30, "At most 30 characters.")
      .regex(/^[A-Z0-9][A-Z0-9 ./-]*$/, "Letters and digits, as the tax authority wrote it (like P051234567X).")
      .optional(),
  ),
  deskLocation: optionalText(200),
  deskHours: optionalText(200),
  // The name and description in Kiswahili (and any language added later), for buyers reading in it.
  ...translationFormShape(EVENT_TRANSLATED),
});

/** An event as the admin types it; times are wall-clock times of the event's own zone. */
export const eventSchema = eventFields
  .superRefine((v, ctx) => {
    const market = (MARKETS as Record<string, (typeof MARKETS)[MarketCode] | undefined>)[v.country];
    const currencies: readonly string[] = market?.currencies ?? [];
    if (market && /^[A-Z]{3}$/.test(v.currency) && !currencies.includes(v.currency)) {
      ctx.addIssue({
        code: "custom",
        path: ["currency"],
        message: `Events in ${market.name} are sold in ${currencies.join(" or ")}.`,
      });
    }
    const startsAt = checkedUtc(ctx, v.startsAt, v.timezone, "startsAt");
    const endsAt = checkedUtc(ctx, v.endsAt, v.timezone, "endsAt");
    checkedUtc(ctx, v.exhibitorEditDeadline, v.timezone, "exhibitorEditDeadline");
    if (startsAt && endsAt && endsAt <= startsAt)
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "The event must end after it starts." });
  })
  .transform((v) => ({
    ...withTranslations(v, Object.keys(EVENT_TRANSLATED)),
    startsAt: utcOf(v.startsAt, v.timezone),
    endsAt: utcOf(v.endsAt, v.timezone),
    exhibitorEditDeadline: v.exhibitorEditDeadline ? utcOf(v.exhibitorEditDeadline, v.timezone) : null,
    organiserName: v.organiserName ?? null,
    organiserAddress: v.organiserAddress ?? null,
    organiserTaxId: v.organiserTaxId ?? null,
    deskLocation: v.deskLocation ?? null,
    deskHours: v.deskHours ?? null,
  }));

export type EventInput = z.input<typeof eventSchema>;
export type EventData = z.output<typeof eventSchema>;

/** The largest price a ticket may have, in minor units (totals must fit the database's integers). */
export const MAX_PRICE_MINOR = 1_000_000_000;

/** A price typed in major units ("2,500", "1500.50"), as minor units of the currency. */
export function priceSchema(currency: string) {
  const digits = minorUnitDigits(currency);
  const example = digits === 0 ? "25000" : `2500 or 2500.${"5".padEnd(digits, "0")}`;
  return z.union([z.string(), z.number()], "Enter a price.").transform((raw, ctx) => {
    const typed = String(raw).trim();
    if (typed === "") ctx.addIssue({ code: "custom", message: "Enter a price." });
    else if (typed.startsWith("-")) ctx.addIssue({ code: "custom", message: "The price cannot be negative." });
    else {
      const minor = parseMajorUnits(typed, currency);
      if (minor === null) {
        ctx.addIssue({
          code: "custom",
          message:
            digits === 0
              ? `Enter a whole amount in ${currency}, like ${example}.`
              : `Enter an amount in ${currency}, like ${example}.`,
        });
      } else if (minor > MAX_PRICE_MINOR) {
        ctx.addIssue({ code: "custom", message: "That price is too large." });
      } else return minor;
    }
    return z.NEVER;
  });
}

/** A ticket type of an event: the price is in the event's currency and the sales window in its zone. */
export function ticketTypeSchema(event: { currency: string; timezone: string }) {
  return z
    .object({
      name: text("a name", 80),
      description: optionalText(500),
      price: priceSchema(event.currency),
      capacity: z.preprocess(numeric, wholeNumber("the capacity", 1, 1_000_000)),
      maxPerOrder: z.preprocess(numeric, wholeNumber("the maximum", 1, 100).default(10)),
      salesStartAt: optionalWallTime,
      salesEndAt: optionalWallTime,
      sortOrder: z.preprocess(numeric, wholeNumber("the position", -1000, 1000).optional()),
      hidden: checkbox,
      ...translationFormShape(TICKET_TYPE_TRANSLATED),
    })
    .superRefine((v, ctx) => {
      const salesStartAt = checkedUtc(ctx, v.salesStartAt, event.timezone, "salesStartAt");
      const salesEndAt = checkedUtc(ctx, v.salesEndAt, event.timezone, "salesEndAt");
      if (salesStartAt && salesEndAt && salesEndAt <= salesStartAt) {
        ctx.addIssue({ code: "custom", path: ["salesEndAt"], message: "Sales must end after they start." });
      }
    })
    .transform(({ price, ...v }) => ({
      ...withTranslations(v, Object.keys(TICKET_TYPE_TRANSLATED)),
      description: v.description ?? null,
      priceMinor: price,
      currency: event.currency,
      salesStartAt: v.salesStartAt ? utcOf(v.salesStartAt, event.timezone) : null,
      salesEndAt: v.salesEndAt ? utcOf(v.salesEndAt, event.timezone) : null,
    }));
}

export type TicketTypeInput = z.input<ReturnType<typeof ticketTypeSchema>>;
export type TicketTypeData = z.output<ReturnType<typeof ticketTypeSchema>>;

/** The zones an admin can pick: every IANA zone this runtime knows, with the current one kept. */
export function timeZoneOptions(current?: string): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}

const wallOrBlank = (d: Date | null, timeZone: string) => (d ? utcToWallTime(d, timeZone) : "");

/** A saved event as its form's values: the inverse of eventSchema. */
export function eventFormValues(e: {
  id: string;
  slug: string;
  name: string;
  description: string;
  venue: string;
  city: string;
  country: string;
  currency: string;
  timezone: string;
  startsAt: Date;
  endsAt: Date;
  holdMinutes: number;
  offlinePaymentHours: number;
  exhibitorEditDeadline: Date | null;
  organiserName: string | null;
  organiserAddress: string | null;
  organiserTaxId: string | null;
  deskLocation: string | null;
  deskHours: string | null;
  imageUrl?: string | null;
  translations?: unknown;
}): Record<string, string> {
  return {
    ...(e.imageUrl && { imageUrl: e.imageUrl }),
    ...translationFormValues(e.translations, Object.keys(EVENT_TRANSLATED)),
    id: e.id,
    slug: e.slug,
    name: e.name,
    description: e.description,
    venue: e.venue,
    city: e.city,
    country: e.country,
    currency: e.currency,
    timezone: e.timezone,
    startsAt: utcToWallTime(e.startsAt, e.timezone),
    endsAt: utcToWallTime(e.endsAt, e.timezone),
    holdMinutes: String(e.holdMinutes),
    offlinePaymentHours: String(e.offlinePaymentHours),
    exhibitorEditDeadline: wallOrBlank(e.exhibitorEditDeadline, e.timezone),
    organiserName: e.organiserName ?? "",
    organiserAddress: e.organiserAddress ?? "",
    organiserTaxId: e.organiserTaxId ?? "",
    deskLocation: e.deskLocation ?? "",
    deskHours: e.deskHours ?? "",
  };
}

/** A saved ticket type as its form's values (the price back in major units, times in the event's zone). */
export function ticketTypeFormValues(
  t: {
    name: string;
    description: string | null;
    priceMinor: number;
    currency: string;
    capacity: number;
    maxPerOrder: number;
    salesStartAt: Date | null;
    salesEndAt: Date | null;
    sortOrder: number;
    hidden: boolean;
    translations?: unknown;
  },
  timeZone: string,
): Record<string, string> {
  return {
    ...translationFormValues(t.translations, Object.keys(TICKET_TYPE_TRANSLATED)),
    name: t.name,
    description: t.description ?? "",
    price: majorUnitsInput(t.priceMinor, t.currency),
    capacity: String(t.capacity),
    maxPerOrder: String(t.maxPerOrder),
    salesStartAt: wallOrBlank(t.salesStartAt, timeZone),
    salesEndAt: wallOrBlank(t.salesEndAt, timeZone),
    sortOrder: String(t.sortOrder),
    hidden: t.hidden ? "on" : "",
  };
}
