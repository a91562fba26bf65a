import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { GatewayContext, NotificationRequest } from "../../types";
import { DPO_SANDBOX, dpoConfigFromEnv, dpoGateway, type DpoConfig } from "./index";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const push = (rawBody: string): NotificationRequest => ({
  method: "POST",
  headers: new Headers({ "content-type": "application/xml" }),
  rawBody,
  query: new URLSearchParams(),
});

describe("configFromEnv", () => {
  it("uses the app's simulator and DPO's sandbox token in simulator mode", () => {
    expect(
      dpoConfigFromEnv({ DPO_COMPANY_TOKEN: "ignored" }, { mode: "simulator", appUrl: "http://localhost:3000" }),
    ).toEqual({
      apiUrl: "http://localhost:3000/sim/dpo/API/v6/",
      paymentPageUrl: "http://localhost:3000/sim/dpo/payv2.php",
      companyToken: DPO_SANDBOX.companyToken,
      serviceType: "3854",
    });
  });

  it("is disabled in live mode without credentials and defaults to production URLs", () => {
    expect(dpoConfigFromEnv({ DPO_COMPANY_TOKEN: "T" }, { mode: "live", appUrl: "https://x.example" })).toBeNull();
    expect(
      dpoConfigFromEnv(
        { DPO_COMPANY_TOKEN: "T", DPO_SERVICE_TYPE: "5525" },
        { mode: "live", appUrl: "https://x.example" },
      ),
    ).toEqual({
      apiUrl: "https://secure.3gdirectpay.com/API/v6/",
      paymentPageUrl: "https://secure.3gdirectpay.com/payv2.php",
      companyToken: "T",
      serviceType: "5525",
    });
    const sandbox = dpoConfigFromEnv(
      { DPO_COMPANY_TOKEN: "T", DPO_SERVICE_TYPE: "1", DPO_API_URL: "https://secure1.sandbox.directpay.online/API/v6" },
      { mode: "live", appUrl: "https://x.example" },
    );
    expect(sandbox?.apiUrl).toBe("https://secure1.sandbox.directpay.online/API/v6/");
    expect(() =>
      dpoConfigFromEnv(
        { DPO_COMPANY_TOKEN: "T", DPO_SERVICE_TYPE: "test" },
        { mode: "live", appUrl: "https://x.example" },
      ),
    ).toThrow(/serviceType/);
  });
});

describe("notifications", () => {
  const ctx = {} as GatewayContext<DpoConfig>;

  it("accepts the unsigned push for a verifyToken and answers OK", () => {
    expect(dpoGateway.verifyCallback(push(""), ctx)).toEqual({ ok: true, anonymous: true });
    expect(dpoGateway.parseCallback(push(fixture("push-paid.xml")))).toMatchObject({
      type: "payment",
      claimedStatus: "succeeded",
    });
    expect(dpoGateway.parseCallback(push("{}"))).toMatchObject({ type: "ignored" });
    for (const outcome of ["accepted", "duplicate", "ignored"] as const) {
      expect(dpoGateway.callbackAck(outcome, push(""))).toEqual({
        status: 200,
        contentType: "text/plain; charset=utf-8",
        body: "OK",
      });
    }
  });

  it("reads the return's token and CompanyRef only", () => {
    expect(dpoGateway.parseReturn!(new URLSearchParams("TransactionToken=ABC-1&CompanyRef=pay_1&TransID=9"))).toEqual({
      paymentId: "pay_1",
      gatewayReference: "ABC-1",
    });
  });

  it("supports the DPO markets", () => {
    expect(dpoGateway.supports({ currency: "TZS", country: "TZ" })).toBe(true);
    expect(dpoGateway.supports({ currency: "UGX", country: "ug" })).toBe(true);
    expect(dpoGateway.supports({ currency: "EUR", country: "TZ" })).toBe(false);
  });
});
