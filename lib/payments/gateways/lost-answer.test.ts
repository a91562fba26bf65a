import { describe, expect, it } from "vitest";
import { GatewayError } from "../types";
import { answerLost, pendingIfAnswerLost } from "./lost-answer";

const error = (code: GatewayError["code"], details: GatewayError["details"]) =>
  new GatewayError("dpo", code, "test", details);

describe("answerLost", () => {
  const refund = "refundToken";

  it("counts as lost a refund request left unanswered, cut off, or answered by something other than the gateway", () => {
    expect(answerLost(error("timeout", { operation: refund }), refund)).toBe(true);
    // The connection dropped after the request went out (no HTTP status at all).
    expect(answerLost(error("unavailable", { operation: refund }), refund)).toBe(true);
    // A proxy's 502/504 page in place of the gateway's reply.
    expect(answerLost(error("unavailable", { operation: refund, httpStatus: 504 }), refund)).toBe(true);
    // A success reply cut short or unreadable.
    expect(answerLost(error("malformed_response", { operation: refund, httpStatus: 200 }), refund)).toBe(true);
    expect(answerLost(error("malformed_response", { operation: refund }), refund)).toBe(true);
  });

  it("does not count the gateway's own refusals, or replies that say the request itself was wrong", () => {
    expect(
      answerLost(error("unavailable", { operation: refund, httpStatus: 500, gatewayCode: "500.003.02" }), refund),
    ).toBe(false);
    expect(answerLost(error("malformed_response", { operation: refund, httpStatus: 400 }), refund)).toBe(false);
    expect(answerLost(error("malformed_response", { operation: refund, httpStatus: 300 }), refund)).toBe(false);
    expect(answerLost(error("rejected", { operation: refund, gatewayCode: "999" }), refund)).toBe(false);
    expect(answerLost(error("auth_failed", { operation: refund, httpStatus: 401 }), refund)).toBe(false);
    expect(answerLost(error("rate_limited", { operation: refund, httpStatus: 429 }), refund)).toBe(false);
  });

  it("does not count a lost answer to a call before the refund: then the refund was never sent", () => {
    expect(answerLost(error("timeout", { operation: "token" }), refund)).toBe(false);
    expect(answerLost(error("timeout", {}), refund)).toBe(false);
    expect(answerLost(new Error("socket hang up"), refund)).toBe(false);
  });
});

describe("pendingIfAnswerLost", () => {
  it("leaves the refund pending when its answer was lost, and passes answers and other errors through", async () => {
    await expect(
      pendingIfAnswerLost("refund", Promise.reject(error("timeout", { operation: "refund" }))),
    ).resolves.toEqual({ status: "pending" });
    await expect(pendingIfAnswerLost("refund", Promise.resolve({ status: "succeeded" }))).resolves.toEqual({
      status: "succeeded",
    });
    const refused = error("rejected", { operation: "refund", gatewayCode: "999" });
    await expect(pendingIfAnswerLost("refund", Promise.reject(refused))).rejects.toBe(refused);
    const tokenLost = error("timeout", { operation: "token" });
    await expect(pendingIfAnswerLost("refund", Promise.reject(tokenLost))).rejects.toBe(tokenLost);
  });
});
