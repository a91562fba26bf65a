import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRefundResult, parseStkCallback } from "./callbacks";
import { STK_RESULT_CODES, classifySyncError, stkOutcome } from "./codes";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

describe("parseStkCallback", () => {
  it("reads the documented success callback by item Name", () => {
    expect(parseStkCallback(fixture("stk-callback-success.json"))).toEqual({
      type: "payment",
      dedupeKey: "daraja:stk:ws_CO_191220191020363925:0",
      gatewayReference: "ws_CO_191220191020363925",
      claimedStatus: "succeeded",
      claimedAmount: { amountMinor: 100, currency: "KES" },
      receipt: "NLJ7RT61SV",
    });
  });

  it("accepts a Balance item without Value", () => {
    const claim = parseStkCallback(fixture("stk-callback-balance-no-value.json"));
    expect(claim).toMatchObject({ type: "payment", claimedStatus: "succeeded", receipt: "NLJ7RT61SV" });
  });

  it("reads a cancel without CallbackMetadata", () => {
    expect(parseStkCallback(fixture("stk-callback-cancelled.json"))).toEqual({
      type: "payment",
      dedupeKey: "daraja:stk:ws_CO_…:1032",
      gatewayReference: "ws_CO_…",
      claimedStatus: "cancelled",
      failure: { gatewayCode: "1032", message: "You cancelled the M-Pesa prompt." },
    });
  });

  it("treats a string ResultCode like a number and keys duplicates identically", () => {
    const asString = fixture("stk-callback-success.json").replace('"ResultCode":0', '"ResultCode":"0"');
    const a = parseStkCallback(asString);
    const b = parseStkCallback(fixture("stk-callback-success.json"));
    expect(a).toEqual(b);
  });

  it("does not depend on item order", () => {
    const body = JSON.parse(fixture("stk-callback-success.json"));
    body.Body.stkCallback.CallbackMetadata.Item.reverse();
    expect(parseStkCallback(JSON.stringify(body))).toMatchObject({
      receipt: "NLJ7RT61SV",
      claimedAmount: { amountMinor: 100 },
    });
  });

  it.each([
    ["not JSON", "<xml/>"],
    ["empty", ""],
    ["no stkCallback", '{"Body":{}}'],
    ["no CheckoutRequestID", '{"Body":{"stkCallback":{"ResultCode":0}}}'],
    ["ResultCode an object", '{"Body":{"stkCallback":{"CheckoutRequestID":"ws_CO_1","ResultCode":{}}}}'],
  ])("ignores a malformed body (%s)", (_name, body) => {
    expect(parseStkCallback(body)).toMatchObject({ type: "ignored" });
  });
});

describe("STK result codes", () => {
  it.each([
    ["0", "succeeded"],
    ["1", "failed"],
    ["2", "failed"],
    ["3", "failed"],
    ["4", "failed"],
    ["8", "failed"],
    ["17", "failed"],
    ["1001", "failed"],
    ["1019", "expired"],
    ["1025", "failed"],
    ["1031", "cancelled"],
    ["1032", "cancelled"],
    ["1037", "failed"],
    ["2001", "failed"],
    ["2028", "failed"],
    ["8006", "failed"],
    ["SFC_IC0003", "failed"],
  ])("maps %s to %s with a buyer message", (code, status) => {
    const outcome = stkOutcome(code);
    expect(outcome.status).toBe(status);
    if (status !== "succeeded")
      expect(outcome.failure).toMatchObject({ gatewayCode: code, message: expect.any(String) });
    expect(STK_RESULT_CODES[code]).toBeDefined();
  });

  it("uses the documented wording for 1032 and 1037", () => {
    expect(stkOutcome("1032").failure?.message).toBe("You cancelled the M-Pesa prompt.");
    expect(stkOutcome("1037").failure?.message).toBe(
      "We couldn't reach your phone. Make sure it is on and has signal, then try again.",
    );
  });

  it("fails an unknown code with a generic message that keeps the code", () => {
    expect(stkOutcome("4242")).toEqual({
      status: "failed",
      failure: { gatewayCode: "4242", message: expect.stringContaining("code 4242") },
    });
  });

  it("classifies synchronous errors", () => {
    const lock = JSON.parse(fixture("stk-push-lock-subscriber.json"));
    expect(classifySyncError(lock, 500)).toEqual({
      kind: "buyer",
      failure: {
        gatewayCode: "500.001.1001",
        message: "You have another M-Pesa prompt open. Finish or cancel it, then try again.",
      },
    });
    expect(classifySyncError(JSON.parse(fixture("stk-push-invalid-phone.json")), 400)).toMatchObject({ kind: "buyer" });
    const spike = classifySyncError(JSON.parse(fixture("stk-push-spike-arrest.json")), 500);
    expect(spike.kind === "error" && spike.error.code).toBe("rate_limited");
    expect(spike.kind === "error" && spike.error.details.retryable).toBe(true);
    const creds = classifySyncError(JSON.parse(fixture("stk-push-wrong-credentials.json")), 500);
    expect(creds.kind === "error" && creds.error.code).toBe("auth_failed");
    const merchant = classifySyncError(JSON.parse(fixture("stk-push-merchant-missing.json")), 500);
    expect(merchant.kind === "error" && merchant.error.code).toBe("rejected");
    const shortcode = classifySyncError(JSON.parse(fixture("stk-push-invalid-shortcode.json")), 400);
    expect(shortcode.kind === "error" && shortcode.error.code).toBe("rejected");
  });
});

