import { describe, expect, it } from "vitest";
import { computeDiscount, normalizePromoCode, type DiscountRule, type PricedLine } from "./pricing";

const rule = (r: Partial<DiscountRule>): DiscountRule => ({
  kind: "percent",
  value: 10,
  ticketTypeIds: [],
  appliesToBooths: false,
  ...r,
});
const ticket = (ticketTypeId: string, total: number): PricedLine => ({ kind: "ticket", ticketTypeId, total });
const booth = (total: number): PricedLine => ({ kind: "booth", ticketTypeId: null, total });

describe("computeDiscount", () => {
  it("takes a percentage of the eligible lines, rounded once to a whole minor unit, half up", () => {
    // 10 % of 3 × KES 33.35 = 10.005 → 10.01 (rounded on the sum, not per ticket).
    expect(computeDiscount(rule({ value: 10 }), [ticket("a", 3335), ticket("a", 3335), ticket("a", 3335)])).toBe(1001);
    expect(computeDiscount(rule({ value: 15 }), [ticket("a", 999)])).toBe(150); // 149.85 → 150
    expect(computeDiscount(rule({ value: 15 }), [ticket("a", 997)])).toBe(150); // 149.55 → 150
    expect(computeDiscount(rule({ value: 15 }), [ticket("a", 993)])).toBe(149); // 148.95 → 149
    expect(computeDiscount(rule({ value: 33 }), [ticket("a", 1)])).toBe(0);
  });

  it("takes 100 % of the eligible lines to zero and never more", () => {
    expect(computeDiscount(rule({ value: 100 }), [ticket("a", 250000), ticket("b", 1000)])).toBe(251000);
    expect(computeDiscount(rule({ value: 150 }), [ticket("a", 250000)])).toBe(250000);
  });

  it("never takes a fixed amount below zero, and takes it once per order", () => {
    expect(computeDiscount(rule({ kind: "amount", value: 50000 }), [ticket("a", 30000)])).toBe(30000);
    expect(computeDiscount(rule({ kind: "amount", value: 50000 }), [ticket("a", 250000), ticket("a", 250000)])).toBe(
      50000,
    );
  });

  it("discounts only the chosen ticket types, and booths only when the code says so", () => {
    const lines = [ticket("regular", 250000), ticket("student", 100000), booth(5000000)];
    expect(computeDiscount(rule({ ticketTypeIds: ["regular"] }), lines)).toBe(25000);
    expect(computeDiscount(rule({ kind: "amount", value: 500000, ticketTypeIds: ["student"] }), lines)).toBe(100000);
    expect(computeDiscount(rule({ ticketTypeIds: ["vip"] }), lines)).toBe(0);
    expect(computeDiscount(rule({ ticketTypeIds: ["vip"], appliesToBooths: true }), lines)).toBe(500000);
    expect(computeDiscount(rule({}), [booth(5000000)])).toBe(0);
  });

  it("takes nothing for an unlock-only code", () => {
    expect(computeDiscount(rule({ kind: "none", value: 50 }), [ticket("a", 1000)])).toBe(0);
    expect(computeDiscount(rule({ kind: "none", value: 50 }), [ticket("a", 1000)], "KES")).toBe(0);
  });
});

