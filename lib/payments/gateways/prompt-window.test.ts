import { describe, expect, it } from "vitest";
import { airtelConfigFromEnv, airtelGateway } from "./airtel";
import { darajaConfigFromEnv } from "./daraja";
import { mtnMomoConfigFromEnv } from "./mtn-momo";
import { promptExpiry, promptLifetimeMs } from "./prompt-window";

const sim = { mode: "simulator" as const, appUrl: "http://localhost:3000" };

describe("prompt lifetime", () => {
  it("is the simulator's SIM_PROMPT_TIMEOUT_MS in simulator mode, for every push gateway", () => {
    const env = { SIM_PROMPT_TIMEOUT_MS: "45000" };
    expect(darajaConfigFromEnv(env, sim)?.promptMs).toBe(45_000);
    expect(mtnMomoConfigFromEnv(env, sim)?.promptMs).toBe(45_000);
    expect(airtelConfigFromEnv(env, sim)?.promptMs).toBe(45_000);
    // Unset or nonsense: the simulator's own default, a minute.
    expect(darajaConfigFromEnv({ SIM_PROMPT_TIMEOUT_MS: "soon" }, sim)?.promptMs).toBe(60_000);
    expect(mtnMomoConfigFromEnv({}, sim)?.promptMs).toBe(60_000);
  });

  it("is the gateway's own window in live mode, whatever the simulator is set to", () => {
    expect(promptLifetimeMs({ SIM_PROMPT_TIMEOUT_MS: "5000" }, "live", 300_000)).toBe(300_000);
    const mtn = mtnMomoConfigFromEnv(
      {
        SIM_PROMPT_TIMEOUT_MS: "5000",
        MTN_MOMO_SUBSCRIPTION_KEY: "sub",
        MTN_MOMO_API_USER: "5f0c8a57-2d4e-4c3b-9b1a-0e6f7d8c9a0b",
        MTN_MOMO_API_KEY: "key",
      },
      { mode: "live", appUrl: "https://tickets.example.com" },
    );
    expect(mtn?.promptMs).toBe(5 * 60_000);
  });

  it("never runs past the order's hold", () => {
    const now = new Date("2026-06-03T09:00:00Z");
    expect(promptExpiry(now, 60_000, new Date("2026-06-03T09:10:00Z")).toISOString()).toBe("2026-06-03T09:01:00.000Z");
    expect(promptExpiry(now, 60_000, new Date("2026-06-03T09:00:20Z")).toISOString()).toBe("2026-06-03T09:00:20.000Z");
  });

  it("is what the adapter tells the buyer: nextAction.expiresAt is now plus the configured lifetime", async () => {
    const now = new Date("2026-06-03T09:00:00Z");
    const config = { ...airtelConfigFromEnv({ SIM_PROMPT_TIMEOUT_MS: "30000" }, sim)!, baseUrl: "http://127.0.0.1:9" };
    const token = JSON.stringify({ access_token: "t", expires_in: "180", token_type: "bearer" });
    const inProcess = JSON.stringify({
      data: { transaction: { id: "p1", status: "SUCCESS" } },
      status: {
        code: "200",
        message: "SUCCESS",
        result_code: "ESB000010",
        response_code: "DP00800001006",
        success: true,
      },
    });
    const fetch = (async (url: string | URL) =>
      new Response(String(url).includes("oauth2") ? token : inProcess, {
        status: 200,
        headers: { "content-type": "application/json" },
      })) as typeof globalThis.fetch;
    const started = await airtelGateway.initiate(
      {
        paymentId: "p1",
        orderReference: "LGKMP23456",
        amount: { amountMinor: 100_000, currency: "UGX" },
        description: "Order",
        customer: { name: "A", email: "a@example.com", phoneE164: "+256701234567" },
        country: "UG",
        serviceDate: new Date("2026-07-01T12:00:00Z"),
        expiresAt: new Date("2026-06-03T09:15:00Z"),
        returnUrl: "http://localhost:3000/pay/return/airtel",
        callbackUrl: "http://localhost:3000/api/callbacks/airtel",
      },
      { config, fetch, now: () => now, recordCall: () => {} },
    );
    expect(started.nextAction).toMatchObject({ type: "await_customer", expiresAt: "2026-06-03T09:00:30.000Z" });
  });
});