describe("parseRefundResult", () => {
  it("reads a B2C success by ResultParameter Key", () => {
    expect(parseRefundResult("b2c-result", fixture("b2c-result-success.json"))).toEqual({
      kind: "b2c-result",
      dedupeKey: "daraja:b2c-result:AG_20240706_20106e9209f64bebd05b:0",
      conversationId: "AG_20240706_20106e9209f64bebd05b",
      originatorConversationId: "rf_01J9Z3Q8R2",
      status: "succeeded",
      resultCode: "0",
      resultDesc: "The service request is processed successfully.",
      receipt: "SG632NMUAB",
      amount: { amountMinor: 1000, currency: "KES" },
      retryable: false,
    });
  });

  it("reads a B2C failure without ResultParameters", () => {
    expect(parseRefundResult("b2c-result", fixture("b2c-result-failure.json"))).toMatchObject({
      status: "failed",
      resultCode: "2040",
      failureReason: expect.stringMatching(/^2040: /),
    });
  });

  it("reads reversal results, including a string ResultCode", () => {
    expect(parseRefundResult("reversal-result", fixture("reversal-result-success.json"))).toMatchObject({
      status: "succeeded",
      conversationId: "AG_20240707_0000494e1b6b1b2e0d54",
      receipt: "SG71DJ4ZVW",
      // The payment it reversed: finds a refund whose request's answer (and ConversationID) was lost.
      reversedReceipt: "NLJ7RT61SV",
      amount: { amountMinor: 100, currency: "KES" },
    });
    expect(parseRefundResult("b2c-result", fixture("b2c-result-success.json"))).not.toHaveProperty("reversedReceipt");
    const numeric = fixture("reversal-result-success.json").replace('"NLJ7RT61SV"', "12345");
    expect(parseRefundResult("reversal-result", numeric)).not.toHaveProperty("reversedReceipt");
    expect(parseRefundResult("reversal-result", fixture("reversal-result-invalid.json"))).toMatchObject({
      status: "failed",
      resultCode: "R000002",
      failureReason: "R000002: The OriginalTransactionID is invalid.",
    });
  });

  it("treats an already-reversed transaction as refunded", () => {
    const body = fixture("reversal-result-invalid.json").replace('"R000002"', '"R000001"');
    expect(parseRefundResult("reversal-result", body)?.status).toBe("succeeded");
  });

  it("reports a queue timeout as a retryable failure", () => {
    expect(parseRefundResult("timeout", fixture("b2c-result-failure.json"))).toMatchObject({
      kind: "timeout",
      status: "failed",
      retryable: true,
    });
  });

  it("returns null for anything that is not a Result envelope", () => {
    expect(parseRefundResult("b2c-result", fixture("stk-callback-success.json"))).toBeNull();
    expect(parseRefundResult("b2c-result", "nope")).toBeNull();
  });
});
