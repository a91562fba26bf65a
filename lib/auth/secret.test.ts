import { describe, expect, it, vi } from "vitest";
import { authSecret } from "./secret";

describe("AUTH_SECRET", () => {
  it("is used when set", () => {
    expect(authSecret({ AUTH_SECRET: "s".repeat(32), PAYMENTS_MODE: "live" })).toBe("s".repeat(32));
  });

  it("falls back to a fixed development secret in simulator mode, with one warning", () => {
    const warn = vi.fn();
    const a = authSecret({ PAYMENTS_MODE: "simulator" }, warn);
    const b = authSecret({}, warn);
    expect(a).toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(warn.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it("refuses live mode without it", () => {
    expect(() => authSecret({ PAYMENTS_MODE: "live" })).toThrow(/AUTH_SECRET is not set/);
    expect(() => authSecret({ PAYMENTS_MODE: "live", AUTH_SECRET: " " })).toThrow(/AUTH_SECRET/);
  });
});
