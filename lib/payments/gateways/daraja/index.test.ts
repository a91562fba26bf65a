import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { GatewayCallRecord, GatewayContext, NotificationRequest, RefundInput } from "../../types";
import { DARAJA_SANDBOX, darajaConfigFromEnv, darajaGateway, type DarajaConfig } from "./index";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const TOKEN = "cbtoken_0123456789abcdef01234567";

function config(overrides: Partial<DarajaConfig> = {}): DarajaConfig {
  const c = darajaConfigFromEnv(
    { DARAJA_CALLBACK_TOKEN: TOKEN },
    { mode: "simulator", appUrl: "https://lango.example" },
  );
  return { ...c!, ...overrides };
}
const ctxFor = (c: DarajaConfig, calls: GatewayCallRecord[] = []): GatewayContext<DarajaConfig> => ({
  config: c,
  fetch: globalThis.fetch,
  now: () => new Date("2024-07-10T09:00:00Z"),
  recordCall: (r) => calls.push(r),
});
const request = (query: string, extra: Partial<NotificationRequest> = {}): NotificationRequest => ({
  kind: "stk",
  method: "POST",
  headers: new Headers({ "content-type": "application/json" }),
  rawBody: fixture("stk-callback-success.json"),
  query: new URLSearchParams(query),
  ...extra,
});

describe("configFromEnv", () => {
  it("points simulator mode at the app's own simulator with sandbox values", () => {
    const c = darajaConfigFromEnv({}, { mode: "simulator", appUrl: "http://localhost:3000/" });
    expect(c).toMatchObject({
      baseUrl: "http://localhost:3000/sim/daraja",
      shortcode: "174379",
      passkey: DARAJA_SANDBOX.passkey,
      partyB: "174379",
      transactionType: "CustomerPayBillOnline",
      initiatorName: "testapi",
    });
  });

  it("returns null in live mode until every credential is set", () => {
    expect(
      darajaConfigFromEnv({ DARAJA_CONSUMER_KEY: "k" }, { mode: "live", appUrl: "https://lango.example" }),
    ).toBeNull();
  });

  it("reads live variables and refuses a bad callback token without echoing it", () => {
    const env = {
      DARAJA_CONSUMER_KEY: "k",
      DARAJA_CONSUMER_SECRET: "s",
      DARAJA_SHORTCODE: "600123",
      DARAJA_PASSKEY: "p",
      DARAJA_CALLBACK_TOKEN: TOKEN,
      DARAJA_TRANSACTION_TYPE: "CustomerBuyGoodsOnline",
      DARAJA_PARTY_B: "5012345",
      DARAJA_ALLOWED_IPS: "196.201.214.200, 196.201.214.206",
    };
    expect(darajaConfigFromEnv(env, { mode: "live", appUrl: "https://lango.example" })).toMatchObject({
      baseUrl: "https://sandbox.safaricom.co.ke",
      partyB: "5012345",
      allowedIps: ["196.201.214.200", "196.201.214.206"],
    });
    const bad = { ...env, DARAJA_CALLBACK_TOKEN: "short-sql-token" };
    expect(() => darajaConfigFromEnv(bad, { mode: "live", appUrl: "https://x.example" })).toThrow(/callbackToken/);
    expect(() => darajaConfigFromEnv(bad, { mode: "live", appUrl: "https://x.example" })).not.toThrow(
      /short-sql-token/,
    );
    const noTill = { ...env, DARAJA_PARTY_B: undefined };
    expect(() => darajaConfigFromEnv(noTill, { mode: "live", appUrl: "https://x.example" })).toThrow(/DARAJA_PARTY_B/);
  });
});

