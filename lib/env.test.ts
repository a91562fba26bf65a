import { describe, expect, it } from "vitest";
import { readEnv } from "./env";

describe("readEnv", () => {
  it("sees a changed variable at the next read, and answers unchanged ones without parsing again", () => {
    const env: Record<string, string | undefined> = { ORDER_RATE_LIMIT_PER_IP: "30" };
    const first = readEnv(env);
    expect(first.ORDER_RATE_LIMIT_PER_IP).toBe(30);
    expect(readEnv({ ...env })).toBe(first);
    env.ORDER_RATE_LIMIT_PER_IP = "5";
    expect(readEnv(env).ORDER_RATE_LIMIT_PER_IP).toBe(5);
    expect(readEnv({}).ORDER_RATE_LIMIT_PER_IP).not.toBe(5);
  });

  it("refuses a malformed variable every time it is read, naming it", () => {
    const bad = { PAYMENTS_MODE: "production" };
    expect(() => readEnv(bad)).toThrow(/PAYMENTS_MODE/);
    expect(() => readEnv(bad)).toThrow(/PAYMENTS_MODE/);
    expect(readEnv({ PAYMENTS_MODE: "live" }).PAYMENTS_MODE).toBe("live");
  });
});
