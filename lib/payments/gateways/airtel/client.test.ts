/**
 * The Airtel adapter over real HTTP against a replay server: a node:http server in this file answering with
 * the recorded payloads verbatim. It holds no Airtel logic (it is not the simulator); each test scripts
 * which recording comes back and inspects what the adapter sent.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { InitiateInput, NotificationRequest } from "../../types";
import { closeReplays, recordingContext, replay as replayServer, type Reply, type Seen } from "../replay.testkit";
import { airtelGateway, PARTIAL_REFUND_UNSUPPORTED, type AirtelConfig } from "./index";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

afterAll(closeReplays);

const SECRET = "client-secret-that-must-not-leak";
const TOKEN: Reply = { status: 200, body: fixture("token.json") };

async function replay(route: (req: Seen, seen: Seen[]) => Reply, opts: { now?: () => Date } = {}) {
  const { url: base, seen } = await replayServer((entry, all) =>
    entry.path === "/auth/oauth2/token" ? TOKEN : route(entry, all),
  );
  const { ctx, calls } = recordingContext<AirtelConfig>(
    { baseUrl: base, clientId: "client-id-value", clientSecret: SECRET, timeoutMs: 300 },
    opts.now ?? (() => new Date("2026-06-03T09:00:00Z")),
  );
  return { seen, calls, ctx, api: () => seen.filter((s) => s.path !== "/auth/oauth2/token") };
}

const input: InitiateInput = {
  paymentId: "cmpay0001kampala",
  orderReference: "LGKMP23456",
  amount: { amountMinor: 100_000, currency: "UGX" },
  description: "Order LGKMP23456 · Kampala Music Festival",
  customer: { name: "Sarah Nakato", email: "sarah@example.com", phoneE164: "+256701234567" },
  country: "UG",
  serviceDate: new Date("2026-07-01T12:00:00Z"),
  expiresAt: new Date("2026-06-03T09:15:00Z"),
  returnUrl: "https://lango.example/pay/return/airtel?payment=cmpay0001kampala",
  callbackUrl: "https://lango.example/api/callbacks/airtel",
};
const query = { paymentId: input.paymentId, gatewayReference: input.paymentId, amount: input.amount };

describe("collection (USSD push)", () => {
  it("fetches a token, then posts the collection with X-Country/X-Currency and the national msisdn", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("collection-in-process.json") }));
    const result = await airtelGateway.initiate(input, s.ctx);
    expect(result).toEqual({
      gatewayReference: input.paymentId,
      status: "pending",
      nextAction: {
        type: "await_customer",
        message: "Check your phone and enter your Airtel Money PIN to pay UGX 100,000.",
        pollAfterMs: 2000,
        expiresAt: "2026-06-03T09:01:00.000Z",
      },
    });
    const [token, collection] = s.seen;
    expect(token).toMatchObject({ method: "POST", path: "/auth/oauth2/token" });
    expect(JSON.parse(token.body)).toEqual({
      client_id: "client-id-value",
      client_secret: SECRET,
      grant_type: "client_credentials",
    });
    expect(collection).toMatchObject({ method: "POST", path: "/merchant/v1/payments/" });
    expect(collection.headers).toMatchObject({
      "x-country": "UG",
      "x-currency": "UGX",
      authorization: "Bearer UC*******2w",
      accept: "*/*",
      "content-type": "application/json",
    });
    expect(JSON.parse(collection.body)).toEqual({
      reference: "LGKMP23456",
      subscriber: { country: "UG", currency: "UGX", msisdn: "701234567" },
      transaction: { amount: 100000, country: "UG", currency: "UGX", id: input.paymentId },
    });
    expect(s.calls.map((c) => [c.operation, c.resultCode, c.ok])).toEqual([
      ["token", undefined, true],
      ["collection", "DP00800001006", true],
    ]);
    // Neither the secret nor the token reaches the call log.
    expect(JSON.stringify(s.calls)).not.toContain(SECRET);
    expect(JSON.stringify(s.calls)).not.toContain("UC*******2w");
  });

  it("reuses the token while it is valid, and fetches a new one near its 180 s end", async () => {
    let now = new Date("2026-06-03T09:00:00Z");
    const s = await replay(() => ({ status: 200, body: fixture("collection-in-process.json") }), { now: () => now });
    await airtelGateway.initiate(input, s.ctx);
    now = new Date(now.getTime() + 100_000);
    await airtelGateway.initiate({ ...input, paymentId: "cmpay0002" }, s.ctx);
    expect(s.seen.filter((x) => x.path === "/auth/oauth2/token")).toHaveLength(1);
    now = new Date(now.getTime() + 60_000);
    await airtelGateway.initiate({ ...input, paymentId: "cmpay0003" }, s.ctx);
    expect(s.seen.filter((x) => x.path === "/auth/oauth2/token")).toHaveLength(2);
  });

  it("retries once with a new token after a 401, and gives up after a second", async () => {
    const s = await replay((_req, seen) =>
      seen.filter((x) => x.path !== "/auth/oauth2/token").length === 1
        ? { status: 401, body: "{}" }
        : { status: 200, body: fixture("collection-in-process.json") },
    );
    expect((await airtelGateway.initiate(input, s.ctx)).status).toBe("pending");
    expect(s.seen.map((x) => x.path)).toEqual([
      "/auth/oauth2/token",
      "/merchant/v1/payments/",
      "/auth/oauth2/token",
      "/merchant/v1/payments/",
    ]);

    const t = await replay(() => ({ status: 401, body: "{}" }));
    await expect(airtelGateway.initiate(input, t.ctx)).rejects.toMatchObject({ code: "auth_failed" });
  });

  it("a refusal the buyer can act on fails the payment with a message; a merchant-side one throws", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("collection-refused-balance.json") }));
    expect(await airtelGateway.initiate(input, s.ctx)).toMatchObject({
      status: "failed",
      failure: { gatewayCode: "DP00800001007", message: expect.stringMatching(/balance is too low/) },
    });
    const f = await replay(() => ({ status: 200, body: fixture("collection-forbidden.json") }));
    await expect(airtelGateway.initiate(input, f.ctx)).rejects.toMatchObject({
      code: "auth_failed",
      details: { gatewayCode: "DP00800001026" },
    });
    const u = await replay(() => ({ status: 503, body: "busy" }));
    await expect(airtelGateway.initiate(input, u.ctx)).rejects.toMatchObject({ code: "unavailable" });
  });

  it("a lost or garbled reply leaves the payment pending on our own transaction id, for the enquiry", async () => {
    const slow = await replay(() => ({ status: 200, body: "", hang: true }));
    expect(await airtelGateway.initiate(input, slow.ctx)).toMatchObject({
      status: "pending",
      gatewayReference: input.paymentId,
    });
    const cut = await replay(() => ({ status: 200, body: fixture("collection-in-process.json").slice(0, 40) }));
    expect(await airtelGateway.initiate(input, cut.ctx)).toMatchObject({
      status: "pending",
      gatewayReference: input.paymentId,
    });
    expect(cut.calls.at(-1)).toMatchObject({
      operation: "collection",
      ok: false,
      error: expect.stringMatching(/not JSON/),
    });
  });

  it("refuses a number from another country or an amount with cents before calling Airtel", async () => {
    const s = await replay(() => ({ status: 500, body: "" }));
    expect(
      await airtelGateway.initiate({ ...input, customer: { ...input.customer, phoneE164: "+254712345678" } }, s.ctx),
    ).toMatchObject({
      status: "failed",
      failure: {
        gatewayCode: "invalid_phone",
        message: "Airtel Money needs a Ugandan Airtel number. Check the number and try again.",
      },
    });
    expect(
      await airtelGateway.initiate(
        {
          ...input,
          country: "KE",
          amount: { amountMinor: 2_500_50, currency: "KES" },
          customer: { ...input.customer, phoneE164: "+254733123456" },
        },
        s.ctx,
      ),
    ).toMatchObject({
      status: "failed",
      failure: { gatewayCode: "amount_not_whole" },
    });
    expect(s.seen).toEqual([]);
  });
});