describe("callbacks", () => {
  it("builds the STK callback URL with the token", () => {
    expect(darajaGateway.callbackUrl!("https://lango.example", config())).toBe(
      `https://lango.example/api/callbacks/daraja/stk?token=${TOKEN}`,
    );
  });

  it("accepts the right token and refuses a missing or wrong one", () => {
    const ctx = ctxFor(config());
    expect(darajaGateway.verifyCallback(request(`token=${TOKEN}`), ctx)).toEqual({ ok: true });
    expect(darajaGateway.verifyCallback(request(""), ctx)).toEqual({ ok: false, reason: "callback token missing" });
    expect(darajaGateway.verifyCallback(request(`token=${TOKEN}x`), ctx)).toMatchObject({ ok: false });
    expect(darajaGateway.verifyCallback(request("token=a"), ctx)).toMatchObject({ ok: false });
  });

  it("checks the source IP when an allow-list is set", () => {
    const ctx = ctxFor(config({ allowedIps: ["196.201.214.200"] }));
    expect(
      darajaGateway.verifyCallback(request(`token=${TOKEN}`, { sourceIp: "::ffff:196.201.214.200" }), ctx),
    ).toEqual({ ok: true });
    expect(darajaGateway.verifyCallback(request(`token=${TOKEN}`, { sourceIp: "10.0.0.1" }), ctx)).toMatchObject({
      ok: false,
    });
    expect(darajaGateway.verifyCallback(request(`token=${TOKEN}`), ctx)).toMatchObject({ ok: false });
  });

  it("parses STK callbacks and leaves refund results to parseRefundResult", () => {
    expect(darajaGateway.parseCallback(request(""))).toMatchObject({ type: "payment", receipt: "NLJ7RT61SV" });
    expect(
      darajaGateway.parseCallback(request("", { kind: "b2c-result", rawBody: fixture("b2c-result-success.json") })),
    ).toMatchObject({ type: "ignored" });
    expect(darajaGateway.parseCallback(request("", { kind: undefined }))).toMatchObject({ type: "ignored" });
  });

  it("acknowledges in Daraja's JSON", () => {
    for (const outcome of ["accepted", "duplicate", "ignored"] as const) {
      const ack = darajaGateway.callbackAck(outcome, request(`token=${TOKEN}`));
      expect(ack).toEqual({
        status: 200,
        contentType: "application/json",
        body: '{"ResultCode":0,"ResultDesc":"Accepted"}',
      });
    }
    expect(darajaGateway.callbackAck("rejected", request("")).status).toBe(401);
    expect(darajaGateway.callbackAck("rejected", request("token=wrong")).status).toBe(403);
    expect(JSON.parse(darajaGateway.callbackAck("rejected", request("")).body)).toMatchObject({ ResultCode: 1 });
  });

  it("supports KES in Kenya only", () => {
    expect(darajaGateway.supports({ currency: "KES", country: "KE" })).toBe(true);
    expect(darajaGateway.supports({ currency: "TZS", country: "TZ" })).toBe(false);
    expect(darajaGateway.supports({ currency: "USD", country: "KE" })).toBe(false);
  });
});

