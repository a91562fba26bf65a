import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FAILURE_REASONS, failureOutcome } from "./codes";
import { mtnSupports } from "./markets";
import {
  buildRequestToPay,
  errorBodySchema,
  fromWire,
  parseCallback,
  toMsisdn,
  toWireAmount,
  tokenResponseSchema,
  transactionOutcome,
  transactionSchema,
  wireCurrency,
} from "./transform";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const transaction = (name: string) => transactionSchema.parse(JSON.parse(fixture(name)));

describe("status bodies", () => {
  it("reads the documented success with a string amount and the financialTransactionId", () => {
    const t = transaction("status-successful.json");
    expect(t).toMatchObject({
      status: "SUCCESSFUL",
      amount: 50,
      currency: "EUR",
      financialTransactionId: "1927264368",
      externalId: "12345678",
    });
    expect(transactionOutcome(t)).toEqual({ status: "succeeded" });
  });

  it("keeps PENDING pending", () => {
    expect(transactionOutcome(transaction("status-pending.json"))).toEqual({ status: "pending" });
  });

  it("reads a reason given as a plain string and as {code, message} alike", () => {
    expect(transactionOutcome(transaction("status-failed-reason-string.json"))).toEqual({
      status: "cancelled",
      failure: { gatewayCode: "APPROVAL_REJECTED", message: "You declined the MTN MoMo payment on your phone." },
    });
    expect(transactionOutcome(transaction("status-failed-reason-object.json"))).toMatchObject({
      status: "failed",
      failure: { gatewayCode: "PAYER_NOT_FOUND", message: expect.stringMatching(/no MTN MoMo account/) },
    });
  });

  it("takes a number where MTN writes a string, and refuses what is not an amount", () => {
    const body = JSON.parse(fixture("status-successful.json"));
    expect(transactionSchema.parse({ ...body, amount: 50, financialTransactionId: 1927264368 })).toMatchObject({
      amount: 50,
      financialTransactionId: "1927264368",
    });
    expect(transactionSchema.safeParse({ ...body, amount: "fifty" }).success).toBe(false);
    expect(transactionSchema.safeParse({ ...body, amount: "-5" }).success).toBe(false);
  });

  it("does not guess at a status MTN does not document", () => {
    expect(transactionOutcome({ status: "ONGOING" })).toBeNull();
  });
});

describe("failure reasons", () => {
  it.each([
    ["APPROVAL_REJECTED", "cancelled"],
    ["TRANSACTION_CANCELED", "cancelled"],
    ["EXPIRED", "expired"],
    ["COULD_NOT_PERFORM_TRANSACTION", "expired"],
    ["INTERNAL_PROCESSING_ERROR", "failed"],
    ["NOT_ENOUGH_FUNDS", "failed"],
    ["PAYER_LIMIT_REACHED", "failed"],
    ["PAYER_NOT_FOUND", "failed"],
    ["PAYEE_NOT_FOUND", "failed"],
    ["PAYEE_NOT_ALLOWED_TO_RECEIVE", "failed"],
    ["NOT_ALLOWED", "failed"],
    ["NOT_ALLOWED_TARGET_ENVIRONMENT", "failed"],
    ["INVALID_CALLBACK_URL_HOST", "failed"],
    ["INVALID_CURRENCY", "failed"],
    ["SERVICE_UNAVAILABLE", "failed"],
    ["PAYMENT_NOT_APPROVED", "failed"],
    ["RESOURCE_NOT_FOUND", "failed"],
    ["RESOURCE_ALREADY_EXIST", "failed"],
  ])("maps %s to %s with a buyer message", (code, status) => {
    expect(failureOutcome(code)).toEqual({ status, failure: { gatewayCode: code, message: expect.any(String) } });
    expect(FAILURE_REASONS[code]).toBeDefined();
  });

  it("says what MTN's notes say about the two vague reasons", () => {
    expect(failureOutcome("INTERNAL_PROCESSING_ERROR").failure.message).toMatch(/balance/);
    expect(failureOutcome("COULD_NOT_PERFORM_TRANSACTION").failure.message).toMatch(/not approved in time/);
    // MTN says "usually" 5 minutes: the buyer is told no length the app cannot know.
    expect(failureOutcome("COULD_NOT_PERFORM_TRANSACTION").failure.message).not.toMatch(/minute/);
  });

  it("fails an unknown or missing reason with a message that keeps the code", () => {
    expect(failureOutcome("SOMETHING_NEW")).toEqual({
      status: "failed",
      failure: { gatewayCode: "SOMETHING_NEW", message: expect.stringContaining("SOMETHING_NEW") },
    });
    expect(failureOutcome(undefined).failure.gatewayCode).toBe("FAILED");
  });
});

