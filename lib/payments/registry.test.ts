import { describe, expect, it } from "vitest";
import { enabledGateways, paymentsEnv, resolveGateway } from "./registry";

const sim = paymentsEnv({ PAYMENTS_MODE: "simulator", APP_URL: "http://localhost:3000" });

describe("gateway registry", () => {
  it("offers the gateways that take the event's currency in its country", () => {
    const offered = (currency: string, country: string) => enabledGateways({ currency, country }, sim).map((g) => g.id);
    expect([...offered("KES", "KE")].sort()).toEqual(["airtel", "cash", "daraja", "dpo", "flutterwave"]);
    expect(offered("KES", "KE")).not.toContain("mtn-momo");
    expect(offered("UGX", "UG")).toEqual(expect.arrayContaining(["mtn-momo", "airtel", "flutterwave", "cash"]));
    expect(offered("UGX", "UG")).not.toContain("daraja");
    expect(offered("THB", "TH")).toEqual(expect.arrayContaining(["ksher", "cash"]));
    expect([...offered("THB", "TH")].sort()).toEqual(["cash", "ksher"]);
    // M-Pesa is Kenyan shillings in Kenya only, however the currency is spelled elsewhere.
    expect(offered("TZS", "TZ")).not.toContain("daraja");
    expect(
      enabledGateways({ currency: "TZS", country: "TZ" }, sim)
        .find((g) => g.id === "dpo")!
        .methods.map((m) => m.id),
    ).toEqual(["card", "mpesa", "tigo", "airtel"]);
  });

  it("lists the country's usual way to pay first, so the order page preselects it", () => {
    const first = (currency: string, country: string) => enabledGateways({ currency, country }, sim)[0]?.id;
    expect(first("KES", "KE")).toBe("daraja");
    expect(first("UGX", "UG")).toBe("mtn-momo");
    expect(first("TZS", "TZ")).toBe("dpo");
    expect(first("THB", "TH")).toBe("ksher");
    // The rest keep the registry's order.
    expect(enabledGateways({ currency: "UGX", country: "UG" }, sim).map((g) => g.id)).toEqual([
      "mtn-momo",
      "dpo",
      "airtel",
      "cash",
      "flutterwave",
    ]);
  });

  it("says what Ksher takes in Thai words, not 'card or mobile money'", () => {
    const ksher = enabledGateways({ currency: "THB", country: "TH" }, sim).find((g) => g.id === "ksher");
    expect(ksher?.paysWith).toMatch(/PromptPay/);
  });

  it("in live mode enables a gateway only when its credentials are set", () => {
    const bare = paymentsEnv({ PAYMENTS_MODE: "live", APP_URL: "https://tickets.example.com" });
    expect(enabledGateways({ currency: "KES", country: "KE" }, bare)).toEqual([]);
    const dpoOnly = paymentsEnv({
      PAYMENTS_MODE: "live",
      APP_URL: "https://tickets.example.com",
      DPO_COMPANY_TOKEN: "8D3DA73D-9D7F-4E09-96D4-3D44E7A83EA3",
      DPO_SERVICE_TYPE: "5525",
    });
    expect(enabledGateways({ currency: "KES", country: "KE" }, dpoOnly).map((g) => g.id)).toEqual(["dpo"]);
  });

  it("refuses a gateway that is unknown or cannot take the currency, naming what is available", () => {
    expect(() => resolveGateway("daraja", { currency: "TZS", country: "TZ" }, sim)).toThrow(
      /not available.*Available: .*dpo/,
    );
    expect(() => resolveGateway("paypal", { currency: "KES", country: "KE" }, sim)).toThrow(/not available/);
  });
});
