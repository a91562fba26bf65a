import { expect, it } from "vitest";
import { formatMoney, fromMajorUnits, majorUnitsInput, minorUnitDigits, parseMajorUnits, toMajorUnits } from "./money";

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

it("reads amounts typed into the admin's forms the way people write them", () => {
  expect(parseMajorUnits("1,500,000", "KES")).toBe(150_000_000);
  expect(parseMajorUnits("  2,500 ", "KES")).toBe(250_000);
  expect(parseMajorUnits("2500.", "KES")).toBe(250_000);
  expect(parseMajorUnits("25,000", "UGX")).toBe(25_000);
  // Anything around the number is a typo, not an amount to guess at.
  for (const typo of ["KES 2500", "2500 KES", "-2500", "2500x", "2 500", "1,5000", "1,500,00", ""])
    expect(parseMajorUnits(typo, "KES")).toBeNull();
});

it("fills an amount field with what the admin would type back", () => {
  expect(majorUnitsInput(250_000, "KES")).toBe("2500");
  expect(majorUnitsInput(250_050, "KES")).toBe("2500.50");
  expect(majorUnitsInput(250_005, "KES")).toBe("2500.05");
  expect(majorUnitsInput(25_000, "UGX")).toBe("25000");
  for (const amount of [0, 7, 250_005, 1_000_000_099])
    expect(parseMajorUnits(majorUnitsInput(amount, "KES"), "KES")).toBe(amount);
});

it("issue 18: money in Kiswahili keeps the currency code and the region's digits", () => {
  expect(formatMoney(250_000, "KES", "sw")).toBe("KES 2,500");
  expect(formatMoney(250_050, "KES", "sw")).toBe("KES 2,500.50");
  expect(formatMoney(3_000_000, "TZS", "sw")).toBe("TZS 30,000");
  expect(formatMoney(50_000, "UGX", "sw")).toBe("UGX 50,000");
  expect(formatMoney(250_000, "KES", "en")).toBe(formatMoney(250_000, "KES"));
});