describe("money and numbers at the edge", () => {
  it("writes major units as a string, in EUR on the sandbox", () => {
    expect(toWireAmount({ amountMinor: 50_000, currency: "UGX" })).toBe("50000");
    expect(toWireAmount({ amountMinor: 1250, currency: "GHS" })).toBe("12.50");
    expect(wireCurrency("UGX", "sandbox")).toBe("EUR");
    expect(wireCurrency("UGX", "mtnuganda")).toBe("UGX");
  });

  it("builds the documented body", () => {
    const body = buildRequestToPay(
      {
        paymentId: "12345678",
        orderReference: "LGABCDEFGH",
        description: "x".repeat(300),
        amount: { amountMinor: 50, currency: "UGX" },
      },
      "46733123450",
      "sandbox",
    );
    const documented = JSON.parse(fixture("requesttopay-body.json"));
    expect(Object.keys(body).sort()).toEqual(Object.keys(documented).sort());
    expect(body).toMatchObject({ amount: "50", currency: "EUR", externalId: "12345678", payer: documented.payer });
    expect(body.payeeNote.length).toBeLessThanOrEqual(160);
  });

  it("reads sandbox EUR as the payment's currency, and any other currency as it came", () => {
    expect(fromWire(50_000, "EUR", "UGX", "sandbox")).toEqual({ amountMinor: 50_000, currency: "UGX" });
    expect(fromWire(50_000, "UGX", "UGX", "mtnuganda")).toEqual({ amountMinor: 50_000, currency: "UGX" });
    expect(fromWire(50, "EUR", "UGX", "mtnuganda")).toEqual({ amountMinor: 5000, currency: "EUR" });
  });

  it("turns E.164 into an MSISDN", () => {
    expect(toMsisdn("+256772123456")).toBe("256772123456");
    expect(toMsisdn("+46733123450")).toBe("46733123450");
    expect(toMsisdn(undefined)).toBeNull();
    expect(toMsisdn("+256 772")).toBeNull();
  });

  it("supports each market's own currency only", () => {
    expect(mtnSupports("UGX", "UG")).toBe(true);
    expect(mtnSupports("UGX", "ug")).toBe(true);
    expect(mtnSupports("USD", "UG")).toBe(false);
    expect(mtnSupports("KES", "KE")).toBe(false);
  });
});

describe("parseCallback", () => {
  const body = (patch: Record<string, unknown>) =>
    JSON.stringify({ ...JSON.parse(fixture("status-successful.json")), ...patch });

  it("claims a success for the payment named by externalId, with receipt and amount", () => {
    expect(parseCallback(body({ externalId: "pay_1", currency: "UGX", amount: "50000" }))).toEqual({
      type: "payment",
      dedupeKey: "mtn-momo:pay_1:SUCCESSFUL:1927264368",
      paymentId: "pay_1",
      claimedStatus: "succeeded",
      claimedAmount: { amountMinor: 50_000, currency: "UGX" },
      receipt: "1927264368",
    });
  });

  it("leaves out a sandbox EUR amount, which only the status GET can compare", () => {
    const claim = parseCallback(fixture("status-successful.json"));
    expect(claim).toMatchObject({ type: "payment", paymentId: "12345678", claimedStatus: "succeeded" });
    expect(claim).not.toHaveProperty("claimedAmount");
  });

  it("keys failures by reason, whichever form the reason takes", () => {
    expect(parseCallback(fixture("status-failed-reason-string.json"))).toMatchObject({
      dedupeKey: "mtn-momo:12345678:FAILED:APPROVAL_REJECTED",
      claimedStatus: "cancelled",
      failure: { gatewayCode: "APPROVAL_REJECTED" },
    });
    expect(parseCallback(fixture("status-failed-reason-object.json"))).toMatchObject({
      dedupeKey: "mtn-momo:12345678:FAILED:PAYER_NOT_FOUND",
    });
  });

  it("reads a referenceId when a callback carries one", () => {
    const id = "5f0c8a57-2d4e-4c3b-9b1a-0e6f7d8c9a0b";
    expect(parseCallback(body({ referenceId: id }))).toMatchObject({ gatewayReference: id });
  });

  it.each([
    ["not JSON", "<xml/>"],
    ["empty", ""],
    ["no status", '{"externalId":"pay_1"}'],
    ["no externalId", '{"status":"SUCCESSFUL"}'],
    ["unknown status", '{"externalId":"pay_1","status":"MAYBE"}'],
    ["an array", "[]"],
  ])("ignores a body that is not a transaction (%s)", (_name, raw) => {
    expect(parseCallback(raw)).toMatchObject({ type: "ignored" });
  });
});

