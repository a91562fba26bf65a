import { readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { GatewayError, type InitiateInput } from "../../types";
import { DPO_SANDBOX } from "./config";
import { createTokenVerdict, verifyVerdict } from "./codes";
import { dpoSupports } from "./markets";
import {
  backUrl,
  buildCreateToken,
  buildRefundToken,
  buildTokenRequest,
  fromDecimal,
  parsePush,
  parseReturn,
  ptlMinutes,
  serviceDate,
  splitName,
  toDecimal,
} from "./transform";
import { buildApi3g, parseApi3g } from "./xml";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const readBack = (xml: string) => new XMLParser({ parseTagValue: false }).parse(xml).API3G;

const config = { companyToken: DPO_SANDBOX.companyToken, serviceType: DPO_SANDBOX.serviceType };
const now = new Date("2024-07-10T09:00:00Z");
const input: InitiateInput = {
  paymentId: "pay_01J9Z3Q8R2XK",
  orderReference: "LNG-ABC123",
  amount: { amountMinor: 5_000_050, currency: "TZS" },
  description: "2 tickets, Dar Expo <VIP> & friends",
  customer: { name: "Tom & Jerry <Ltd>", email: "a&b@example.com", phoneE164: "+255712345678" },
  method: "tigo",
  country: "TZ",
  serviceDate: new Date("2024-08-01T15:30:00Z"),
  expiresAt: new Date("2024-07-10T09:15:30Z"),
  returnUrl: "https://lango.example/pay/return/dpo?payment=pay_01J9Z3Q8R2XK",
  callbackUrl: "https://lango.example/api/callbacks/dpo",
};

describe("amounts", () => {
  it("writes decimals with the currency's digits and no float error", () => {
    expect(toDecimal({ amountMinor: 5_000_050, currency: "TZS" })).toBe("50000.50");
    expect(toDecimal({ amountMinor: 100, currency: "KES" })).toBe("1.00");
    expect(toDecimal({ amountMinor: 7, currency: "USD" })).toBe("0.07");
    expect(toDecimal({ amountMinor: 5000, currency: "UGX" })).toBe("5000");
    expect(toDecimal({ amountMinor: 12_340, currency: "KWD" })).toBe("12.34"); // 3-digit currency, 2 decimals sent
    expect(() => toDecimal({ amountMinor: 12_345, currency: "KWD" })).toThrow(GatewayError);
    expect(() => toDecimal({ amountMinor: -1, currency: "KES" })).toThrow(GatewayError);
  });

  it("reads DPO decimals back into minor units", () => {
    expect(fromDecimal("1.00", "KES")).toEqual({ amountMinor: 100, currency: "KES" });
    expect(fromDecimal("1,500.50", "TZS")).toEqual({ amountMinor: 150_050, currency: "TZS" });
    expect(fromDecimal("5000", "UGX")).toEqual({ amountMinor: 5000, currency: "UGX" });
    expect(fromDecimal("abc", "KES")).toBeUndefined();
    expect(fromDecimal("1.00", undefined)).toBeUndefined();
  });
});

describe("createToken", () => {
  // Built inside each test, not while the suite is collected: a build that throws must fail a test, and a
  // mutation-testing run (issue 19) counts a file that fails to load as no failure at all.
  const built = () => {
    const xml = buildApi3g(buildCreateToken(config, input, now));
    return { xml, sent: readBack(xml) };
  };

  it("escapes &, < and > in names and descriptions instead of breaking the XML", () => {
    const { xml, sent } = built();
    expect(xml).toContain("<customerFirstName>Tom</customerFirstName>");
    expect(xml).toContain("<customerLastName>&amp; Jerry &lt;Ltd&gt;</customerLastName>");
    expect(xml).toContain("Dar Expo &lt;VIP&gt; &amp; friends");
    expect(xml).not.toMatch(/<VIP>|<Ltd>/);
    expect(sent.Transaction.customerLastName).toBe("& Jerry <Ltd>");
    expect(sent.Services.Service.ServiceDescription).toBe("2 tickets, Dar Expo <VIP> & friends");
    expect(sent.Transaction.customerEmail).toBe("a&b@example.com");
  });

  it("carries the documented transaction fields", () => {
    const { xml, sent } = built();
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?><API3G><CompanyToken>')).toBe(true);
    expect(sent.Request).toBe("createToken");
    expect(sent.Transaction).toMatchObject({
      PaymentAmount: "50000.50",
      PaymentCurrency: "TZS",
      CompanyRef: "pay_01J9Z3Q8R2XK",
      RedirectURL: input.returnUrl,
      BackURL: "https://lango.example/pay/return/dpo?payment=pay_01J9Z3Q8R2XK&back=1",
      CompanyRefUnique: "1",
      PTL: "15",
      PTLtype: "minutes",
      customerPhone: "712345678",
      customerDialCode: "TZ",
      customerCountry: "TZ",
      DefaultPayment: "MO",
      DefaultPaymentCountry: "tanzania",
      DefaultPaymentMNO: "tigo",
    });
    expect(sent.Services.Service).toEqual({
      ServiceType: "3854",
      ServiceDescription: "2 tickets, Dar Expo <VIP> & friends",
      ServiceDate: "2024/08/01 18:30", // Africa/Dar_es_Salaam is UTC+3
    });
  });

  it.each([
    ["TZ", "mpesa", "tanzania", "mpesa"],
    ["TZ", "airtel", "tanzania", "airtel"],
    ["TZ", "mixx", "tanzania", "tigo"],
    ["KE", "mpesa", "kenya", "mpesa"],
    ["KE", "airtel", "kenya", "airtel"],
  ])("preselects mobile money in %s for %s", (country, method, name, mno) => {
    const t = readBack(buildApi3g(buildCreateToken(config, { ...input, country, method }, now))).Transaction;
    expect(t).toMatchObject({ DefaultPayment: "MO", DefaultPaymentCountry: name, DefaultPaymentMNO: mno });
  });

  it("leaves the choice to DPO's page when no method or no known operator code", () => {
    for (const variant of [
      { method: undefined },
      { method: "tigo", country: "KE" },
      { method: "airtel", country: "UG" },
    ]) {
      const t = readBack(buildApi3g(buildCreateToken(config, { ...input, ...variant }, now))).Transaction;
      expect(t.DefaultPayment).toBeUndefined();
      expect(t.DefaultPaymentMNO).toBeUndefined();
    }
    const card = readBack(buildApi3g(buildCreateToken(config, { ...input, method: "card" }, now))).Transaction;
    expect(card.DefaultPayment).toBe("CC");
  });

  it("omits phone fields without a phone and single names have no last name", () => {
    const t = readBack(
      buildApi3g(buildCreateToken(config, { ...input, customer: { name: "Madonna", email: "m@example.com" } }, now)),
    ).Transaction;
    expect(t.customerPhone).toBeUndefined();
    expect(t.customerDialCode).toBeUndefined();
    expect(t.customerLastName).toBeUndefined();
    expect(t.customerCountry).toBe("TZ");
  });

  it("helpers: PTL at least one minute, names, dates, back URL", () => {
    expect(ptlMinutes(new Date(now.getTime() + 10_000), now)).toBe(1);
    expect(ptlMinutes(new Date(now.getTime() - 60_000), now)).toBe(1);
    expect(splitName("  Amina   Njeri Otieno ")).toEqual({ first: "Amina", last: "Njeri Otieno" });
    expect(serviceDate(new Date("2024-12-31T22:05:00Z"), "Africa/Nairobi")).toBe("2025/01/01 01:05");
    expect(backUrl("https://lango.example/pay/return/dpo")).toBe("https://lango.example/pay/return/dpo?back=1");
  });

  it("builds refundToken with decimals and our refund id", () => {
    const r = readBack(
      buildApi3g(
        buildRefundToken(config, {
          transactionToken: "T1",
          amount: { amountMinor: 2_500_000, currency: "TZS" },
          details: "Event <cancelled> & refunded",
          refundRef: "rf_1",
        }),
      ),
    );
    expect(r).toMatchObject({
      Request: "refundToken",
      TransactionToken: "T1",
      refundAmount: "25000.00",
      refundDetails: "Event <cancelled> & refunded",
      refundRef: "rf_1",
    });
  });
});

describe("parsing replies", () => {
  it("keeps codes as strings", () => {
    expect(parseApi3g(fixture("create-token-ok.xml"))).toMatchObject({
      Result: "000",
      TransToken: "72983CAC-…",
      TransRef: "1285DB12G",
    });
    expect(parseApi3g(fixture("verify-token-paid.xml"))).toMatchObject({
      Result: "000",
      FraudAlert: "001",
      TransactionAmount: "1.00",
    });
  });

  it.each([
    ["not xml", "Internal error"],
    ["json", '{"Result":"000"}'],
    ["html", "<html><body>502</body></html>"],
    ["truncated", "<API3G><Result>000</Result>"],
    ["dtd", '<!DOCTYPE x [<!ENTITY a "000">]><API3G><Result>&a;</Result></API3G>'],
    ["no code", "<API3G><ResultExplanation>x</ResultExplanation></API3G>"],
  ])("refuses %s", (_name, body) => {
    expect(() => parseApi3g(body)).toThrow();
  });
});

describe("codes", () => {
  it.each(["801", "802", "803", "804", "902", "904", "906", "922", "923", "930", "940", "950", "960", "123"])(
    "createToken %s is an error",
    (code) => {
      const v = createTokenVerdict(code, "x");
      expect(v.kind).toBe("error");
      if (v.kind === "error") {
        expect(v.error.code).toBe(code === "801" || code === "802" ? "auth_failed" : "rejected");
        expect(v.error.details).toMatchObject({ gatewayCode: code, buyerMessage: expect.any(String) });
      }
    },
  );

  it("createToken 905 fails the payment and 000 is fine", () => {
    expect(createTokenVerdict("905")).toMatchObject({ kind: "failed", failure: { gatewayCode: "905" } });
    expect(createTokenVerdict("000")).toEqual({ kind: "ok" });
  });

  it.each([
    ["000", "succeeded"],
    ["001", "pending"],
    ["003", "pending"],
    ["005", "pending"],
    ["007", "pending"],
    ["900", "pending"],
    ["901", "failed"],
    ["002", "failed"],
    ["903", "expired"],
    ["904", "cancelled"],
    ["999", "pending"], // unknown: never fail a payment on a code we do not know
  ])("verifyToken %s → %s", (code, status) => {
    expect(verifyVerdict(code)).toMatchObject({ kind: "status", status });
  });

  it.each(["801", "802", "803", "804", "902", "950"])("verifyToken %s is an error", (code) => {
    expect(verifyVerdict(code).kind).toBe("error");
  });

  it("uses the documented buyer wording", () => {
    expect(verifyVerdict("901")).toMatchObject({
      failure: { gatewayCode: "901", message: expect.stringMatching(/^Your payment was declined/) },
    });
    expect(verifyVerdict("002")).toMatchObject({
      failure: { gatewayCode: "002", message: expect.stringMatching(/^The amount paid did not match/) },
    });
  });

  it("supports each market's currency and USD only", () => {
    expect(dpoSupports("TZS", "TZ")).toBe(true);
    expect(dpoSupports("USD", "KE")).toBe(true);
    expect(dpoSupports("KES", "TZ")).toBe(false);
    expect(dpoSupports("THB", "TH")).toBe(false);
  });
});

describe("push and return", () => {
  it("turns a push into a claim keyed by token and result", () => {
    expect(parsePush(fixture("push-paid.xml"))).toEqual({
      type: "payment",
      dedupeKey: "dpo:push:72983CAC-5DB1-4C7F-BD88-352066B71592:000",
      gatewayReference: "72983CAC-5DB1-4C7F-BD88-352066B71592",
      paymentId: "pay_01J9Z3Q8R2XK",
      claimedStatus: "succeeded",
      claimedAmount: { amountMinor: 5_000_000, currency: "TZS" },
      receipt: "RHP2ZIGD5U",
    });
    expect(parsePush(fixture("push-declined.xml"))).toMatchObject({
      claimedStatus: "failed",
      dedupeKey: expect.stringMatching(/:901$/),
    });
  });

  it.each([
    ["json", '{"a":1}'],
    ["empty", ""],
    ["no token", "<API3G><Result>000</Result></API3G>"],
    ["garbage", "<API3G><Result>"],
  ])("ignores a malformed push (%s)", (_n, body) => {
    expect(parsePush(body)).toMatchObject({ type: "ignored" });
  });

  it("reads only TransactionToken and CompanyRef from the return", () => {
    const q = new URLSearchParams(
      "payment=pay_x&TransID=1&CCDapproval=0&PnrID=1&TransactionToken=72983CAC-5DB1&CompanyRef=pay_01J9Z3Q8R2XK&status=paid",
    );
    expect(parseReturn(q)).toEqual({ paymentId: "pay_01J9Z3Q8R2XK", gatewayReference: "72983CAC-5DB1" });
    expect(parseReturn(new URLSearchParams("TransactionToken=<script>"))).toEqual({});
  });
});

describe("what a push or a return may claim", () => {
  it("takes only a plain non-negative amount in a real currency code into the paid amount", () => {
    expect(fromDecimal(" 1,500.00 ", "KES")).toEqual({ amountMinor: 150_000, currency: "KES" });
    expect(fromDecimal("0.07", "USD")).toEqual({ amountMinor: 7, currency: "USD" });
    for (const value of ["-1.00", "1.00x", "x1.00", "1.", ".50", "1.0.0", "", "1e3", "Infinity"])
      expect(fromDecimal(value, "KES"), value).toBeUndefined();
    for (const currency of ["kes", "KESX", "XKES", "KE", ""])
      expect(fromDecimal("1.00", currency), currency).toBeUndefined();
  });

  it("says why a declined push failed, and keeps a push without an amount or receipt free of them", () => {
    expect(parsePush(fixture("push-declined.xml"))).toEqual({
      type: "payment",
      dedupeKey: "dpo:push:72983CAC-5DB1-4C7F-BD88-352066B71592:901",
      gatewayReference: "72983CAC-5DB1-4C7F-BD88-352066B71592",
      paymentId: "pay_01J9Z3Q8R2XK",
      claimedStatus: "failed",
      failure: { gatewayCode: "901", message: expect.stringMatching(/^Your payment was declined/) },
    });
    expect(parsePush("<API3G><Result>001</Result><TransactionToken>T9</TransactionToken></API3G>")).toEqual({
      type: "payment",
      dedupeKey: "dpo:push:T9:001",
      gatewayReference: "T9",
      claimedStatus: "pending",
    });
  });

  it("reads the return's token and reference only when each is a single plain word of at most 200 characters", () => {
    const ret = (q: Record<string, string>) => parseReturn(new URLSearchParams(q));
    expect(ret({ TransactionToken: " T1 ", CompanyRef: "pay_1" })).toEqual({
      gatewayReference: "T1",
      paymentId: "pay_1",
    });
    expect(ret({ TransactionToken: "x".repeat(200) })).toEqual({ gatewayReference: "x".repeat(200) });
    for (const bad of ["x".repeat(201), "T1 T2", "T1<", ">T1", 'T"1', "T'1", "", "  "]) {
      expect(ret({ TransactionToken: bad, CompanyRef: bad }), bad).toEqual({});
    }
    expect(ret({ CompanyRef: "pay_1" })).toEqual({ paymentId: "pay_1" });
  });
});

describe("request fields DPO would take at face value", () => {
  it("refuses amounts it cannot send, naming DPO and the currency", () => {
    expect(() => toDecimal({ amountMinor: -1, currency: "KES" })).toThrow(
      expect.objectContaining({ gateway: "dpo", code: "rejected", message: "Invalid amount -1" }),
    );
    expect(() => toDecimal({ amountMinor: 1.5, currency: "KES" })).toThrow(GatewayError);
    expect(() => toDecimal({ amountMinor: 12_345, currency: "KWD" })).toThrow(
      expect.objectContaining({ gateway: "dpo", code: "rejected", message: "KWD amount needs more than 2 decimals" }),
    );
    expect(toDecimal({ amountMinor: 0, currency: "KES" })).toBe("0.00");
  });

  it("clips names to DPO's 50 characters and tidies descriptions and refund details", () => {
    const long = "A".repeat(60);
    expect(splitName(`${long} ${long} B`)).toEqual({ first: "A".repeat(50), last: `${long} B`.slice(0, 50) });
    expect(splitName("   ")).toEqual({ first: "" });
    const t = readBack(
      buildApi3g(buildCreateToken(config, { ...input, description: "  Two\n\ttickets   please " }, now)),
    ).Services.Service;
    expect(t.ServiceDescription).toBe("Two tickets please");
    const blank = readBack(buildApi3g(buildCreateToken(config, { ...input, description: " \n " }, now)));
    expect(blank.Services.Service.ServiceDescription).toBe("LNG-ABC123");
    const refund = (details: string) =>
      buildRefundToken(config, {
        transactionToken: "T1",
        amount: { amountMinor: 100, currency: "KES" },
        details,
        refundRef: "rf_1",
      }).refundDetails;
    expect(refund("  Event\n\ncancelled  ")).toBe("Event cancelled");
    expect(refund("x".repeat(300))).toBe("x".repeat(255));
    expect(refund(" \t ")).toBe("Refund");
  });

  it("dates the service in UTC and preselects nothing where DPO has no market", () => {
    const t = readBack(
      buildApi3g(
        buildCreateToken(
          config,
          { ...input, country: "TH", method: "mpesa", customer: { name: "Ploy", email: "p@example.com" } },
          now,
        ),
      ),
    );
    expect(t.Services.Service.ServiceDate).toBe("2024/08/01 15:30");
    expect(t.Transaction.DefaultPayment).toBeUndefined();
    expect(t.Transaction.customerCountry).toBe("TH");
  });

  it("never reads a method name off the prototype as an operator code", () => {
    for (const method of ["constructor", "toString", "__proto__"]) {
      const t = readBack(buildApi3g(buildCreateToken(config, { ...input, method }, now))).Transaction;
      expect(t.DefaultPayment, method).toBeUndefined();
    }
  });

  it("asks DPO about or cancels a token with the company token", () => {
    expect(buildTokenRequest(config, "verifyToken", "T1")).toEqual({
      CompanyToken: DPO_SANDBOX.companyToken,
      Request: "verifyToken",
      TransactionToken: "T1",
    });
  });

  it("says why a push was ignored", () => {
    expect(parsePush("<API3G><Result>000</Result></API3G>")).toEqual({
      type: "ignored",
      reason: "DPO push without TransactionToken",
    });
    expect(parsePush('{"a":1}')).toMatchObject({
      type: "ignored",
      reason: expect.stringMatching(/^not a DPO push: not XML/),
    });
  });
});
