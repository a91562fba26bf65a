import type { Db } from "../db/client";

/** A promo code whose counters do not match the orders that hold or used it. */
export interface PromoUseDrift {
  code: string;
  usesHeld: number;
  expectedHeld: number;
  usesUsed: number;
  expectedUsed: number;
}

/**
 * Recounts every code's uses from its orders (held: pending with its hold; used: paid or partly refunded)
 * and returns the codes that differ: a use released twice or never shows up here, like stock drift.
 */
export async function findPromoUseDrift(db: Db): Promise<PromoUseDrift[]> {
  return db.$queryRaw<PromoUseDrift[]>`
    SELECT p."code", p."usesHeld", c."held" AS "expectedHeld", p."usesUsed", c."used" AS "expectedUsed"
    FROM "PromoCode" p
    CROSS JOIN LATERAL (
      SELECT count(*) FILTER (WHERE o."promoUse" = 'held' AND o."status" = 'pending' AND o."holdReleasedAt" IS NULL)::int AS "held",
             count(*) FILTER (WHERE o."promoUse" = 'used' AND o."status" IN ('paid', 'partially_refunded'))::int AS "used"
      FROM "Order" o WHERE o."promoCodeId" = p."id") c
    WHERE p."usesHeld" <> c."held" OR p."usesUsed" <> c."used"`;
}
