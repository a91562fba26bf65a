/**
 * The Flutterwave adapter over real HTTP against a replay server: a node:http server in this file answering
 * with the recorded payloads verbatim. It holds no Flutterwave logic (not a simulator); each test picks the
 * recording.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { InitiateInput, NotificationRequest } from "../../types";
import { closeReplays, recordingContext, replay as replayServer, type Reply } from "../replay.testkit";
import { FLUTTERWAVE_SIMULATOR, flutterwaveConfigFromEnv, flutterwaveGateway, type FlutterwaveConfig } from "./index";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const TX_REF = "cmfw0pay0001lango0000001";

type Seen = { method: string; path: string; auth?: string; contentType?: string; body: string };
afterAll(closeReplays);

async function replay(reply: (req: Seen) => Reply) {
  const seen: Seen[] = [];
  const { url: base } = await replayServer((req) => {
    const s = {
      method: req.method,
      path: req.path,
      auth: req.headers.authorization,
      contentType: req.headers["content-type"],
      body: req.body,
    };
    seen.push(s);
    return reply(s);
  });
  const config = flutterwaveConfigFromEnv({}, { mode: "simulator", appUrl: base })!;
  const { ctx, calls } = recordingContext<FlutterwaveConfig>(
    { ...config, timeoutMs: 300 },
    () => new Date("2026-07-10T09:00:00Z"),
  );
  return { seen, calls, ctx, base };
}

const input: InitiateInput = {
  paymentId: TX_REF,
  orderReference: "LGAB23CD45",
  amount: { amountMinor: 10_000, currency: "NGN" },
  description: "Order LGAB23CD45 · Lagos",
  customer: { name: "Yemi Desola", email: "user@gmail.com" },
  country: "NG",
  serviceDate: new Date("2026-08-01T06:00:00Z"),
  expiresAt: new Date("2026-07-10T09:15:00Z"),
  returnUrl: `https://lango.example/pay/return/flutterwave?payment=${TX_REF}`,
  callbackUrl: "https://lango.example/api/callbacks/flutterwave",
};
const query = { paymentId: TX_REF, gatewayReference: TX_REF, amount: input.amount };
const errorReply = (status: number, message: string): Reply => ({
  status,
  body: JSON.stringify({ status: "error", message, data: null }),
});

describe("create payment", () => {
  it("posts JSON with the bearer key and redirects to the hosted link", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("create-payment-ok.json") }));
    const result = await flutterwaveGateway.initiate(input, s.ctx);
    expect(result).toEqual({
      gatewayReference: TX_REF,
      status: "pending",
      nextAction: { type: "redirect", url: "https://checkout.flutterwave.com/v3/hosted/pay/…" },
    });
    expect(s.seen[0]).toMatchObject({
      method: "POST",
      path: "/sim/flutterwave/v3/payments",
      auth: `Bearer ${FLUTTERWAVE_SIMULATOR.secretKey}`,
      contentType: "application/json",
    });
    expect(JSON.parse(s.seen[0].body)).toMatchObject({
      tx_ref: TX_REF,
      amount: 100,
      currency: "NGN",
      payment_options: "card, banktransfer, ussd, account",
    });
    expect(s.calls).toEqual([
      expect.objectContaining({
        gateway: "flutterwave",
        operation: "payments",
        resultCode: "success",
        ok: true,
        paymentId: TX_REF,
      }),
    ]);
  });

  it("reports a refused key as auth_failed and a refused request as rejected, with a buyer message", async () => {
    const a = await replay(() => errorReply(401, "Invalid authorization key"));
    await expect(flutterwaveGateway.initiate(input, a.ctx)).rejects.toMatchObject({
      code: "auth_failed",
      details: { buyerMessage: expect.stringMatching(/couldn't start/) },
    });
    const r = await replay(() => errorReply(400, "Invalid currency XYZ"));
    await expect(flutterwaveGateway.initiate(input, r.ctx)).rejects.toMatchObject({
      code: "rejected",
      details: { gatewayCode: "Invalid currency XYZ" },
    });
    expect(r.calls[0]).toMatchObject({ ok: false, resultCode: "Invalid currency XYZ" });
  });

  it("refuses a success without a usable link", async () => {
    const s = await replay(() => ({
      status: 200,
      body: JSON.stringify({ status: "success", message: "Hosted Link", data: { link: "javascript:alert(1)" } }),
    }));
    await expect(flutterwaveGateway.initiate(input, s.ctx)).rejects.toMatchObject({ code: "malformed_response" });
  });
});

describe("status (verify_by_reference)", () => {
  it("reports a successful transaction with Flutterwave's amount and its transaction id as receipt", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("verify-successful.json") }));
    expect(await flutterwaveGateway.getStatus(query, s.ctx)).toEqual({
      status: "succeeded",
      paid: { amountMinor: 10_000, currency: "NGN" },
      receipt: "288200108",
    });
    expect(s.seen[0]).toMatchObject({
      method: "GET",
      path: `/sim/flutterwave/v3/transactions/verify_by_reference?tx_ref=${TX_REF}`,
    });
    expect(s.calls[0]).toMatchObject({ operation: "verify_by_reference", resultCode: "successful", ok: true });
  });

  it("keeps a payment with no transaction yet pending", async () => {
    const s = await replay(() => ({ status: 400, body: fixture("verify-not-found.json") }));
    expect(await flutterwaveGateway.getStatus(query, s.ctx)).toEqual({ status: "pending" });
  });

  it("fails a failed charge with a readable reason", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("verify-failed.json") }));
    expect(await flutterwaveGateway.getStatus(query, s.ctx)).toEqual({
      status: "failed",
      failure: { gatewayCode: "failed: Insufficient funds", message: expect.stringMatching(/enough money/) },
    });
  });

  it("refuses a reply about another tx_ref", async () => {
    const s = await replay(() => ({
      status: 200,
      body: fixture("verify-successful.json").replace(TX_REF, "someone-else"),
    }));
    await expect(flutterwaveGateway.getStatus(query, s.ctx)).rejects.toMatchObject({ code: "malformed_response" });
  });

  it("refuses a success without a readable amount", async () => {
    const s = await replay(() => ({
      status: 200,
      body: fixture("verify-successful.json").replace('"amount": 100,', '"amount": "lots",'),
    }));
    await expect(flutterwaveGateway.getStatus(query, s.ctx)).rejects.toMatchObject({ code: "malformed_response" });
  });

  it("passes the paid amount on for the service to compare, even when it is not the order's", async () => {
    const s = await replay(() => ({
      status: 200,
      body: fixture("verify-successful.json").replace('"amount": 100,', '"amount": 99,'),
    }));
    expect(await flutterwaveGateway.getStatus(query, s.ctx)).toMatchObject({
      status: "succeeded",
      paid: { amountMinor: 9_900, currency: "NGN" },
    });
  });

  it.each([
    [{ status: 502, body: "<html>Bad Gateway</html>" }, "unavailable"],
    [{ status: 500, body: JSON.stringify({ status: "error", message: "oops", data: null }) }, "unavailable"],
    [{ status: 200, body: "<html>maintenance</html>" }, "malformed_response"],
    [
      { status: 200, body: '{"status":"success","message":"Transaction fetched successfully","data":{"id":288200108' },
      "malformed_response",
    ],
    [{ status: 200, body: '{"result":"ok"}' }, "malformed_response"],
    [{ status: 200, body: "", hang: true }, "timeout"],
    [errorReply(401, "Invalid authorization key"), "auth_failed"],
    [errorReply(429, "Too many requests"), "rate_limited"],
  ] as const)("turns %o into %s", async (reply, code) => {
    const s = await replay(() => reply);
    await expect(flutterwaveGateway.getStatus(query, s.ctx)).rejects.toMatchObject({ code });
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0].ok).toBe(false);
  });
});

describe("refund", () => {
  const refund = {
    refundId: "rf_1",
    paymentId: TX_REF,
    gatewayReference: TX_REF,
    receipt: "288200108",
    amount: { amountMinor: 5_000, currency: "NGN" },
    paymentAmount: input.amount,
    reason: "Booth cancelled",
  };

  it("verifies the transaction by id, then refunds the amount in major units", async () => {
    const s = await replay((req) => ({
      status: 200,
      body: req.path.endsWith("/refund") ? fixture("refund-ok.json") : fixture("verify-successful.json"),
    }));
    expect(await flutterwaveGateway.refund!(refund, s.ctx)).toEqual({ status: "succeeded", gatewayReference: "75923" });
    expect(s.seen.map((x) => `${x.method} ${x.path}`)).toEqual([
      "GET /sim/flutterwave/v3/transactions/288200108/verify",
      "POST /sim/flutterwave/v3/transactions/288200108/refund",
    ]);
    expect(JSON.parse(s.seen[1].body)).toEqual({ amount: 50 });
  });

  it("never refunds a transaction id that is not this payment's", async () => {
    const s = await replay(() => ({
      status: 200,
      body: fixture("verify-successful.json").replace(TX_REF, "someone-else"),
    }));
    await expect(flutterwaveGateway.refund!(refund, s.ctx)).rejects.toMatchObject({ code: "malformed_response" });
    expect(s.seen.map((x) => x.path)).not.toContainEqual(expect.stringMatching(/refund$/));
  });

  it("finds the transaction by tx_ref when the payment has no receipt", async () => {
    const s = await replay((req) => ({
      status: 200,
      body: req.path.endsWith("/refund") ? fixture("refund-ok.json") : fixture("verify-successful.json"),
    }));
    expect(await flutterwaveGateway.refund!({ ...refund, receipt: undefined }, s.ctx)).toMatchObject({
      status: "succeeded",
    });
    expect(s.seen[0].path).toContain("verify_by_reference");
  });

  it("records Flutterwave's refusal as a failed refund, and an initiated one as pending", async () => {
    const f = await replay((req) =>
      req.path.endsWith("/refund")
        ? errorReply(400, "Refund amount cannot be more than the refundable balance")
        : { status: 200, body: fixture("verify-successful.json") },
    );
    expect(await flutterwaveGateway.refund!(refund, f.ctx)).toEqual({
      status: "failed",
      failureReason: "Flutterwave refused the refund: Refund amount cannot be more than the refundable balance",
    });
    const p = await replay((req) => ({
      status: 200,
      body: req.path.endsWith("/refund")
        ? fixture("refund-ok.json").replace('"completed"', '"pending"')
        : fixture("verify-successful.json"),
    }));
    expect(await flutterwaveGateway.refund!(refund, p.ctx)).toEqual({ status: "pending", gatewayReference: "75923" });
  });

  it("keeps a refund pending when Flutterwave's answer to it is lost: it may have sent the money back", async () => {
    const verified = { status: 200, body: fixture("verify-successful.json") };
    const lost: Reply[] = [
      { status: 0, hang: true },
      { status: 502, body: "<html>Bad Gateway</html>" },
      { status: 200, body: fixture("refund-ok.json").slice(0, 60) },
    ];
    for (const reply of lost) {
      const s = await replay((req) => (req.path.endsWith("/refund") ? reply : verified));
      expect(await flutterwaveGateway.refund!(refund, s.ctx)).toEqual({ status: "pending" });
      expect(s.calls.map((c) => c.operation)).toEqual(["verify", "refund"]);
    }
  });

  it("does not wait on a refund whose transaction check went unanswered: the refund was never sent", async () => {
    const s = await replay(() => ({ status: 0, hang: true }));
    await expect(flutterwaveGateway.refund!(refund, s.ctx)).rejects.toMatchObject({ code: "timeout" });
    expect(s.seen.map((x) => x.path)).not.toContainEqual(expect.stringMatching(/refund$/));
  });

  it("refuses to refund a payment Flutterwave has no successful charge for", async () => {
    const s = await replay(() => ({ status: 400, body: fixture("verify-not-found.json") }));
    expect(await flutterwaveGateway.refund!(refund, s.ctx)).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/no successful transaction/),
    });
  });
});

describe("webhook source check", () => {
  const req = (headers: Record<string, string>): NotificationRequest => ({
    method: "POST",
    headers: new Headers(headers),
    rawBody: "{}",
    query: new URLSearchParams(),
  });
  const ctx = {
    config: flutterwaveConfigFromEnv({}, { mode: "simulator", appUrl: "http://x" })!,
    fetch,
    now: () => new Date(),
    recordCall: () => {},
  };

  it("accepts the dashboard's secret hash and nothing else", () => {
    expect(flutterwaveGateway.verifyCallback(req({ "verif-hash": FLUTTERWAVE_SIMULATOR.secretHash }), ctx)).toEqual({
      ok: true,
    });
    expect(flutterwaveGateway.verifyCallback(req({}), ctx)).toEqual({ ok: false, reason: "missing verif-hash header" });
    for (const wrong of [
      "x",
      `${FLUTTERWAVE_SIMULATOR.secretHash}x`,
      FLUTTERWAVE_SIMULATOR.secretHash.slice(0, -1),
      FLUTTERWAVE_SIMULATOR.secretHash.toUpperCase(),
    ]) {
      expect(flutterwaveGateway.verifyCallback(req({ "verif-hash": wrong }), ctx).ok, wrong).toBe(false);
    }
  });

  it("answers Flutterwave with 200, and 401 when refused", () => {
    expect(flutterwaveGateway.callbackAck("accepted", req({}))).toMatchObject({ status: 200 });
    expect(flutterwaveGateway.callbackAck("duplicate", req({}))).toMatchObject({ status: 200 });
    expect(flutterwaveGateway.callbackAck("rejected", req({}))).toMatchObject({ status: 401 });
  });
});

describe("call log", () => {
  it("never records the secret key", async () => {
    const s = await replay((req) => ({
      status: 200,
      body: req.method === "POST" ? fixture("create-payment-ok.json") : fixture("verify-successful.json"),
    }));
    await flutterwaveGateway.initiate(input, s.ctx);
    await flutterwaveGateway.getStatus(query, s.ctx);
    expect(s.seen[0].auth).toContain(FLUTTERWAVE_SIMULATOR.secretKey);
    expect(JSON.stringify(s.calls)).not.toContain(FLUTTERWAVE_SIMULATOR.secretKey);
  });
});
