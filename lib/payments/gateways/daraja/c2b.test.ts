import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  checkStatusResultUrl,
  confirmationAck,
  parseC2bBody,
  parseStatusResult,
  statusResultUrl,
  validationAck,
} from "./c2b";
import { configFromEnv } from "./config";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const config = configFromEnv({}, { mode: "simulator", appUrl: "https://lango.example" })!;

describe("Daraja C2B payloads (gateways.md §1)", () => {
  it("reads the documented confirmation: strings everywhere, masked MSISDN dropped, account trimmed and upper-cased", () => {
    expect(parseC2bBody(fixture("c2b-confirmation.json"))).toEqual({
      transId: "RKTQDM7W6S",
      transTime: "20191122063845",
      shortCode: "600638",
      account: "INVOICE008",
      amount: { amountMinor: 1000, currency: "KES" },
      firstName: "John",
    });
  });

  it('takes whole shillings only, written "200" or "200.00"; a clear MSISDN becomes E.164', () => {
    const body = (over: object) => JSON.stringify({ ...JSON.parse(fixture("c2b-confirmation.json")), ...over });
    expect(parseC2bBody(body({ TransAmount: "200.00", MSISDN: "254708374149" }))).toMatchObject({
      amount: { amountMinor: 20000 },
      phoneE164: "+254708374149",
    });
    expect(parseC2bBody(body({ TransAmount: "200.50" }))?.amount).toBeNull();
    expect(parseC2bBody(body({ BillRefNumber: "  lgabc234  " }))?.account).toBe("LGABC234");
    expect(parseC2bBody("not json")).toBeNull();
    expect(parseC2bBody(JSON.stringify({ TransID: "X" }))).toBeNull();
  });

  it("answers with Daraja's exact bodies", () => {
    expect(JSON.parse(validationAck("accept").body)).toEqual({ ResultCode: "0", ResultDesc: "Accepted" });
    expect(JSON.parse(validationAck("C2B00012").body)).toEqual({ ResultCode: "C2B00012", ResultDesc: "Rejected" });
    expect(JSON.parse(validationAck("C2B00013").body)).toEqual({ ResultCode: "C2B00013", ResultDesc: "Rejected" });
    expect(JSON.parse(confirmationAck().body)).toEqual({ ResultCode: 0, ResultDesc: "Success" });
  });

  it("reads a Transaction Status result by Key: completed with receipt, amount and receiving paybill; or a string refusal code", () => {
    expect(parseStatusResult(fixture("transaction-status-result-completed.json"))).toEqual({
      conversationId: "AG_20200927_00007d4b7ae0ad5a0c2b",
      resultCode: "0",
      resultDesc: "The service request has been accepted successsfully.",
      completed: true,
      receipt: "RKTQDM7W6S",
      amount: { amountMinor: 1000, currency: "KES" },
      creditShortCode: "600638",
    });
    expect(parseStatusResult(fixture("transaction-status-result-invalid.json"))).toMatchObject({
      resultCode: "R000002",
      completed: false,
    });
    expect(parseStatusResult("{}")).toBeNull();
  });

  it("puts a proof in the ResultURL that holds for that payment and TransID only, and no word Safaricom refuses", () => {
    const url = new URL(statusResultUrl(config, "cmexepayment0sqlquery1", "RKTQDM7W6S"));
    expect(url.pathname).toBe("/api/callbacks/daraja/status-result");
    expect(url.href.toLowerCase()).not.toMatch(/exe|sql|query|mpesa|cmd/);
    expect(checkStatusResultUrl(url.searchParams, config, "RKTQDM7W6S")).toBe("cmexepayment0sqlquery1");
    expect(checkStatusResultUrl(url.searchParams, config, "RKTQDM7W6T")).toBeNull();
    url.searchParams.set("proof", "0".repeat(64));
    expect(checkStatusResultUrl(url.searchParams, config, "RKTQDM7W6S")).toBeNull();
  });
});
