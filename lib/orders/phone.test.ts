import { describe, expect, it } from "vitest";
import { normalizePhone } from "./phone";

describe("normalizePhone", () => {
  it.each([
    ["0712 345 678", "KE", "+254712345678"],
    ["0712-345-678", "KE", "+254712345678"],
    ["+254 712 345 678", "KE", "+254712345678"],
    ["254712345678", "KE", "+254712345678"],
    ["0110 123 456", "KE", "+254110123456"],
    ["0754 123 456", "TZ", "+255754123456"],
    ["+256 772 123 456", "KE", "+256772123456"],
  ])("%s in %s → %s", (input, country, expected) => {
    expect(normalizePhone(input, country)).toBe(expected);
  });

  it.each([["12345"], ["0712"], ["hello"], [""], ["+999 123"]])("refuses %j", (input) => {
    expect(normalizePhone(input, "KE")).toBeNull();
  });
});
