import type { Sql } from "../db/sql";
import { AppError } from "../errors";
import { promoExhausted, type PromoCodeRow } from "./codes";

/**
 * The one owner of promo-code uses, with the semantics of seats (lib/orders/stock.ts): an order holds one
 * use of its code while it is pending, the use becomes used when the order is paid, and it comes back when
 * the order expires, is cancelled or is fully refunded. Every step is a conditional UPDATE of the order's
 * `promoUse` from the state it must be in, then the matching change of the code's counters, in the
 * caller's transaction: a step taken twice (a duplicated callback, a sweep racing a cancel) changes
 * nothing the second time. `PromoCode_uses_check` keeps held + used within maxUses whatever happens.
 * Uses are counted per order.
 */

const iso = (d: Date) => d.toISOString();

/**
 * Holds one use of `promo` for a new order, in its holding transaction, and records the code and the
 * discount on the order. The counter UPDATE locks the code's row, so orders with the same code take
 * their uses one after the other: with five uses left, exactly five of any number of simultaneous orders
 * get one. The per-buyer count runs after that lock, so it is serialised the same way.
 */
export async function holdPromoUseInTx(
  sql: Sql,
  h: { promo: PromoCodeRow; orderId: string; emailKey: string; discount: number; now: Date },
): Promise<AppError | null> {
  const taken = await sql.query(
    `UPDATE "PromoCode" SET "usesHeld" = "usesHeld" + 1, "updatedAt" = $2::timestamp
     WHERE "id" = $1 AND NOT "paused" AND ("maxUses" IS NULL OR "usesHeld" + "usesUsed" + 1 <= "maxUses")`,
    [h.promo.id, iso(h.now)],
  );
  if (taken.rowCount === 0) return promoExhausted();
  if (h.promo.maxUsesPerBuyer != null) {
    const {
      rows: [mine],
    } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM "Order"
       WHERE "promoCodeId" = $1 AND "buyerEmailKey" = $2 AND "promoUse" IN ('held', 'used') AND "id" <> $3`,
      [h.promo.id, h.emailKey, h.orderId],
    );
    if ((mine?.n ?? 0) + 1 > h.promo.maxUsesPerBuyer) {
      const limit = h.promo.maxUsesPerBuyer;
      const message = `This promo code can be used ${limit === 1 ? "once" : `${limit} times`} per buyer, and you have already used it.`;
      return new AppError("promo_limit_reached", message, { promoCode: message }, { limit });
    }
  }
  await sql.query(`UPDATE "Order" SET "promoCodeId" = $2, "discountMinor" = $3, "promoUse" = 'held' WHERE "id" = $1`, [
    h.orderId,
    h.promo.id,
    h.discount,
  ]);
  return null;
}

/** The order is paid while holding: its held use becomes used. */
export async function spendHeldPromoUseInTx(sql: Sql, orderId: string, now: Date): Promise<void> {
  await move(sql, orderId, "held", "used", `"usesHeld" = "usesHeld" - 1, "usesUsed" = "usesUsed" + 1`, now);
}

/** The order gives its use back: from held (expired, cancelled) or used (fully refunded). */
export async function returnPromoUseInTx(sql: Sql, orderId: string, now: Date): Promise<void> {
  if (await move(sql, orderId, "held", "returned", `"usesHeld" = "usesHeld" - 1`, now)) return;
  await move(sql, orderId, "used", "returned", `"usesUsed" = "usesUsed" - 1`, now);
}

/**
 * For a payment that arrived after the order gave its use back: locks the code and says whether a use is
 * still free (or the order has no code). Writes nothing, like lockFree for seats; retakePromoUseInTx, in
 * the same transaction, then takes it.
 */
export async function lockPromoUseFreeInTx(sql: Sql, orderId: string): Promise<boolean> {
  const { rows } = await sql.query<{ fits: boolean }>(
    `SELECT (p."maxUses" IS NULL OR p."usesHeld" + p."usesUsed" + 1 <= p."maxUses") AS "fits"
     FROM "Order" o JOIN "PromoCode" p ON p."id" = o."promoCodeId"
     WHERE o."id" = $1 AND o."promoUse" = 'returned' FOR UPDATE OF p`,
    [orderId],
  );
  return rows[0]?.fits ?? true;
}

/** Takes the use lockPromoUseFreeInTx found free. */
export async function retakePromoUseInTx(sql: Sql, orderId: string, now: Date): Promise<void> {
  await move(sql, orderId, "returned", "used", `"usesUsed" = "usesUsed" + 1`, now);
}

async function move(sql: Sql, orderId: string, from: string, to: string, counters: string, now: Date) {
  const {
    rows: [order],
  } = await sql.query<{ promoCodeId: string }>(
    `UPDATE "Order" SET "promoUse" = $3::"PromoUseState" WHERE "id" = $1 AND "promoUse" = $2::"PromoUseState" RETURNING "promoCodeId"`,
    [orderId, from, to],
  );
  if (!order) return false;
  await sql.query(`UPDATE "PromoCode" SET ${counters}, "updatedAt" = $2::timestamp WHERE "id" = $1`, [
    order.promoCodeId,
    iso(now),
  ]);
  return true;
}
