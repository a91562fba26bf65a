/** STK push and query over real HTTP against the replay server (recorded payloads, no Daraja logic). */
import { afterAll, describe, expect, it } from "vitest";
import { GatewayError } from "../../types";
import { darajaGateway } from "./index";
import { closeReplays, fixture, initiateInput, oauth, query, replay, setup, type Seen } from "./replay.testkit";

afterAll(closeReplays);

describe("STK query over HTTP", () => {
  const answering = (status: number, body: string) => (req: Seen) =>
    oauth(req) ? { status: 200, body: fixture("oauth-token.json") } : { status, body };

  it("reports success with the queried amount and posts the documented Password", async () => {
    const server = await replay(answering(200, fixture("stk-query-success.json")));
    const { ctx } = setup(server.url);
    expect(await darajaGateway.getStatus(query, ctx)).toEqual({
      status: "succeeded",
      paid: { amountMinor: 100, currency: "KES" },
    });
    expect(JSON.parse(server.seen[1].body)).toMatchObject({
      Timestamp: "20210628092408",
      Password:
        "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjEwNjI4MDkyNDA4",
      CheckoutRequestID: query.gatewayReference,
    });
  });

  it("maps a string ResultCode 1032 to cancelled", async () => {
    const server = await replay(answering(200, fixture("stk-query-cancelled.json")));
    const { ctx } = setup(server.url);
    expect(await darajaGateway.getStatus(query, ctx)).toMatchObject({
      status: "cancelled",
      failure: { gatewayCode: "1032" },
    });
  });

  it("reads HTTP 500 500.001.1001 'being processed' as pending", async () => {
    const server = await replay(answering(500, fixture("stk-query-pending.json")));
    const { ctx, calls } = setup(server.url);
    expect(await darajaGateway.getStatus(query, ctx)).toEqual({ status: "pending" });
    expect(calls.at(-1)).toMatchObject({
      operation: "stk_query",
      httpStatus: 500,
      resultCode: "500.001.1001",
      ok: true,
    });
  });

  it("throws timeout when the gateway does not answer in time", async () => {
    const server = await replay((req) =>
      oauth(req) ? { status: 200, body: fixture("oauth-token.json") } : { status: 200, body: "", hang: true },
    );
    const { ctx, calls } = setup(server.url);
    const err = await darajaGateway.getStatus(query, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ code: "timeout", details: { retryable: true } });
    expect(calls.at(-1)).toMatchObject({ operation: "stk_query", ok: false });
  });

  it("throws unavailable on a 5xx without a known meaning", async () => {
    const server = await replay(answering(503, "<html>Service Unavailable</html>"));
    const { ctx } = setup(server.url);
    await expect(darajaGateway.getStatus(query, ctx)).rejects.toMatchObject({
      code: "unavailable",
      details: { httpStatus: 503 },
    });
  });

  it("throws malformed_response on garbage", async () => {
    const server = await replay(answering(200, '{"Result'));
    const { ctx } = setup(server.url);
    await expect(darajaGateway.getStatus(query, ctx)).rejects.toMatchObject({ code: "malformed_response" });
    const server2 = await replay(answering(200, '{"ResultCode":{"nested":true}}'));
    await expect(darajaGateway.getStatus(query, setup(server2.url).ctx)).rejects.toMatchObject({
      code: "malformed_response",
    });
  });

  it("throws unavailable when nothing listens", async () => {
    const { ctx } = setup("http://127.0.0.1:9");
    await expect(darajaGateway.getStatus(query, ctx)).rejects.toMatchObject({ code: "unavailable" });
  });
});

describe("STK push over HTTP", () => {
  const answering = (status: number, body: string) => (req: Seen) =>
    oauth(req) ? { status: 200, body: fixture("oauth-token.json") } : { status, body };

  it("starts the prompt and tells the buyer what to do", async () => {
    const server = await replay(answering(200, fixture("stk-push-accepted.json")));
    const { ctx } = setup(server.url);
    const result = await darajaGateway.initiate(initiateInput, ctx);
    expect(result).toEqual({
      gatewayReference: "ws_CO_1007202409152617172396192",
      status: "pending",
      nextAction: {
        type: "await_customer",
        message: "Check your phone and enter your M-Pesa PIN to pay KES 1,500.",
        pollAfterMs: 2000,
        expiresAt: "2021-06-28T06:25:08.000Z",
      },
    });
    const sent = JSON.parse(server.seen[1].body);
    expect(server.seen[1].path).toBe("/mpesa/stkpush/v1/processrequest");
    expect(sent).toMatchObject({
      Amount: 1500,
      PartyA: "254708374149",
      PhoneNumber: "254708374149",
      CallBackURL: initiateInput.callbackUrl,
    });
  });

  it("turns 'Unable to lock subscriber' into a failed payment with advice", async () => {
    const server = await replay(answering(500, fixture("stk-push-lock-subscriber.json")));
    const result = await darajaGateway.initiate(initiateInput, setup(server.url).ctx);
    expect(result).toMatchObject({
      status: "failed",
      nextAction: { type: "none" },
      failure: {
        gatewayCode: "500.001.1001",
        message: "You have another M-Pesa prompt open. Finish or cancel it, then try again.",
      },
    });
  });

  it("turns an invalid phone into a failed payment", async () => {
    const server = await replay(answering(400, fixture("stk-push-invalid-phone.json")));
    const result = await darajaGateway.initiate(initiateInput, setup(server.url).ctx);
    expect(result).toMatchObject({ status: "failed", failure: { gatewayCode: "400.002.02" } });
  });

  it("throws rate_limited on spike arrest", async () => {
    const server = await replay(answering(500, fixture("stk-push-spike-arrest.json")));
    await expect(darajaGateway.initiate(initiateInput, setup(server.url).ctx)).rejects.toMatchObject({
      code: "rate_limited",
      details: { retryable: true, gatewayCode: "500.003.02" },
    });
  });

  it("refuses a total with cents before any prompt, rather than asking for more than is due", async () => {
    const server = await replay(answering(200, fixture("stk-push-accepted.json")));
    const { ctx, calls } = setup(server.url);
    // KES 2,124.15, from a foreign number too: the amount is what no other number would fix.
    const input = {
      ...initiateInput,
      amount: { amountMinor: 212_415, currency: "KES" },
      customer: { ...initiateInput.customer, phoneE164: "+255712345678" },
    };
    expect(await darajaGateway.initiate(input, ctx)).toEqual({
      gatewayReference: "",
      status: "failed",
      nextAction: { type: "none" },
      failure: {
        gatewayCode: "amount_not_whole",
        message: "M-Pesa takes whole shillings only, and this order's total has cents. Choose another way to pay.",
      },
    });
    expect(server.seen).toHaveLength(0);
    expect(calls).toHaveLength(0);
  });

  it("refuses a non-Kenyan number before calling Safaricom", async () => {
    const server = await replay(answering(200, fixture("stk-push-accepted.json")));
    const input = { ...initiateInput, customer: { ...initiateInput.customer, phoneE164: "+255712345678" } };
    expect(await darajaGateway.initiate(input, setup(server.url).ctx)).toMatchObject({
      status: "failed",
      failure: { gatewayCode: "invalid_phone" },
    });
    expect(server.seen).toHaveLength(0);
  });
});
