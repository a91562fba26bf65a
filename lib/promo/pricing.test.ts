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
  });
});

describe("normalizePromoCode", () => {
  it("trims and ignores case", () => {
    expect(normalizePromoCode("  karibu10 \n")).toBe("KARIBU10");
  });
});
