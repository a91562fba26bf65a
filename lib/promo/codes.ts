import "server-only";
import type { Sql } from "../db/sql";
import { AppError } from "../errors";
import { normalizePromoCode, type DiscountRule } from "./pricing";

/** A promo code as ordering and the event page need it. */
export interface PromoCodeRow {
  id: string;
  code: string;
  description: string | null;
  discountKind: DiscountRule["kind"];
  discountValue: number;
  ticketTypeIds: string[];
  appliesToBooths: boolean;
  unlocksTicketTypeIds: string[];
  maxUses: number | null;
  maxUsesPerBuyer: number | null;
  paused: boolean;
  usesHeld: number;
  usesUsed: number;
  validFromMs: number | null;
  validUntilMs: number | null;
}

export const ruleOf = (p: PromoCodeRow): DiscountRule => ({
  kind: p.discountKind,
  value: p.discountValue,
  ticketTypeIds: p.ticketTypeIds,
  appliesToBooths: p.appliesToBooths,
});

/** The code of event $1 spelt $2 (normalised), as a PromoCodeRow. */
export const PROMO_CODE_BY_NAME = `
  SELECT "id", "code", "description", "discountKind"::text AS "discountKind", "discountValue", "ticketTypeIds",
    "appliesToBooths", "unlocksTicketTypeIds", "maxUses", "maxUsesPerBuyer", "paused", "usesHeld", "usesUsed",
    round(extract(epoch FROM "validFrom") * 1000)::float8 AS "validFromMs",
    round(extract(epoch FROM "validUntil") * 1000)::float8 AS "validUntilMs"
  FROM "PromoCode" WHERE "eventId" = $1 AND "code" = $2`;

/** The event's code as typed by a buyer (any case, spaces around), or null. Plain SQL: it is on the order path. */
export async function findPromoCode(sql: Sql, eventId: string, typed: string): Promise<PromoCodeRow | null> {
  const code = normalizePromoCode(typed);
  if (!code) return null;
  const { rows } = await sql.query<PromoCodeRow>(PROMO_CODE_BY_NAME, [eventId, code]);
  return rows[0] ?? null;
}

export const promoInvalid = (message = "That promo code is not valid for this event.") =>
  new AppError("promo_invalid", message, { promoCode: message });

export function promoExhausted(): AppError {
  const message = "That promo code has been used up.";
  return new AppError("promo_exhausted", message, { promoCode: message });
}

/**
 * Why this code cannot be used right now, as the buyer should hear it, or null when it can. The use count
 * here is a snapshot for a clear message; the holding transaction re-checks it where it counts.
 */
export function promoProblem(promo: PromoCodeRow | null, now: Date): AppError | null {
  if (!promo || promo.paused) return promoInvalid();
  if (promo.validFromMs != null && now.getTime() < promo.validFromMs) {
    const message = "That promo code is not valid yet.";
    return new AppError("promo_expired", message, { promoCode: message });
  }
  if (promo.validUntilMs != null && now.getTime() >= promo.validUntilMs) {
    const message = "That promo code has expired.";
    return new AppError("promo_expired", message, { promoCode: message });
  }
  if (promo.maxUses != null && promo.usesHeld + promo.usesUsed >= promo.maxUses) return promoExhausted();
  return null;
}
