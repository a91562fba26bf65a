import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { collectionVerdict, RESPONSE_CODES, transactionOutcome } from "./codes";
import { configFromEnv } from "./config";
import { AIRTEL_MARKETS, countryForCurrency } from "./markets";
import {
  amountFromMessage,
  buildCollection,
  buildRefund,
  callbackSchema,
  collectionResponseSchema,
  enquiryResponseSchema,
  parseCallback,
  refundResponseSchema,
  toAirtelAmount,
  toMsisdn,
  tokenResponseSchema,
} from "./transform";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const json = (name: string) => JSON.parse(fixture(name)) as unknown;

describe("recorded payloads", () => {
  it("reads the token's string expires_in as seconds", () => {
    expect(tokenResponseSchema.parse(json("token.json"))).toEqual({
      access_token: "UC*******2w",
      expires_in: 180,
      token_type: "bearer",
    });
    expect(tokenResponseSchema.parse({ access_token: "t", expires_in: 180 }).expires_in).toBe(180);
    expect(() => tokenResponseSchema.parse({ access_token: "t", expires_in: "soon" })).toThrow();
  });

  it("builds the documented collection body, msisdn without the country code", () => {
    const body = buildCollection(
      {
        paymentId: "random-unique-id",
        orderReference: "Testing transaction",
        amount: { amountMinor: 1000, currency: "UGX" },
        country: "ug",
      },
      "12****89",
      1000,
    );
    expect(body).toEqual(json("collection-request.json"));
    expect(buildRefund("CI210603.1234.L06941")).toEqual(json("refund-request.json"));
  });

  it('reads the collection reply despite its `"id": false`', () => {
    expect(collectionResponseSchema.parse(json("collection-in-process.json")).status).toEqual({
      code: "200",
      message: "SUCCESS",
      result_code: "ESB000010",
      response_code: "DP00800001006",
      success: true,
    });
  });

  it("reads enquiries and refunds, codes as strings or numbers", () => {
    expect(enquiryResponseSchema.parse(json("enquiry-success.json")).data?.transaction).toMatchObject({
      status: "TS",
      airtel_money_id: "MP210603.1234.L06941",
    });
    expect(enquiryResponseSchema.parse(json("enquiry-in-progress.json")).data?.transaction?.airtel_money_id).toBeNull();
    expect(enquiryResponseSchema.parse(json("enquiry-not-found.json")).status).toMatchObject({
      success: false,
      response_code: "DP00800001025",
    });
    expect(
      enquiryResponseSchema.parse({
        data: { transaction: { id: 42, status: "TS" } },
        status: { code: 200, success: "true" },
      }),
    ).toMatchObject({
      data: { transaction: { id: "42" } },
      status: { code: "200", success: true },
    });
    expect(refundResponseSchema.parse(json("refund-success.json")).data?.transaction).toEqual({
      airtel_money_id: "CI210603.1234.L06941",
      status: "SUCCESS",
    });
    expect(refundResponseSchema.parse(json("refund-refused.json")).status.success).toBe(false);
  });

  it("turns the callback sample into a success claim with the amount from its message, but no receipt", () => {
    // The unauthenticated airtel_money_id only tells copies apart: the receipt comes from the enquiry.
    expect(parseCallback(fixture("callback-success.json"))).toEqual({
      type: "payment",
      dedupeKey: "airtel:BBZMiscxy:TS:MP210603.1234.L06941",
      gatewayReference: "BBZMiscxy",
      claimedStatus: "succeeded",
      claimedAmount: { amountMinor: 5000, currency: "UGX" },
    });
    // The authenticated variant claims the same; its hash is parsed but not what the claim rests on.
    expect(parseCallback(fixture("callback-success-hash.json"))).toEqual(
      parseCallback(fixture("callback-success.json")),
    );
    expect(callbackSchema.parse(json("callback-success-hash.json")).hash).toBe(
      "zITVAAGYSlzl1WkUQJn81kbpT5drH3koffT8jCkcJJA=",
    );
  });

  it("a TF callback claims a failure; anything else claims nothing final", () => {
    expect(parseCallback(fixture("callback-failed.json"))).toMatchObject({
      type: "payment",
      claimedStatus: "failed",
      dedupeKey: "airtel:BBZMiscxy:TF:MP210603.1240.L06977",
    });
    expect(parseCallback(fixture("callback-failed.json"))).not.toHaveProperty("receipt");
    expect(parseCallback(JSON.stringify({ transaction: { id: "x", status_code: "TIP" } }))).toMatchObject({
      claimedStatus: "pending",
    });
    expect(parseCallback("not json")).toEqual({ type: "ignored", reason: "body is not JSON" });
    expect(parseCallback(JSON.stringify({ transaction: { id: "", status_code: "TS" } }))).toMatchObject({
      type: "ignored",
    });
    expect(parseCallback(JSON.stringify({ data: {} }))).toMatchObject({ type: "ignored" });
  });
});

