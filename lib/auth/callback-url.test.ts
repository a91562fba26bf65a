import { describe, expect, it } from "vitest";
import { safeCallback } from "./callback-url";

describe("safeCallback", () => {
  it("keeps paths on this site, with their query", () => {
    expect(safeCallback("/admin/orders?status=paid")).toBe("/admin/orders?status=paid");
    expect(safeCallback("/exhibit/portal", "/x")).toBe("/exhibit/portal");
    expect(safeCallback("http://lango.invalid/admin")).toBe("/admin");
  });

  it("falls back for a missing value or another site", () => {
    expect(safeCallback(undefined)).toBe("/");
    expect(safeCallback("", "/portal")).toBe("/portal");
    expect(safeCallback("https://evil.com/admin")).toBe("/");
    expect(safeCallback("//evil.com")).toBe("/");
    expect(safeCallback("/\\evil.com")).toBe("/");
    expect(safeCallback("javascript:alert(1)")).toBe("/");
  });

  it.each([
    "/.//evil.com",
    "/%2e//evil.com",
    "/a/..//evil.com",
    "http://lango.invalid//evil.com",
    "/./\\evil.com",
    "/a/../\\evil.com",
  ])("refuses %s, which normalises to a protocol-relative URL", (input) => {
    expect(safeCallback(input, "/fallback")).toBe("/fallback");
  });
});
