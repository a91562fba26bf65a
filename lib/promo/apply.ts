import "server-only";
import type { Db } from "../db/client";
import { sqlOf } from "../db/sql";
import { findPromoCode, promoInvalid, promoProblem, ruleOf, type PromoCodeRow } from "./codes";
import { findPromoGuess } from "./guesses";
import { computeDiscount, isEligible, type PricedLine } from "./pricing";

/**
 * The code a buyer sent with an order, if it can be used now; otherwise the reason, as an AppError. An
 * order from the public API names its `client`, whose codes that do not exist are counted (guesses.ts).
 */
export async function promoForOrder(
  db: Db,
  eventId: string,
  typed: string,
  now: Date,
  client?: string,
): Promise<PromoCodeRow> {
  const promo = client
    ? await findPromoGuess(db, eventId, typed, client, now)
    : await findPromoCode(sqlOf(db), eventId, typed);
  const problem = promoProblem(promo, now);
  if (problem) throw problem;
  return promo!;
}

/** Whether the code makes this hidden ticket type visible and orderable. */
export const unlocks = (promo: PromoCodeRow | null, ticketTypeId: string) =>
  !!promo?.unlocksTicketTypeIds.includes(ticketTypeId);

/**
 * The discount of a code on an order's lines. A code that neither discounts any of the lines nor
 * unlocks a ticket type in the order is for other items: the buyer is told rather than charged a use.
 */
export function discountFor(promo: PromoCodeRow, lines: readonly PricedLine[], currency: string): number {
  const rule = ruleOf(promo);
  const unlocked = lines.some((l) => l.ticketTypeId && unlocks(promo, l.ticketTypeId));
  const discounted = rule.kind !== "none" && lines.some((l) => isEligible(rule, l));
  if (!unlocked && !discounted) throw promoInvalid("That promo code is not valid for the tickets in your order.");
  return computeDiscount(rule, lines, currency);
}