describe("edge conversions", () => {
  it("msisdn: the national number of the event's country, without country code or trunk 0", () => {
    expect(toMsisdn("+256701234567", "UG")).toBe("701234567");
    expect(toMsisdn("+255781234567", "TZ")).toBe("781234567");
    expect(toMsisdn("+2482512345", "SC")).toBe("2512345");
    expect(toMsisdn("+254731234567", "UG")).toBeNull();
    expect(toMsisdn("+25670123456", "UG")).toBeNull();
    expect(toMsisdn(undefined, "UG")).toBeNull();
    expect(toMsisdn("+256701234567", "TH")).toBeNull();
  });

  it("amounts: whole major units as numbers; cents are refused, not rounded", () => {
    expect(toAirtelAmount({ amountMinor: 50_000, currency: "UGX" })).toBe(50_000);
    expect(toAirtelAmount({ amountMinor: 30_000_00, currency: "TZS" })).toBe(30_000);
    expect(toAirtelAmount({ amountMinor: 2_500_50, currency: "KES" })).toBeNull();
    expect(toAirtelAmount({ amountMinor: 0, currency: "UGX" })).toBeNull();
  });

  it("reads the paid amount from Airtel's message", () => {
    expect(
      amountFromMessage("Paid UGX 5,000 to TECHNOLOGIES LIMITED Charge UGX 140, Trans ID MP210603.1234.L06941."),
    ).toEqual({ amountMinor: 5000, currency: "UGX" });
    expect(amountFromMessage("Paid KES 1,250.50 to X")).toEqual({ amountMinor: 125050, currency: "KES" });
    expect(amountFromMessage("Paid UGX 5,000.00 to X")).toEqual({ amountMinor: 5000, currency: "UGX" });
    expect(amountFromMessage("Transaction failed")).toBeUndefined();
    expect(amountFromMessage(null)).toBeUndefined();
  });

  it("every market's currency names one country, so an enquiry can set X-Country from the currency", () => {
    for (const [country, m] of Object.entries(AIRTEL_MARKETS)) expect(countryForCurrency(m.currency)).toBe(country);
    expect(countryForCurrency("ugx")).toBe("UG");
    expect(countryForCurrency("XAF")).toBeUndefined();
  });
});

describe("what Airtel would misread", () => {
  it("msisdn: tolerates spaces and dashes, refuses a trunk 0, extra digits or a number without +", () => {
    expect(toMsisdn("+256 701-234-567", "UG")).toBe("701234567");
    expect(toMsisdn("256701234567", "UG")).toBe("701234567");
    for (const phone of ["+2560701234567", "+2567012345678", "+256701234567x", "x+256701234567", ""])
      expect(toMsisdn(phone, "UG"), phone).toBeNull();
    expect(toMsisdn("+256701234567", "ug")).toBe("701234567");
  });

  it("amounts: refuses negative, fractional and unsafe minor amounts", () => {
    for (const amountMinor of [-100, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])
      expect(toAirtelAmount({ amountMinor, currency: "UGX" }), String(amountMinor)).toBeNull();
    expect(toAirtelAmount({ amountMinor: 100, currency: "KES" })).toBe(1);
  });

  it("reads only a whole 'Paid <currency> <amount>' phrase, and only amounts the currency can have", () => {
    for (const message of ["Unpaid UGX 5,000 to X", "Paid ugx 5,000 to X", "Paid UGX to X", "Paid UGX 5000.50 to X"])
      expect(amountFromMessage(message), message).not.toEqual({ amountMinor: 5000, currency: "UGX" });
    expect(amountFromMessage("Paid UGX 5000.50 to X")).toBeUndefined();
    expect(amountFromMessage("Paid  UGX  5000 to X")).toEqual({ amountMinor: 5000, currency: "UGX" });
    expect(amountFromMessage("Paid KES 1,250.5 to X")).toEqual({ amountMinor: 125050, currency: "KES" });
    expect(amountFromMessage("Paid KES 1,250 to X")).toEqual({ amountMinor: 125000, currency: "KES" });
  });

  it("builds the collection in upper-case country and currency, and a refund by Airtel's id", () => {
    expect(
      buildCollection(
        { paymentId: "p1", orderReference: "LG1", amount: { amountMinor: 500, currency: "ugx" }, country: "ug" },
        "701234567",
        500,
      ),
    ).toEqual({
      reference: "LG1",
      subscriber: { country: "UG", currency: "UGX", msisdn: "701234567" },
      transaction: { amount: 500, country: "UG", currency: "UGX", id: "p1" },
    });
    expect(buildRefund("MP1")).toEqual({ transaction: { airtel_money_id: "MP1" } });
  });
});