describe("computeDiscount in a currency with cents", () => {
  const total = (r: DiscountRule, lines: PricedLine[], currency: string) =>
    lines.reduce((sum, l) => sum + l.total, 0) - computeDiscount(r, lines, currency);

  it("leaves whole-shilling prices a whole-shilling total, rounding the discount up for the buyer", () => {
    // 15 % off KES 2,499 is KES 374.85: the buyer is asked KES 2,124, never KES 2,124.15.
    expect(computeDiscount(rule({ value: 15 }), [ticket("a", 249_900)], "KES")).toBe(37_500);
    expect(total(rule({ value: 15 }), [ticket("a", 249_900)], "KES")).toBe(212_400);
    // 10 % of KES 2,359 (235.90) and of KES 21,241 (2,124.10).
    expect(computeDiscount(rule({ value: 10 }), [ticket("a", 235_900)], "KES")).toBe(23_600);
    expect(computeDiscount(rule({ value: 10 }), [ticket("a", 2_124_100)], "KES")).toBe(212_500);
    // Already whole: nothing is added.
    expect(computeDiscount(rule({ value: 10 }), [ticket("a", 250_000), ticket("a", 250_000)], "KES")).toBe(50_000);
    // Under one shilling of discount still takes a whole one; the total never goes below zero.
    expect(computeDiscount(rule({ value: 1 }), [ticket("a", 100)], "KES")).toBe(100);
    expect(computeDiscount(rule({ value: 100 }), [ticket("a", 249_900)], "KES")).toBe(249_900);
    expect(computeDiscount(rule({ value: 99 }), [ticket("a", 100)], "KES")).toBe(100);
  });

  it("gives each total of whole shillings a whole-shilling answer, and never more than the lines cost", () => {
    for (let shillings = 1; shillings <= 3_000; shillings += 7)
      for (const value of [1, 5, 10, 12, 15, 33, 50, 99, 100]) {
        const lines = [ticket("a", shillings * 100)];
        const discount = computeDiscount(rule({ value }), lines, "KES");
        expect(discount % 100, `${value} % of KES ${shillings}`).toBe(0);
        expect(discount).toBeGreaterThanOrEqual(shillings * value);
        expect(discount - shillings * value).toBeLessThan(100);
        expect(discount).toBeLessThanOrEqual(shillings * 100);
      }
  });

  it("rounds on the eligible lines only: a line the code is not for keeps its own price", () => {
    const lines = [ticket("regular", 249_900), ticket("student", 100_050)];
    expect(computeDiscount(rule({ value: 15, ticketTypeIds: ["regular"] }), lines, "KES")).toBe(37_500);
    // Eligible lines that come to whole shillings together count as whole.
    expect(computeDiscount(rule({ value: 15 }), [ticket("a", 50), ticket("b", 249_850)], "KES")).toBe(37_500);
  });

  it("keeps the discount to the cent when the prices themselves have cents", () => {
    // 10 % of KES 2,359.50 is KES 235.95; of KES 21,241.50, KES 2,124.15.
    expect(computeDiscount(rule({ value: 10 }), [ticket("a", 235_950)], "KES")).toBe(23_595);
    expect(computeDiscount(rule({ value: 10 }), [ticket("a", 2_124_150)], "KES")).toBe(212_415);
    expect(computeDiscount(rule({ value: 15 }), [ticket("a", 997)], "KES")).toBe(150); // 149.55 → 150
    expect(computeDiscount(rule({ value: 15 }), [ticket("a", 993)], "KES")).toBe(149); // 148.95 → 149
  });

  it("takes a fixed amount with cents as whole shillings off whole-shilling prices", () => {
    expect(computeDiscount(rule({ kind: "amount", value: 5_050 }), [ticket("a", 100_000)], "KES")).toBe(5_100);
    expect(computeDiscount(rule({ kind: "amount", value: 5_000 }), [ticket("a", 100_000)], "KES")).toBe(5_000);
    expect(computeDiscount(rule({ kind: "amount", value: 5_050 }), [ticket("a", 100_050)], "KES")).toBe(5_050);
    expect(computeDiscount(rule({ kind: "amount", value: 5_050 }), [ticket("a", 3_000)], "KES")).toBe(3_000);
  });

  it("changes nothing in a currency without minor units, or without a currency", () => {
    // UGX 15 % of 999 is 149.85: rounded half up to UGX 150, as before; UGX 20,150 × 10 % is exact.
    expect(computeDiscount(rule({ value: 15 }), [ticket("a", 999)], "UGX")).toBe(150);
    expect(computeDiscount(rule({ value: 15 }), [ticket("a", 993)], "UGX")).toBe(149);
    expect(computeDiscount(rule({ value: 10 }), [ticket("a", 20_150)], "UGX")).toBe(2_015);
    expect(computeDiscount(rule({ value: 10 }), [ticket("a", 20_150)], "RWF")).toBe(2_015);
    expect(computeDiscount(rule({ value: 15 }), [ticket("a", 249_900)])).toBe(37_485);
  });

  it("rounds to the currency's own unit (three decimals for KWD)", () => {
    expect(computeDiscount(rule({ value: 15 }), [ticket("a", 2_499_000)], "KWD")).toBe(375_000);
    expect(computeDiscount(rule({ value: 15 }), [ticket("a", 2_499_500)], "KWD")).toBe(374_925);
  });
});

describe("normalizePromoCode", () => {
  it("trims and ignores case", () => {
    expect(normalizePromoCode("  karibu10 \n")).toBe("KARIBU10");
  });
});
