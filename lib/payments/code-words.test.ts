import { expect, it } from "vitest";
import { describeCode, explainCall } from "./code-words";

const call = (c: Partial<Parameters<typeof explainCall>[0]>) =>
  explainCall({ gateway: "daraja", operation: "stk_query", ok: true, httpStatus: 200, resultCode: null, ...c });

it("Daraja's HTTP 500 'being processed' answer to an STK query is the buyer still deciding, not an error", () => {
  expect(call({ httpStatus: 500, resultCode: "500.001.1001" })).toEqual({
    effect: "waiting",
    words: "still waiting: the buyer has not answered the prompt yet",
  });
  // The same code refused outright (wrong credentials, unknown merchant) is a failure, and says so.
  expect(call({ ok: false, httpStatus: 500, resultCode: "500.001.1001" })).toMatchObject({
    effect: "failed",
    words: expect.stringContaining("wrong credentials"),
  });
});

it("an expired access token is explained as retried, so nobody hunts for a buyer who saw an error", () => {
  const r = call({ operation: "stk_push", ok: false, httpStatus: 404, resultCode: "404.001.03" });
  expect(r.effect).toBe("retried");
  expect(r.words).toMatch(/^Safaricom refused the access token \(expired or revoked\); Lango fetched a new token/);
});

it("calls without a code are told by their HTTP status, and a missing answer is a timeout", () => {
  expect(call({ ok: false, httpStatus: null }).words).toBe("no answer (timeout or network error)");
  expect(call({ ok: false, httpStatus: 503 }).words).toBe("the gateway's server failed (HTTP 503)");
  expect(call({ ok: false, httpStatus: 401 }).words).toBe("the gateway refused our credentials (HTTP 401)");
  expect(call({ resultCode: "1032" }).words).toBe("answered: The buyer cancelled the prompt");
  expect(call({ operation: "stk_push", resultCode: "0" }).words).toBe("ok");
});

it("payment failure codes read as words with the code, for every gateway's own vocabulary", () => {
  expect(describeCode("daraja", "1")).toBe("The buyer's M-Pesa balance was too low (1)");
  expect(describeCode("daraja", "duplicate_receipt")).toMatch(/^A second copy of a payment already counted/);
  expect(describeCode("mtn-momo", "NOT_ENOUGH_FUNDS")).toBe("Not enough funds (NOT_ENOUGH_FUNDS)");
  expect(describeCode("airtel", "DP00800001002")).toBe("Incorrect Pin (DP00800001002)");
  expect(describeCode("dpo", "901")).toBe("Declined (901)");
  expect(describeCode("ksher", "CLOSED")).toBe("The order was closed before it was paid (CLOSED)");
  expect(describeCode("flutterwave", "Insufficient funds")).toBe('The processor said "Insufficient funds"');
  expect(describeCode("daraja", "9999")).toBe("Code 9999, not documented by the gateway");
});