describe("codes", () => {
  it("TS succeeds, TF fails with the response code's reason, TA and TIP stay pending", () => {
    expect(transactionOutcome("TS", "DP00800001001")).toEqual({ status: "succeeded" });
    expect(transactionOutcome("TIP", "DP00800001006")).toEqual({ status: "pending" });
    expect(transactionOutcome("TA", "DP00800001000")).toEqual({ status: "pending" });
    expect(transactionOutcome(undefined)).toEqual({ status: "pending" });
    expect(transactionOutcome("TF")).toEqual({
      status: "failed",
      failure: { gatewayCode: "TF", message: expect.stringMatching(/did not complete/) },
    });
    expect(transactionOutcome("TF", "DP00800001999")).toMatchObject({
      status: "failed",
      failure: { gatewayCode: "DP00800001999" },
    });
  });

  it("gives every documented failure code a status and a buyer message", () => {
    const failures = Object.entries(RESPONSE_CODES).filter(
      ([, o]) => o.status !== "succeeded" && o.status !== "pending",
    );
    expect(failures.map(([c]) => c.slice(-3))).toEqual([
      "002",
      "003",
      "004",
      "005",
      "007",
      "008",
      "009",
      "010",
      "024",
      "025",
      "026",
      "029",
    ]);
    for (const [code, o] of failures) {
      const outcome = transactionOutcome("TF", code);
      expect(outcome).toEqual({ status: o.status, failure: { gatewayCode: code, message: o.message } });
      expect(outcome.failure!.message.length).toBeGreaterThan(20);
    }
    expect(transactionOutcome("TF", "DP00800001008").status).toBe("cancelled");
    expect(transactionOutcome("TF", "DP00800001024").status).toBe("expired");
    expect(transactionOutcome("TF", "DP00800001029").status).toBe("expired");
    expect(transactionOutcome("TF", "DP00800001007").failure?.message).toMatch(/balance/);
  });

  it("a refused collection fails the payment when the buyer can act on it, else is a gateway error", () => {
    expect(collectionVerdict({ success: true, responseCode: "DP00800001006", httpStatus: 200 })).toEqual({
      kind: "accepted",
    });
    expect(collectionVerdict({ success: false, responseCode: "DP00800001007", httpStatus: 200 })).toMatchObject({
      kind: "refused",
      failure: { gatewayCode: "DP00800001007" },
    });
    expect(collectionVerdict({ success: false, responseCode: "DP00800001026", httpStatus: 200 })).toMatchObject({
      kind: "error",
      error: { code: "auth_failed" },
    });
    expect(
      collectionVerdict({
        success: false,
        resultCode: "ESB000036",
        message: "Invalid MSISDN or MSISDN not found",
        httpStatus: 400,
      }),
    ).toMatchObject({
      kind: "refused",
      failure: { gatewayCode: "ESB000036", message: expect.stringMatching(/Airtel Money number/) },
    });
    expect(
      collectionVerdict({
        success: false,
        resultCode: "ESB000008",
        message: "Field validation failed",
        httpStatus: 400,
      }),
    ).toMatchObject({
      kind: "error",
      error: { code: "rejected", details: { gatewayCode: "ESB000008", buyerMessage: expect.any(String) } },
    });
  });
});

describe("configFromEnv", () => {
  it("points at the app's simulator in simulator mode", () => {
    expect(
      configFromEnv({ AIRTEL_CLIENT_ID: "ignored" }, { mode: "simulator", appUrl: "http://localhost:3000/" }),
    ).toEqual({
      baseUrl: "http://localhost:3000/sim/airtel",
      clientId: "simulator-client-id",
      clientSecret: "simulator-client-secret",
      promptMs: 60_000,
    });
  });

  it("is disabled in live mode without credentials, defaults to staging, and names a bad variable", () => {
    expect(configFromEnv({ AIRTEL_CLIENT_ID: "id" }, { mode: "live", appUrl: "https://x.example" })).toBeNull();
    expect(
      configFromEnv(
        { AIRTEL_CLIENT_ID: "id", AIRTEL_CLIENT_SECRET: "s" },
        { mode: "live", appUrl: "https://x.example" },
      ),
    ).toEqual({
      baseUrl: "https://openapiuat.airtel.africa",
      clientId: "id",
      clientSecret: "s",
      promptMs: 60_000,
    });
    expect(
      configFromEnv(
        { AIRTEL_CLIENT_ID: "id", AIRTEL_CLIENT_SECRET: "s", AIRTEL_BASE_URL: "https://openapi.airtel.africa/" },
        { mode: "live", appUrl: "https://x.example" },
      )?.baseUrl,
    ).toBe("https://openapi.airtel.africa");
    expect(() =>
      configFromEnv(
        { AIRTEL_CLIENT_ID: "id", AIRTEL_CLIENT_SECRET: "s", AIRTEL_BASE_URL: "nope" },
        { mode: "live", appUrl: "https://x.example" },
      ),
    ).toThrow(/baseUrl/);
  });
});
