/**
 * The Ksher adapter over real HTTP against a replay server: a node:http server in this file answering with
 * the recorded payloads. It holds no Ksher logic (not a simulator); each test picks the reply.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { InitiateInput } from "../../types";
import { closeReplays, recordingContext, replay as replayServer, type Reply } from "../replay.testkit";
import { KSHER_PUBLIC_KEY, type KsherConfig } from "./config";
import { fixtureText, resigned, throwawayPair } from "./keys.testkit";
import { ksherGateway } from "./index";
import { verifyFields } from "./sign";

afterAll(closeReplays);

const merchant = throwawayPair();
const ksher = throwawayPair();

/** A replay server; `recordedKey` uses Ksher's published key, so the recorded real signatures verify. */
async function replay(reply: (path: string, form: URLSearchParams) => Reply, opts: { recordedKey?: boolean } = {}) {
  const seen: Array<{ path: string; headers: Record<string, string | string[] | undefined>; form: URLSearchParams }> =
    [];
  const { url: base } = await replayServer((req) => {
    const form = new URLSearchParams(req.body);
    seen.push({ path: req.path, headers: req.headers, form });
    return reply(req.path, form);
  });
  const config: KsherConfig = {
    appid: "mch35005",
    privateKey: merchant.privateKey,
    ksherPublicKey: opts.recordedKey ? KSHER_PUBLIC_KEY : ksher.publicKey,
    gatewayUrl: `${base}/api`,
    payUrl: `${base}/KsherPay`,
    timeoutMs: 300,
  };
  const { ctx, calls } = recordingContext(config, () => new Date("2026-12-01T09:00:00Z"));
  return { seen, calls, ctx };
}

const input: InitiateInput = {
  paymentId: "2023-02-22-17-11-00",
  orderReference: "LGABCD2345",
  amount: { amountMinor: 100, currency: "THB" },
  description: "Order LGABCD2345 · Bangkok Design Week",
  customer: { name: "Ploy Srisuk", email: "ploy@example.com" },
  country: "TH",
  serviceDate: new Date("2027-01-01T03:00:00Z"),
  expiresAt: new Date("2026-12-01T09:15:00Z"),
  returnUrl: "https://lango.example/pay/return/ksher?payment=2023-02-22-17-11-00",
  callbackUrl: "https://lango.example/api/callbacks/ksher",
};
const query = { paymentId: input.paymentId, gatewayReference: input.paymentId, amount: input.amount };
const ok = (body: string): Reply => ({ status: 200, body });

