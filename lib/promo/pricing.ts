/**
 * The one place a promo discount is computed: the server prices every order with it, and the checkout
 * previews with the same function, so the two can never disagree. Pure: amounts are integer minor units
 * of one currency (the event's).
 */
import { minorUnitDigits } from "../money";

export type DiscountKind = "percent" | "amount" | "none";

export interface DiscountRule {
  kind: DiscountKind;
  /** Percent (1-100) for `percent`, minor units for `amount`, ignored for `none`. */
  value: number;
  /** Ticket types the discount applies to; empty means all of them. */
  ticketTypeIds: readonly string[];
  /** Whether booths and their add-ons are discounted too. */
  appliesToBooths: boolean;
}

export interface PricedLine {
  kind: "ticket" | "booth" | "addon";
  ticketTypeId: string | null;
  /** The line's full price (unit price × quantity), minor units. */
  total: number;
}

export function isEligible(rule: DiscountRule, line: PricedLine): boolean {
  if (line.kind === "ticket")
    return !!line.ticketTypeId && (rule.ticketTypeIds.length === 0 || rule.ticketTypeIds.includes(line.ticketTypeId));
  return rule.appliesToBooths;
}

/**
 * How much the rule takes off these lines. A percentage is taken of the eligible lines together and
 * rounded once (so three 10 % tickets do not lose a cent each); a fixed amount is taken once per order.
 * Neither ever exceeds what the eligible lines cost, so no total goes below zero and lines the code is not
 * for are never touched.
 *
 * Given the lines' `currency`, a discount never puts cents into a total that had none: when the eligible
 * lines come to whole major units, the discount is rounded up to whole units, in the buyer's favour.
 * M-Pesa, its paybill and Airtel Money move whole units only, so "KES 2,124.15" (15 % off KES 2,499)
 * could not be paid exactly through them; the buyer pays KES 2,124 instead. Lines priced with cents
 * keep the discount to the cent (rounded half up), as does any call without a currency.
 */
export function computeDiscount(rule: DiscountRule, lines: readonly PricedLine[], currency?: string): number {
  const eligible = lines.filter((l) => isEligible(rule, l)).reduce((sum, l) => sum + l.total, 0);
  if (eligible <= 0) return 0;
  const unit = currency ? 10 ** minorUnitDigits(currency) : 1;
  const wholeUnits = unit > 1 && eligible % unit === 0;
  switch (rule.kind) {
    case "percent": {
      const percent = Math.min(100, Math.max(0, rule.value));
      const discount = wholeUnits
        ? Math.ceil((eligible * percent) / (100 * unit)) * unit
        : Math.floor((eligible * percent + 50) / 100);
      return Math.min(eligible, discount);
    }
    case "amount": {
      const amount = Math.max(0, rule.value);
      return Math.min(eligible, wholeUnits ? Math.ceil(amount / unit) * unit : amount);
    }
    case "none":
      return 0;
  }
}

/** Codes are case-insensitive and trimmed: stored and compared upper-cased. */
export function normalizePromoCode(code: string): string {
  return code.trim().toUpperCase();
}

/** What an organiser may choose as a code: letters, digits, "-" and "_", easy to read out and to type. */
export const PROMO_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{1,39}$/;
