import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { GatewayContext, NotificationRequest } from "../../types";
import {
  MTN_SANDBOX_BASE_URL,
  MTN_SIMULATOR_CREDENTIALS,
  mtnMomoConfigFromEnv,
  mtnMomoGateway,
  type MtnMomoConfig,
} from "./index";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const live = { mode: "live" as const, appUrl: "https://tickets.example.com" };
const creds = {
  MTN_MOMO_SUBSCRIPTION_KEY: "sub",
  MTN_MOMO_API_USER: "5f0c8a57-2d4e-4c3b-9b1a-0e6f7d8c9a0b",
  MTN_MOMO_API_KEY: "key",
};

describe("configFromEnv", () => {
  it("points at the app's simulator with its provisioned user in simulator mode, each order in its own country", () => {
    expect(
      mtnMomoConfigFromEnv({ MTN_MOMO_API_KEY: "ignored" }, { mode: "simulator", appUrl: "http://localhost:3000/" }),
    ).toEqual({
      baseUrl: "http://localhost:3000/sim/mtn-momo",
      ...MTN_SIMULATOR_CREDENTIALS,
      // The simulator closes prompts after SIM_PROMPT_TIMEOUT_MS (60 s unset), not MTN's 5 minutes.
      promptMs: 60_000,
    });
    expect(
      mtnMomoConfigFromEnv(
        { MTN_MOMO_TARGET_ENVIRONMENT: "sandbox" },
        { mode: "simulator", appUrl: "http://localhost:3000" },
      )?.targetEnvironment,
    ).toBe("sandbox");
  });

  it("is disabled in live mode until all three credentials are set, and defaults to MTN's sandbox", () => {
    expect(mtnMomoConfigFromEnv({ ...creds, MTN_MOMO_API_KEY: "" }, live)).toBeNull();
    expect(mtnMomoConfigFromEnv(creds, live)).toEqual({
      baseUrl: MTN_SANDBOX_BASE_URL,
      subscriptionKey: "sub",
      apiUser: creds.MTN_MOMO_API_USER,
      apiKey: "key",
      targetEnvironment: "sandbox",
      promptMs: 300_000,
    });
  });

  it("needs the country's base URL for a production environment and names bad variables without their values", () => {
    expect(() => mtnMomoConfigFromEnv({ ...creds, MTN_MOMO_TARGET_ENVIRONMENT: "mtnuganda" }, live)).toThrow(
      /MTN_MOMO_BASE_URL/,
    );
    expect(
      mtnMomoConfigFromEnv(
        { ...creds, MTN_MOMO_TARGET_ENVIRONMENT: "mtnuganda", MTN_MOMO_BASE_URL: "https://proxy.momoapi.mtn.co.ug/" },
        live,
      ),
    ).toMatchObject({ baseUrl: "https://proxy.momoapi.mtn.co.ug", targetEnvironment: "mtnuganda" });
    expect(() => mtnMomoConfigFromEnv({ ...creds, MTN_MOMO_API_USER: "not-a-uuid-secret" }, live)).toThrow(/apiUser/);
    expect(() => mtnMomoConfigFromEnv({ ...creds, MTN_MOMO_API_USER: "not-a-uuid-secret" }, live)).not.toThrow(
      /not-a-uuid-secret/,
    );
  });
});

describe("notifications", () => {
  const ctx = {} as GatewayContext<MtnMomoConfig>;
  const callback = (rawBody: string, method = "POST"): NotificationRequest => ({
    method,
    headers: new Headers({ "content-type": "application/json" }),
    rawBody,
    query: new URLSearchParams(),
  });

  it("takes the unsigned callback, by POST or PUT, as a claim to confirm with the status GET", () => {
    expect(mtnMomoGateway.verifyCallback(callback(""), ctx)).toEqual({ ok: true, anonymous: true });
    for (const method of ["POST", "PUT"]) {
      expect(mtnMomoGateway.parseCallback(callback(fixture("status-successful.json"), method))).toMatchObject({
        type: "payment",
        paymentId: "12345678",
      });
    }
    expect(mtnMomoGateway.parseCallback(callback("{}"))).toMatchObject({ type: "ignored" });
  });

  it("answers 200 to everything but a refusal", () => {
    for (const outcome of ["accepted", "duplicate", "ignored"] as const)
      expect(mtnMomoGateway.callbackAck(outcome, callback("")).status).toBe(200);
    expect(mtnMomoGateway.callbackAck("rejected", callback("")).status).toBe(403);
  });

  it("has no refund and no cancel: the Collections API offers neither", () => {
    expect(mtnMomoGateway.refund).toBeUndefined();
    expect(mtnMomoGateway.cancel).toBeUndefined();
  });
});