describe("gateway_pay", () => {
  it("posts a signed form and redirects to pay_content (Ksher's real reply)", async () => {
    const s = await replay(() => ok(fixtureText("gateway-pay-ok.json")), { recordedKey: true });
    expect(await ksherGateway.initiate(input, s.ctx)).toEqual({
      gatewayReference: input.paymentId,
      status: "pending",
      nextAction: {
        type: "redirect",
        url: "https://gateway.ksher.com/ua?order_uuid=f624f098b8d111edacef525400962f26&lang=en",
      },
    });
    const [req] = s.seen;
    expect(req.path).toBe("/api/gateway_pay");
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req.headers["ksher-sign-version"]).toBeUndefined(); // the published key is the 512-bit V1 one
    const form = Object.fromEntries(req.form);
    expect(form).toMatchObject({
      appid: "mch35005",
      mch_order_no: input.paymentId,
      total_fee: "100",
      fee_type: "THB",
      time_stamp: "20261201160000",
    });
    expect(form.nonce_str).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(verifyFields(form, form.sign, merchant.publicKey)).toBe(true);
    expect(s.calls).toEqual([
      expect.objectContaining({
        gateway: "ksher",
        operation: "gateway_pay",
        ok: true,
        httpStatus: 200,
        paymentId: input.paymentId,
      }),
    ]);
    expect(JSON.stringify(s.calls)).not.toContain("PRIVATE KEY");
  });

  it("refuses a reply whose signature does not verify, whatever it says", async () => {
    const s = await replay(() => ok(fixtureText("gateway-pay-ok.json").replace("f624f098", "aaaaaaaa")), {
      recordedKey: true,
    });
    await expect(ksherGateway.initiate(input, s.ctx)).rejects.toMatchObject({
      code: "malformed_response",
      details: { gatewayCode: "VERIFY_KSHER_SIGN_FAIL" },
    });
  });

  it("turns a business refusal into a rejected error with a buyer message", async () => {
    const s = await replay(() =>
      ok(
        JSON.stringify({
          code: 0,
          msg: "ok",
          data: { result: "FAIL", err_code: "CHANNEL_ERROR", err_msg: "channel not supported" },
          sign: "",
        }),
      ),
    );
    const body = resigned("gateway-pay-ok.json", ksher.privateKey, {
      pay_content: "",
      result: "FAIL",
      err_code: "CHANNEL_ERROR",
      err_msg: "channel not supported",
    });
    const t = await replay(() => ok(body));
    await expect(ksherGateway.initiate(input, t.ctx)).rejects.toMatchObject({
      code: "rejected",
      details: { gatewayCode: "CHANNEL_ERROR", buyerMessage: expect.stringMatching(/couldn't start/) },
    });
    // Unsigned FAIL: not even read.
    await expect(ksherGateway.initiate(input, s.ctx)).rejects.toMatchObject({ code: "malformed_response" });
  });

  it("sends ksher-sign-version V2 when Ksher's key is a 2048-bit one", async () => {
    const big = (await import("node:crypto")).generateKeyPairSync("rsa", { modulusLength: 2048 });
    const s = await replay(() =>
      ok(resigned("gateway-pay-ok.json", big.privateKey.export({ type: "pkcs1", format: "pem" }).toString())),
    );
    s.ctx.config.ksherPublicKey = big.publicKey.export({ type: "pkcs1", format: "pem" }).toString();
    await ksherGateway.initiate(input, s.ctx);
    expect(s.seen[0].headers["ksher-sign-version"]).toBe("V2");
  });
});

describe("gateway_order_query", () => {
  it("keeps an unpaid order pending (Ksher's real NOTSURE reply, total_fee a number)", async () => {
    const s = await replay(() => ok(fixtureText("gateway-order-query-notsure.json")), { recordedKey: true });
    expect(await ksherGateway.getStatus(query, s.ctx)).toEqual({ status: "pending" });
    expect(s.seen[0].path).toBe("/api/gateway_order_query");
    expect(s.calls[0]).toMatchObject({ resultCode: "NOTSURE", ok: true });
  });

  it("reports a paid order with Ksher's amount and order number", async () => {
    const s = await replay(() => ok(resigned("gateway-order-query-success.json", ksher.privateKey)));
    expect(await ksherGateway.getStatus(query, s.ctx)).toEqual({
      status: "succeeded",
      paid: { amountMinor: 100, currency: "THB" },
      receipt: "90020230222171105924882",
    });
  });

  it.each([
    ["PAYERROR", { status: "failed", failure: { gatewayCode: "PAYERROR" } }],
    ["CLOSED", { status: "expired", failure: { gatewayCode: "CLOSED" } }],
    ["FAIL", { status: "pending" }],
  ] as const)("reads %s", async (result, expected) => {
    const s = await replay(() => ok(resigned("gateway-order-query-notsure.json", ksher.privateKey, { result })));
    expect(await ksherGateway.getStatus(query, s.ctx)).toMatchObject(expected);
  });

  it("refuses a success without an amount, or an answer about another order", async () => {
    const a = await replay(() => ok(resigned("gateway-order-query-success.json", ksher.privateKey, { total_fee: "" })));
    await expect(ksherGateway.getStatus(query, a.ctx)).rejects.toMatchObject({ code: "malformed_response" });
    const b = await replay(() =>
      ok(resigned("gateway-order-query-success.json", ksher.privateKey, { mch_order_no: "someone-else" })),
    );
    await expect(ksherGateway.getStatus(query, b.ctx)).rejects.toMatchObject({ code: "malformed_response" });
  });

  it.each([
    [{ status: 502, body: "<html>Bad Gateway</html>" }, "unavailable"],
    [{ status: 200, body: "<html>maintenance</html>" }, "malformed_response"],
    [{ status: 200, body: '{"code":0,"data":{"result":"SUCC' }, "malformed_response"],
    [{ status: 200, body: JSON.stringify({ code: 1, msg: "SIGN_ERROR: the signature does not verify" }) }, "rejected"],
    [{ status: 200, body: "", hang: true }, "timeout"],
  ] as const)("turns %o into %s", async (reply, code) => {
    const s = await replay(() => reply);
    await expect(ksherGateway.getStatus(query, s.ctx)).rejects.toMatchObject({ code });
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0].ok).toBe(false);
  });
});

