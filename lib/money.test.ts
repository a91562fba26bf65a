import { expect, it } from "vitest";
import { formatMoney, fromMajorUnits, minorUnitDigits, toMajorUnits } from "./money";

it("knows each currency's minor unit", () => {
  expect(minorUnitDigits("KES")).toBe(2);
  expect(minorUnitDigits("UGX")).toBe(0);
  expect(toMajorUnits(250_000, "KES")).toBe(2500);
  expect(fromMajorUnits(2500.5, "KES")).toBe(250_050);
  expect(fromMajorUnits(5000, "UGX")).toBe(5000);
});

it("formats prices the way they are written in the region", () => {
  expect(formatMoney(250_000, "KES")).toBe("KES 2,500");
  expect(formatMoney(250_050, "KES")).toBe("KES 2,500.50");
  expect(formatMoney(3_000_000, "TZS")).toBe("TZS 30,000");
});
