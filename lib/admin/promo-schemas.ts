import { z } from "zod";
import { utcToWallTime } from "../dates";
import { majorUnitsInput } from "../money";
import { normalizePromoCode, PROMO_CODE_PATTERN } from "../promo/pricing";
import {
  checkbox,
  checkedUtc,
  numeric,
  optionalText,
  optionalWallTime,
  priceSchema,
  utcOf,
  wholeNumber,
} from "./event-schemas";

/**
 * A promo code as the admin's form posts it: every value a string. Ticket types are checkboxes named
 * `discount:<id>` (discounted) and `unlock:<id>` (a hidden type the code unlocks); times are wall-clock
 * times of the event's zone. No server-only import: the form reads the field names too.
 */
export function promoCodeSchema(event: { currency: string; timezone: string }) {
  return z
    .looseObject({
      code: z
        .string("Enter the code.")
        .transform(normalizePromoCode)
        .pipe(
          z
            .string()
            .regex(PROMO_CODE_PATTERN, "2 to 40 letters, digits, - or _ (like KARIBU10); case does not matter."),
        ),
      description: optionalText(200),
      discountKind: z.enum(["percent", "amount", "none"], "Choose what the code does."),
      percent: z.preprocess(numeric, wholeNumber("the percentage", 1, 100).optional()),
      amount: z.preprocess((v) => (v === "" ? undefined : v), priceSchema(event.currency).optional()),
      appliesToBooths: checkbox,
      maxUses: z.preprocess(numeric, wholeNumber("the number of uses", 1, 1_000_000).optional()),
      maxUsesPerBuyer: z.preprocess(numeric, wholeNumber("the uses per buyer", 1, 1000).optional()),
      validFrom: optionalWallTime,
      validUntil: optionalWallTime,
      paused: checkbox,
    })
    .superRefine((v, ctx) => {
      if (v.discountKind === "percent" && v.percent == null)
        ctx.addIssue({ code: "custom", path: ["percent"], message: "Enter the percentage off (1 to 100)." });
      if (v.discountKind === "amount" && !v.amount)
        ctx.addIssue({ code: "custom", path: ["amount"], message: `Enter the amount off in ${event.currency}.` });
      const from = checkedUtc(ctx, v.validFrom, event.timezone, "validFrom");
      const until = checkedUtc(ctx, v.validUntil, event.timezone, "validUntil");
      if (from && until && until <= from)
        ctx.addIssue({ code: "custom", path: ["validUntil"], message: "The code must stop after it starts." });
    })
    .transform((v) => {
      const picked = (prefix: string) =>
        Object.keys(v)
          .filter((k) => k.startsWith(prefix) && checkbox.parse(v[k]))
          .map((k) => k.slice(prefix.length));
      return {
        code: v.code,
        description: v.description ?? null,
        discountKind: v.discountKind,
        discountValue: v.discountKind === "percent" ? v.percent! : v.discountKind === "amount" ? v.amount! : 0,
        ticketTypeIds: picked("discount:"),
        unlocksTicketTypeIds: picked("unlock:"),
        appliesToBooths: v.appliesToBooths,
        maxUses: v.maxUses ?? null,
        maxUsesPerBuyer: v.maxUsesPerBuyer ?? null,
        validFrom: v.validFrom ? utcOf(v.validFrom, event.timezone) : null,
        validUntil: v.validUntil ? utcOf(v.validUntil, event.timezone) : null,
        paused: v.paused,
      };
    });
}

export type PromoCodeData = z.output<ReturnType<typeof promoCodeSchema>>;

/** A stored code as its edit form's initial values. */
export function promoCodeFormValues(p: PromoCodeData & { currency: string }, timeZone: string): Record<string, string> {
  const on = (ids: string[], prefix: string) => Object.fromEntries(ids.map((id) => [`${prefix}${id}`, "on"]));
  return {
    code: p.code,
    description: p.description ?? "",
    discountKind: p.discountKind,
    percent: p.discountKind === "percent" ? String(p.discountValue) : "",
    amount: p.discountKind === "amount" ? majorUnitsInput(p.discountValue, p.currency) : "",
    appliesToBooths: p.appliesToBooths ? "on" : "",
    maxUses: p.maxUses == null ? "" : String(p.maxUses),
    maxUsesPerBuyer: p.maxUsesPerBuyer == null ? "" : String(p.maxUsesPerBuyer),
    validFrom: p.validFrom ? utcToWallTime(p.validFrom, timeZone) : "",
    validUntil: p.validUntil ? utcToWallTime(p.validUntil, timeZone) : "",
    paused: p.paused ? "on" : "",
    ...on(p.ticketTypeIds, "discount:"),
    ...on(p.unlocksTicketTypeIds, "unlock:"),
  };
}