describe("cancel_order and order_refund", () => {
  it("cancels an open order and reports one that could not be cancelled", async () => {
    const done = await replay(() =>
      ok(resigned("gateway-pay-ok.json", ksher.privateKey, { pay_content: undefined, result: "SUCCESS" })),
    );
    await expect(ksherGateway.cancel!(query, done.ctx)).resolves.toBeUndefined();
    expect(done.seen[0].path).toBe("/api/cancel_order");
    const paid = await replay(() =>
      ok(
        resigned("gateway-pay-ok.json", ksher.privateKey, {
          result: "FAIL",
          err_code: "ORDER_PAID",
          err_msg: "order already paid",
        }),
      ),
    );
    await expect(ksherGateway.cancel!(query, paid.ctx)).rejects.toMatchObject({
      code: "rejected",
      details: { gatewayCode: "ORDER_PAID" },
    });
  });

  it("refunds part of a payment against the order's total, named by our refund id", async () => {
    const s = await replay(() => ok(resigned("order-refund-success.json", ksher.privateKey)));
    const refund = {
      refundId: "rf_1",
      paymentId: query.paymentId,
      gatewayReference: query.gatewayReference,
      amount: { amountMinor: 40, currency: "THB" },
      paymentAmount: input.amount,
      reason: "One ticket back",
    };
    expect(await ksherGateway.refund!(refund, s.ctx)).toEqual({
      status: "succeeded",
      gatewayReference: "90020230222180000123456",
    });
    expect(s.seen[0].path).toBe("/KsherPay/order_refund");
    expect(Object.fromEntries(s.seen[0].form)).toMatchObject({
      mch_order_no: query.gatewayReference,
      mch_refund_no: "rf_1",
      total_fee: "100",
      refund_fee: "40",
      fee_type: "THB",
      version: "3.0.0",
    });

    const refused = await replay(() =>
      ok(
        resigned("order-refund-success.json", ksher.privateKey, {
          result: "FAIL",
          err_code: "REFUND_FEE_ERROR",
          err_msg: "refund_fee exceeds the refundable 60",
          ksher_refund_no: "",
        }),
      ),
    );
    expect(await ksherGateway.refund!(refund, refused.ctx)).toEqual({
      status: "failed",
      failureReason: "Ksher refused the refund (REFUND_FEE_ERROR: refund_fee exceeds the refundable 60).",
    });
  });

  it("keeps a refund pending when Ksher's answer is lost or cannot be trusted: it may have sent the money back", async () => {
    const refund = {
      refundId: "rf_2",
      paymentId: query.paymentId,
      gatewayReference: query.gatewayReference,
      amount: input.amount,
      paymentAmount: input.amount,
      reason: "Event cancelled",
    };
    const lost: Reply[] = [
      { status: 0, hang: true },
      { status: 500, body: "<html><body><h1>500 Internal Server Error</h1></body></html>" },
      ok(resigned("order-refund-success.json", ksher.privateKey).slice(0, 50)),
      // Signed with a key that is not Ksher's: a "SUCCESS" nobody can vouch for, and no proof of a refusal.
      ok(resigned("order-refund-success.json", merchant.privateKey)),
    ];
    for (const reply of lost) {
      const s = await replay(() => reply);
      expect(await ksherGateway.refund!(refund, s.ctx)).toEqual({ status: "pending" });
    }
  });
});