describe("refund", () => {
  const servers: Array<() => void> = [];
  afterEach(() => servers.splice(0).forEach((close) => close()));

  async function replay(reply: (path: string) => { status: number; body: string }) {
    const seen: Array<{ path: string; body: string }> = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen.push({ path: req.url ?? "", body });
        const r = req.url?.startsWith("/oauth")
          ? { status: 200, body: fixture("oauth-token.json") }
          : reply(req.url ?? "");
        res.writeHead(r.status, { "Content-Type": "application/json" }).end(r.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    servers.push(() => (server.closeAllConnections(), server.close()));
    return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
  }

  const input: RefundInput = {
    refundId: "rf_01J9Z3Q8R2",
    paymentId: "pay_1",
    gatewayReference: "ws_CO_1",
    receipt: "NLJ7RT61SV",
    phoneE164: "+254708374149",
    amount: { amountMinor: 50_000, currency: "KES" },
    paymentAmount: { amountMinor: 150_000, currency: "KES" },
    reason: "One ticket returned",
  };

  it("sends a partial refund by B2C and waits for the result", async () => {
    const server = await replay(() => ({ status: 200, body: fixture("b2c-accepted.json") }));
    const result = await darajaGateway.refund!(
      input,
      ctxFor(config({ baseUrl: server.baseUrl, consumerKey: "k-b2c" })),
    );
    expect(result).toEqual({ status: "pending", gatewayReference: "AG_20240706_…" });
    expect(server.seen[1].path).toBe("/mpesa/b2c/v3/paymentrequest");
    expect(JSON.parse(server.seen[1].body)).toMatchObject({
      OriginatorConversationID: "rf_01J9Z3Q8R2",
      Amount: 500,
      PartyB: "254708374149",
    });
  });

  it("reverses a full refund", async () => {
    const server = await replay(() => ({ status: 200, body: fixture("b2c-accepted.json") }));
    const full = { ...input, amount: input.paymentAmount! };
    await darajaGateway.refund!(full, ctxFor(config({ baseUrl: server.baseUrl, consumerKey: "k-rev" })));
    expect(server.seen[1].path).toBe("/mpesa/reversal/v1/request");
    expect(JSON.parse(server.seen[1].body)).toMatchObject({
      TransactionID: "NLJ7RT61SV",
      Amount: 1500,
      RecieverIdentifierType: "11",
    });
  });

  it("treats a duplicate OriginatorConversationID as the earlier request still pending", async () => {
    const server = await replay(() => ({ status: 500, body: fixture("b2c-duplicate.json") }));
    const result = await darajaGateway.refund!(
      input,
      ctxFor(config({ baseUrl: server.baseUrl, consumerKey: "k-dup" })),
    );
    // The earlier request's Result carries our refundId: that is the reference to wait on, not a cue to ask again.
    expect(result).toEqual({ status: "pending", gatewayReference: "rf_01J9Z3Q8R2" });
  });

  it("keeps a refund pending when the connection drops or a proxy's error page comes instead of M-Pesa's answer", async () => {
    const dropped = createServer((req, res) => {
      if (req.url?.startsWith("/oauth")) res.writeHead(200).end(fixture("oauth-token.json"));
      else req.socket.destroy();
    });
    await new Promise<void>((resolve) => dropped.listen(0, "127.0.0.1", resolve));
    servers.push(() => (dropped.closeAllConnections(), dropped.close()));
    const baseUrl = `http://127.0.0.1:${(dropped.address() as AddressInfo).port}`;
    expect(await darajaGateway.refund!(input, ctxFor(config({ baseUrl, consumerKey: "k-drop" })))).toEqual({
      status: "pending",
    });
    const gatewayTimeout = await replay(() => ({ status: 504, body: "<html>Gateway Timeout</html>" }));
    expect(
      await darajaGateway.refund!(input, ctxFor(config({ baseUrl: gatewayTimeout.baseUrl, consumerKey: "k-504" }))),
    ).toEqual({ status: "pending" });
  });

  it("keeps a refund pending when M-Pesa's answer is lost, since it may have taken the request", async () => {
    // A success reply cut short (B2C), and no reply before the timeout (a reversal).
    const cut = await replay(() => ({ status: 200, body: fixture("b2c-accepted.json").slice(0, 40) }));
    expect(await darajaGateway.refund!(input, ctxFor(config({ baseUrl: cut.baseUrl, consumerKey: "k-cut" })))).toEqual({
      status: "pending",
    });
    const stall = createServer((req, res) => {
      if (req.url?.startsWith("/oauth")) res.writeHead(200).end(fixture("oauth-token.json"));
      // Otherwise never answered: the adapter's timer ends the wait.
    });
    await new Promise<void>((resolve) => stall.listen(0, "127.0.0.1", resolve));
    servers.push(() => (stall.closeAllConnections(), stall.close()));
    const full = { ...input, amount: input.paymentAmount! };
    const baseUrl = `http://127.0.0.1:${(stall.address() as AddressInfo).port}`;
    expect(
      await darajaGateway.refund!(full, ctxFor(config({ baseUrl, consumerKey: "k-stall", timeoutMs: 200 }))),
    ).toEqual({ status: "pending" });
  });

  it("does not wait on a refund whose token request went unanswered: nothing was sent", async () => {
    const silent = createServer(() => {
      // Not even the token is answered.
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    servers.push(() => (silent.closeAllConnections(), silent.close()));
    const baseUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    await expect(
      darajaGateway.refund!(input, ctxFor(config({ baseUrl, consumerKey: "k-silent", timeoutMs: 200 }))),
    ).rejects.toMatchObject({ code: "timeout", details: { operation: "oauth" } });
  });

  it("tells a taken request from a refused one by its ResponseCode, and waits on a taken one without a reference", async () => {
    const ack = (body: object) => replay(() => ({ status: 200, body: JSON.stringify(body) }));
    const calls: GatewayCallRecord[] = [];
    const taken = await ack({ OriginatorConversationID: "x", ResponseCode: "0", ResponseDescription: "Accept" });
    expect(
      await darajaGateway.refund!(input, ctxFor(config({ baseUrl: taken.baseUrl, consumerKey: "k-taken" }), calls)),
    ).toEqual({ status: "pending" });
    const refused = await ack({ ConversationID: "AG_1", ResponseCode: "1", ResponseDescription: "Rejected" });
    expect(
      await darajaGateway.refund!(input, ctxFor(config({ baseUrl: refused.baseUrl, consumerKey: "k-refused" }), calls)),
    ).toEqual({ status: "failed", failureReason: "1: Rejected" });
    // The call log says what M-Pesa answered each time.
    expect(calls.filter((c) => c.operation === "b2c").map((c) => c.resultCode)).toEqual(["0", "1"]);
  });

  it("waits on an earlier request only when M-Pesa calls this B2C refund id a duplicate", async () => {
    const error = (errorCode: string, errorMessage: string) =>
      replay(() => ({ status: 500, body: JSON.stringify({ requestId: "r", errorCode, errorMessage }) }));
    const full = { ...input, amount: input.paymentAmount! };
    // A reversal carries no id of ours: a "duplicate" there is an outage like any other 500.
    const reversal = await error("500.002.1001", "Duplicate OriginatorConversationID.");
    await expect(
      darajaGateway.refund!(full, ctxFor(config({ baseUrl: reversal.baseUrl, consumerKey: "k-rdup" }))),
    ).rejects.toMatchObject({ code: "unavailable" });
    const otherCode = await error("500.001.1001", "Duplicate detected in the queue");
    await expect(
      darajaGateway.refund!(input, ctxFor(config({ baseUrl: otherCode.baseUrl, consumerKey: "k-other" }))),
    ).rejects.toMatchObject({ code: "unavailable" });
    const notDuplicate = await error("500.002.1001", "Internal Server Error");
    await expect(
      darajaGateway.refund!(input, ctxFor(config({ baseUrl: notDuplicate.baseUrl, consumerKey: "k-500" }))),
    ).rejects.toMatchObject({ code: "unavailable" });
  });

  it("fails a refund M-Pesa refused with an error reply, where nothing was taken", async () => {
    const server = await replay(() => ({
      status: 400,
      body: JSON.stringify({ requestId: "r1", errorCode: "400.002.02", errorMessage: "Bad Request - Invalid Amount" }),
    }));
    const calls: GatewayCallRecord[] = [];
    expect(
      await darajaGateway.refund!(input, ctxFor(config({ baseUrl: server.baseUrl, consumerKey: "k-400" }), calls)),
    ).toEqual({ status: "failed", failureReason: "400.002.02: Bad Request - Invalid Amount" });
    expect(calls.find((c) => c.operation === "b2c")).toMatchObject({ ok: false, resultCode: "400.002.02" });
    // M-Pesa's own error envelope on a 500 is a refusal too: nothing was taken.
    const busy = await replay(() => ({
      status: 500,
      body: JSON.stringify({ requestId: "r", errorCode: "500.003.1001", errorMessage: "Internal Server Error" }),
    }));
    await expect(
      darajaGateway.refund!(input, ctxFor(config({ baseUrl: busy.baseUrl, consumerKey: "k-busy" }))),
    ).rejects.toMatchObject({ code: "unavailable", details: { gatewayCode: "500.003.1001" } });
    // An error status with a body that is not Daraja's: refused on the way, not a taken request's lost answer.
    const proxy = await replay(() => ({ status: 403, body: "<html>Forbidden</html>" }));
    await expect(
      darajaGateway.refund!(input, ctxFor(config({ baseUrl: proxy.baseUrl, consumerKey: "k-403" }))),
    ).rejects.toMatchObject({ code: "malformed_response", details: { httpStatus: 403 } });
  });

  it("fails a refund with cents without calling Safaricom, rather than sending back another sum", async () => {
    const server = await replay(() => ({ status: 200, body: fixture("b2c-accepted.json") }));
    const ctx = ctxFor(config({ baseUrl: server.baseUrl, consumerKey: "k-cents" }));
    const part = { ...input, amount: { amountMinor: 50_050, currency: "KES" } };
    const whole = { amountMinor: 150_050, currency: "KES" };
    for (const refund of [part, { ...input, amount: whole, paymentAmount: whole }])
      expect(await darajaGateway.refund!(refund, ctx)).toEqual({
        status: "failed",
        failureReason: "M-Pesa refunds whole shillings only: choose an amount without cents",
      });
    expect(server.seen).toHaveLength(0);
  });

  it("fails without initiator credentials and without calling Safaricom", async () => {
    const result = await darajaGateway.refund!(
      input,
      ctxFor(config({ initiatorName: undefined, securityCredential: undefined })),
    );
    expect(result).toMatchObject({ status: "failed", failureReason: expect.stringContaining("DARAJA_INITIATOR_NAME") });
  });
});
