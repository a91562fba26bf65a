import { describe, expect, it } from "vitest";
import { chartScale } from "./chart-scale";

describe("chartScale", () => {
  it("rounds the top up to 1, 2 or 5 × a power of ten, with ticks on round numbers", () => {
    expect(chartScale([3, 17, 9])).toMatchObject({ max: 20, ticks: [0, 5, 10, 15, 20] });
    expect(chartScale([2_500_00, 7_500_00])).toMatchObject({
      max: 800_000,
      ticks: [0, 200_000, 400_000, 600_000, 800_000],
    });
    expect(chartScale([100])).toMatchObject({ max: 100, ticks: [0, 50, 100] });
  });

  it("keeps counts on whole numbers", () => {
    expect(chartScale([1], { integer: true })).toMatchObject({ max: 1, ticks: [0, 1] });
    expect(chartScale([3], { integer: true })).toMatchObject({ max: 3, ticks: [0, 1, 2, 3] });
    expect(chartScale([0.3])).toMatchObject({ max: 0.3, ticks: [0, 0.1, 0.2, 0.3] });
  });

  it("draws bars as a share of the axis; nothing for zero, negative or missing values", () => {
    const s = chartScale([0, 40, 80]);
    expect(s.max).toBe(80);
    expect([0, 40, 80, -5, Number.NaN].map(s.fraction)).toEqual([0, 0.5, 1, 0, 0]);
  });

  it("an empty or all-zero series still has an axis", () => {
    expect(chartScale([])).toMatchObject({ max: 1, ticks: [0, 1] });
    expect(chartScale([0, 0]).fraction(0)).toBe(0);
  });
});
