import { describe, expect, it } from "vitest";
import type { GatewayContext, NotificationRequest } from "../../types";
import { KSHER_PUBLIC_KEY, ksherConfigFromEnv, ksherGateway, type KsherConfig } from "./index";
import { resigned, throwawayPair } from "./keys.testkit";

const note = (rawBody: string): NotificationRequest => ({
  method: "POST",
  headers: new Headers({ "content-type": "text/plain;charset=utf-8" }),
  rawBody,
  query: new URLSearchParams(),
});
const live = { mode: "live" as const, appUrl: "https://x.example" };

describe("configFromEnv", () => {
  it("uses the simulated sandbox account with keys made in memory in simulator mode", () => {
    const config = ksherConfigFromEnv(
      { KSHER_APPID: "mch1" },
      { mode: "simulator", appUrl: "http://localhost:3000/" },
    )!;
    expect(config).toMatchObject({
      appid: "mch35000",
      gatewayUrl: "http://localhost:3000/sim/ksher/api",
      payUrl: "http://localhost:3000/sim/ksher/KsherPay",
    });
    expect(config.privateKey).toMatch(/BEGIN RSA PRIVATE KEY/);
    expect(config.ksherPublicKey).not.toBe(KSHER_PUBLIC_KEY);
  });

  it("is disabled in live mode without credentials, uses Ksher's hosts and published key, reads one-line PEMs", () => {
    const { privateKey } = throwawayPair();
    expect(ksherConfigFromEnv({ KSHER_APPID: "mch35000" }, live)).toBeNull();
    const config = ksherConfigFromEnv(
      { KSHER_APPID: "mch35000", KSHER_PRIVATE_KEY: privateKey.trim().replace(/\n/g, "\\n") },
      live,
    );
    expect(config).toEqual({
      appid: "mch35000",
      privateKey: privateKey,
      ksherPublicKey: KSHER_PUBLIC_KEY,
      gatewayUrl: "https://gateway.ksher.com/api",
      payUrl: "https://api.mch.ksher.net/KsherPay",
    });
    expect(() => ksherConfigFromEnv({ KSHER_APPID: "mch35000", KSHER_PRIVATE_KEY: "not a key" }, live)).toThrow(
      /privateKey: must be an RSA private key/,
    );
    expect(() => ksherConfigFromEnv({ KSHER_APPID: "35000", KSHER_PRIVATE_KEY: privateKey }, live)).toThrow(/appid/);
    expect(() => ksherConfigFromEnv({ KSHER_APPID: "mch35000", KSHER_PRIVATE_KEY: privateKey }, live)).not.toThrow(
      /not a key/,
    );
  });
});

describe("notifications", () => {
  const ksher = throwawayPair();
  const ctx = { config: { ksherPublicKey: ksher.publicKey } } as GatewayContext<KsherConfig>;

  it("is signed: verifies Ksher's signature and refuses anything else", () => {
    expect(ksherGateway.verifyCallback(note(resigned("mch-notify-success.json", ksher.privateKey)), ctx)).toEqual({
      ok: true,
    });
    expect(
      ksherGateway.verifyCallback(note(resigned("mch-notify-success.json", throwawayPair().privateKey)), ctx).ok,
    ).toBe(false);
  });

  it("answers exactly the body Ksher expects, so it stops resending, and FAIL to a refused one", () => {
    for (const outcome of ["accepted", "duplicate", "ignored"] as const) {
      expect(ksherGateway.callbackAck(outcome, note(""))).toEqual({
        status: 200,
        contentType: "application/json; charset=utf-8",
        body: '{"result":"SUCCESS","msg":"OK"}',
      });
    }
    expect(ksherGateway.callbackAck("rejected", note(""))).toMatchObject({
      status: 403,
      body: expect.stringContaining('"result":"FAIL"'),
    });
  });

  it("supports baht in Thailand", () => {
    expect(ksherGateway.supports({ currency: "THB", country: "TH" })).toBe(true);
    expect(ksherGateway.supports({ currency: "KES", country: "KE" })).toBe(false);
  });
});