describe("status enquiry", () => {
  const enquire = async (name: string, status = 200) => {
    const s = await replay(() => ({ status, body: fixture(name) }));
    return { result: await airtelGateway.getStatus(query, s.ctx), s };
  };

  it("GETs /standard/v1/payments/{id} with the headers the currency implies", async () => {
    const { result, s } = await enquire("enquiry-success.json");
    expect(result).toEqual({
      status: "succeeded",
      paid: { amountMinor: 100_000, currency: "UGX" },
      receipt: "MP210603.1234.L06941",
    });
    expect(s.api()[0]).toMatchObject({ method: "GET", path: `/standard/v1/payments/${input.paymentId}`, body: "" });
    expect(s.api()[0].headers).toMatchObject({ "x-country": "UG", "x-currency": "UGX" });
    expect(s.calls.at(-1)).toMatchObject({ operation: "enquiry", resultCode: "TS", paymentId: input.paymentId });
  });

  it("TIP and TA are pending; TF says why", async () => {
    expect((await enquire("enquiry-in-progress.json")).result).toEqual({ status: "pending" });
    expect((await enquire("enquiry-ambiguous.json")).result).toEqual({ status: "pending" });
    expect((await enquire("enquiry-failed-pin.json")).result).toEqual({
      status: "failed",
      failure: { gatewayCode: "DP00800001002", message: expect.stringMatching(/PIN was wrong/) },
    });
  });

  it("an id Airtel does not know yet is pending, not failed", async () => {
    expect((await enquire("enquiry-not-found.json", 404)).result).toEqual({ status: "pending" });
    expect((await enquire("enquiry-not-found.json", 200)).result).toEqual({ status: "pending" });
  });

  it("other refusals and outages are errors, never a status", async () => {
    const s = await replay(() => ({ status: 400, body: fixture("refund-refused.json") }));
    await expect(airtelGateway.getStatus(query, s.ctx)).rejects.toMatchObject({
      code: "rejected",
      details: { gatewayCode: "ESB000011" },
    });
    const u = await replay(() => ({ status: 500, body: "{}" }));
    await expect(airtelGateway.getStatus(query, u.ctx)).rejects.toMatchObject({ code: "unavailable" });
    const m = await replay(() => ({ status: 200, body: JSON.stringify({ data: {}, status: { success: true } }) }));
    await expect(airtelGateway.getStatus(query, m.ctx)).rejects.toMatchObject({ code: "malformed_response" });
  });
});