describe("what MTN would misread or show the payer", () => {
  it("takes an MSISDN of 8 to 15 digits and nothing around it", () => {
    expect(toMsisdn("256772123456")).toBe("256772123456");
    expect(toMsisdn("+12345678")).toBe("12345678");
    for (const phone of ["+1234567", "+1234567890123456", "x256772123456", "+256772123456x", "++256772123456", ""])
      expect(toMsisdn(phone), phone).toBeNull();
  });

  it("writes cents only for an amount that has them", () => {
    expect(toWireAmount({ amountMinor: 1200, currency: "GHS" })).toBe("12");
    expect(toWireAmount({ amountMinor: 5, currency: "GHS" })).toBe("0.05");
    expect(toWireAmount({ amountMinor: 12_345, currency: "KES" })).toBe("123.45");
  });

  it("clips the payer's message and the payee note to 160 characters, marking the cut", () => {
    const build = (description: string) =>
      buildRequestToPay(
        { paymentId: "p1", orderReference: "LGABCDEFGH", description, amount: { amountMinor: 50, currency: "UGX" } },
        "256772123456",
        "mtnuganda",
      );
    expect(build("x".repeat(300)).payeeNote).toBe(`${"x".repeat(159)}…`);
    expect(build("x".repeat(160)).payeeNote).toBe("x".repeat(160));
    expect(build("x".repeat(161)).payeeNote).toBe(`${"x".repeat(159)}…`);
    expect(build("Two tickets")).toEqual({
      amount: "50",
      currency: "UGX",
      externalId: "p1",
      payer: { partyIdType: "MSISDN", partyId: "256772123456" },
      payerMessage: "Lango order LGABCDEFGH",
      payeeNote: "Two tickets",
    });
  });

  it("reads amounts only as plain non-negative numbers", () => {
    const amount = (a: unknown) => transactionSchema.safeParse({ status: "SUCCESSFUL", amount: a });
    expect(amount(" 50.5 ").data?.amount).toBe(50.5);
    expect(amount(7).data?.amount).toBe(7);
    for (const bad of ["-5", "5e3", "50x", "x50", "", -1, Infinity])
      expect(amount(bad).success, String(bad)).toBe(false);
    expect(transactionSchema.parse({ status: " successful ", currency: " ugx " })).toMatchObject({
      status: "SUCCESSFUL",
      currency: "UGX",
    });
  });

  it("reads the token's lifetime as whole positive seconds and an error body's code", () => {
    expect(tokenResponseSchema.parse({ access_token: "t", expires_in: "3600" }).expires_in).toBe(3600);
    for (const expires_in of ["0", 0, "x3600", "3600x", 1.5, -1])
      expect(tokenResponseSchema.safeParse({ access_token: "t", expires_in }).success, String(expires_in)).toBe(false);
    expect(tokenResponseSchema.safeParse({ access_token: "", expires_in: 3600 }).success).toBe(false);
    expect(errorBodySchema.parse({ code: "RESOURCE_NOT_FOUND", message: "x", extra: 1 })).toMatchObject({
      code: "RESOURCE_NOT_FOUND",
    });
    expect(errorBodySchema.safeParse({ code: "" }).success).toBe(false);
  });

  it("claims no amount in a currency it cannot read, no receipt for a failure, and no reference that is not MTN's", () => {
    const claim = (t: Record<string, unknown>) => parseCallback(JSON.stringify({ externalId: "pay_1", ...t }));
    expect(claim({ status: "SUCCESSFUL", amount: "5", currency: "UGXX" })).not.toHaveProperty("claimedAmount");
    expect(claim({ status: "SUCCESSFUL", amount: null, currency: "UGX" })).not.toHaveProperty("claimedAmount");
    expect(claim({ status: "SUCCESSFUL", amount: "0", currency: "UGX" })).toMatchObject({
      claimedAmount: { amountMinor: 0, currency: "UGX" },
    });
    const failed = claim({ status: "FAILED", financialTransactionId: "1927264368", reason: "NOT_ENOUGH_FUNDS" });
    expect(failed).not.toHaveProperty("receipt");
    expect(failed).toMatchObject({ dedupeKey: "mtn-momo:pay_1:FAILED:NOT_ENOUGH_FUNDS" });
    expect(claim({ status: "PENDING" })).toEqual({
      type: "payment",
      dedupeKey: "mtn-momo:pay_1:PENDING:",
      paymentId: "pay_1",
      claimedStatus: "pending",
    });
    expect(claim({ status: "PENDING", referenceId: "not-a-uuid" })).not.toHaveProperty("gatewayReference");
    expect(claim({ status: "MAYBE" })).toEqual({ type: "ignored", reason: "unknown status MAYBE" });
    expect(parseCallback('{"status":"SUCCESSFUL"}')).toEqual({
      type: "ignored",
      reason: "no externalId to find the payment by",
    });
    expect(parseCallback("[]")).toEqual({ type: "ignored", reason: "not an MTN MoMo transaction body" });
  });
});