describe("refund", () => {
  const refundInput = {
    refundId: "rf_1",
    paymentId: input.paymentId,
    gatewayReference: input.paymentId,
    receipt: "CI210603.1234.L06941",
    amount: input.amount,
    paymentAmount: input.amount,
    reason: "Event moved",
  };

  it("returns the whole payment by airtel_money_id", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("refund-success.json") }));
    expect(await airtelGateway.refund!(refundInput, s.ctx)).toEqual({
      status: "succeeded",
      gatewayReference: "CI210603.1234.L06941",
    });
    expect(s.api()[0]).toMatchObject({ method: "POST", path: "/standard/v1/payments/refund" });
    expect(s.api()[0].headers).toMatchObject({ "x-country": "UG", "x-currency": "UGX" });
    expect(JSON.parse(s.api()[0].body)).toEqual(JSON.parse(fixture("refund-request.json")));
  });

  it("says why a partial refund cannot go through the API, without calling it", async () => {
    const s = await replay(() => ({ status: 500, body: "" }));
    expect(
      await airtelGateway.refund!({ ...refundInput, amount: { amountMinor: 40_000, currency: "UGX" } }, s.ctx),
    ).toEqual({ status: "failed", failureReason: PARTIAL_REFUND_UNSUPPORTED });
    expect(s.seen).toEqual([]);
  });

  it("reports Airtel's refusal in its own words", async () => {
    const s = await replay(() => ({ status: 400, body: fixture("refund-refused.json") }));
    expect(await airtelGateway.refund!(refundInput, s.ctx)).toEqual({
      status: "failed",
      failureReason:
        "Airtel Money refused the refund (ESB000011: Refund failed: the transaction has already been refunded).",
    });
  });

  it("keeps a refund pending when Airtel's answer to it is lost: it may have sent the money back", async () => {
    const lost: Reply[] = [
      { status: 0, hang: true },
      { status: 503, body: "<html>Service Unavailable</html>" },
      { status: 200, body: fixture("refund-success.json").slice(0, 40) },
    ];
    for (const reply of lost) {
      const s = await replay(() => reply);
      expect(await airtelGateway.refund!(refundInput, s.ctx)).toEqual({ status: "pending" });
      expect(s.api()).toHaveLength(1);
    }
  });

  it("does not wait on a refund whose token request went unanswered: the refund was never sent", async () => {
    const { url: baseUrl, seen } = await replayServer(() => ({ status: 0, hang: true }));
    const { ctx } = recordingContext<AirtelConfig>(
      { baseUrl, clientId: "client-id-silent", clientSecret: SECRET, timeoutMs: 300 },
      () => new Date("2026-06-03T09:00:00Z"),
    );
    await expect(airtelGateway.refund!(refundInput, ctx)).rejects.toMatchObject({ code: "timeout" });
    expect(seen.map((x) => x.path)).toEqual(["/auth/oauth2/token"]);
  });
});

describe("callbacks", () => {
  const req = (rawBody: string, method = "POST"): NotificationRequest => ({
    method,
    headers: new Headers({ "content-type": "application/json" }),
    rawBody,
    query: new URLSearchParams(),
  });

  it("accepts any POST for checking (the enquiry decides) and acknowledges duplicates like new ones", async () => {
    const s = await replay(() => ({ status: 500, body: "" }));
    expect(airtelGateway.verifyCallback(req(fixture("callback-success.json")), s.ctx)).toEqual({
      ok: true,
      anonymous: true,
    });
    expect(airtelGateway.verifyCallback(req("", "GET"), s.ctx)).toMatchObject({ ok: false });
    expect(airtelGateway.callbackAck("duplicate", req("{}"))).toMatchObject({ status: 200 });
    expect(airtelGateway.callbackAck("rejected", req("{}"))).toMatchObject({ status: 403 });
  });
});
