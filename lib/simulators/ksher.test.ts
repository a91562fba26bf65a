// Ksher simulator over real HTTP, with requests signed by hand from reference/gateways.md §6.
import { createSign, createVerify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ksherSandboxCredentials } from "../sandbox-accounts/ksher";
import { simulatorHarnessPerFile } from "./testing/harness";
import { startCaptureServer, type CaptureServer } from "./testing/http-server";

const h = simulatorHarnessPerFile();
const creds = ksherSandboxCredentials();

/** Sorted `key=value` pairs, no separator, `sign` left out (gateways.md §6). */
const message = (fields: Record<string, unknown>) =>
  Object.keys(fields)
    .filter((k) => k !== "sign")
    .sort()
    .map((k) => `${k}=${String(fields[k])}`)
    .join("");

const signed = (fields: Record<string, string>, key = creds.privateKey) => ({
  ...fields,
  sign: createSign("RSA-MD5").update(message(fields)).sign(key, "hex"),
});

const ksherVerifies = (body: { data: Record<string, unknown>; sign: string }) =>
  createVerify("RSA-MD5").update(message(body.data)).verify(creds.ksherPublicKey, body.sign, "hex");

let n = 0;
const common = () => ({ appid: creds.appid, nonce_str: `n${++n}`.padEnd(32, "x"), time_stamp: "20261201180000" });

async function call(path: string, fields: Record<string, string>, sign = true) {
  const body = new URLSearchParams(sign ? signed({ ...common(), ...fields }) : { ...common(), ...fields, sign: "00" });
  const res = await fetch(`${h.sim}/ksher${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  return {
    res,
    body: (await res.json()) as { code: number; msg: string; data: Record<string, unknown>; sign: string },
  };
}

let acking: CaptureServer;
let ackAs = JSON.stringify({ result: "SUCCESS", msg: "OK" });
beforeAll(async () => {
  acking = await startCaptureServer(() => ({ body: ackAs, contentType: "application/json" }));
});
afterAll(() => acking.close());

async function order(extra: Record<string, string> = {}) {
  const mch = `pay_${Date.now()}_${++n}`;
  const { body } = await call("/api/gateway_pay", {
    mch_order_no: mch,
    total_fee: "80000",
    fee_type: "THB",
    mch_code: "LGABCD2345",
    refer_url: h.app.url,
    mch_redirect_url: `${h.app.url}/pay/return/ksher?payment=${mch}`,
    mch_redirect_url_fail: `${h.app.url}/pay/return/ksher?payment=${mch}&failed=1`,
    mch_notify_url: `${acking.url}/api/callbacks/ksher`,
    product_name: "Order LGABCD2345 · Bangkok Design Week",
    channel_list: "promptpay,truemoney,card",
    device: "H5",
    lang: "en",
    ...extra,
  });
  expect(body).toMatchObject({
    code: 0,
    msg: "SUCCESS",
    data: { pay_content: expect.stringMatching(/\/sim\/ksher\/ua\?order_uuid=[0-9a-f]{32}&lang=en$/) },
  });
  expect(ksherVerifies(body)).toBe(true);
  return { mch, page: body.data.pay_content as string };
}

const choose = (page: string, choice: Record<string, string>) =>
  fetch(page, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(choice),
  });

describe("requests", () => {
  it("refuses an unsigned or wrongly signed request, and an unknown appid", async () => {
    expect((await call("/api/gateway_order_query", { mch_order_no: "x" }, false)).body).toMatchObject({
      code: 1,
      msg: expect.stringMatching(/^SIGN_ERROR/),
    });
    const other = await call("/api/gateway_order_query", { mch_order_no: "x", appid: "mch1" });
    expect(other.body).toMatchObject({ code: 1, msg: expect.stringMatching(/^APPID_NOT_EXIST/) });
  });

  it("answers an open order NOTSURE with total_fee as a number, and an unknown one FAIL", async () => {
    const { mch } = await order();
    const q = await call("/api/gateway_order_query", { mch_order_no: mch });
    expect(q.body).toMatchObject({
      code: 0,
      msg: "操作成功",
      data: { result: "NOTSURE", total_fee: 80000, fee_type: "THB", mch_order_no: mch, ksher_order_no: "" },
    });
    expect(ksherVerifies(q.body)).toBe(true);
    expect((await call("/api/gateway_order_query", { mch_order_no: "nope" })).body.data).toMatchObject({
      result: "FAIL",
      err_code: "ORDER_NOT_EXIST",
    });
  });

  it("refuses a second order with the same mch_order_no and an unknown channel", async () => {
    const { mch } = await order();
    expect(
      (
        await call("/api/gateway_pay", {
          mch_order_no: mch,
          total_fee: "1",
          fee_type: "THB",
          mch_code: "x",
          refer_url: h.app.url,
          mch_redirect_url: h.app.url,
          mch_redirect_url_fail: h.app.url,
          product_name: "x",
          channel_list: "card",
        })
      ).body.data,
    ).toMatchObject({ result: "FAIL", err_code: "ORDER_EXIST" });
    expect(
      (
        await call("/api/gateway_pay", {
          mch_order_no: "y1",
          total_fee: "1",
          fee_type: "THB",
          mch_code: "x",
          refer_url: h.app.url,
          mch_redirect_url: h.app.url,
          mch_redirect_url_fail: h.app.url,
          product_name: "x",
          channel_list: "bitcoin",
        })
      ).body.data,
    ).toMatchObject({ result: "FAIL", err_code: "CHANNEL_ERROR" });
  });
});

describe("hosted page and webhook", () => {
  it("pays by TrueMoney, redirects to the success URL and sends the signed webhook once when acknowledged", async () => {
    acking.clear();
    const { mch, page } = await order();
    const html = await (await fetch(page)).text();
    expect(html).toContain("THB 800");
    expect(html).toContain("Pay with PromptPay");
    const res = await choose(page, { pay: "truemoney" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`${h.app.url}/pay/return/ksher?payment=${mch}`);
    const [hook] = await acking.waitFor((r) => r.length >= 1);
    expect(hook.headers["content-type"]).toBe("text/plain;charset=utf-8");
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({
      code: 0,
      data: {
        mch_order_no: mch,
        result: "SUCCESS",
        channel: "truemoney",
        total_fee: 80000,
        ksher_order_no: expect.stringMatching(/^900\d+/),
      },
    });
    expect(ksherVerifies(body)).toBe(true);
    await new Promise((r) => setTimeout(r, 1300));
    expect(acking.requests).toHaveLength(1);
    const q = await call("/api/gateway_order_query", { mch_order_no: mch });
    expect(q.body.data).toMatchObject({
      result: "SUCCESS",
      ksher_order_no: body.data.ksher_order_no,
      time_end: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    });
  });

  it("resends the same webhook until the merchant answers exactly the expected body", async () => {
    acking.clear();
    ackAs = "OK";
    try {
      const { page } = await order();
      await choose(page, { pay: "promptpay" });
      const seen = await acking.waitFor((r) => r.length >= 3, 6000);
      expect(new Set(seen.map((r) => r.body)).size).toBe(1);
      ackAs = JSON.stringify({ result: "SUCCESS", msg: "OK" });
      // The next retry (2 s later) is acknowledged; the earlier "once" test shows none follows an acknowledgement.
      await acking.waitFor((r) => r.length >= 4, 6000);
    } finally {
      ackAs = JSON.stringify({ result: "SUCCESS", msg: "OK" });
    }
  }, 20_000);

  it("a failed payment goes to the failure URL, sends no webhook, and answers PAYERROR", async () => {
    acking.clear();
    const { mch, page } = await order();
    const res = await choose(page, { fail: "card" });
    expect(res.headers.get("location")).toContain("failed=1");
    expect((await call("/api/gateway_order_query", { mch_order_no: mch })).body.data).toMatchObject({
      result: "PAYERROR",
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(acking.requests).toHaveLength(0);
  });

  it("cancel_order closes an open order so the page no longer takes money, and refuses a paid one", async () => {
    const open = await order();
    expect((await call("/api/cancel_order", { mch_order_no: open.mch })).body.data).toMatchObject({
      result: "SUCCESS",
    });
    expect(await (await fetch(open.page)).text()).toMatch(/closed/);
    expect((await call("/api/gateway_order_query", { mch_order_no: open.mch })).body.data).toMatchObject({
      result: "CLOSED",
    });
    const paid = await order();
    await choose(paid.page, { pay: "card" });
    expect((await call("/api/cancel_order", { mch_order_no: paid.mch })).body.data).toMatchObject({
      result: "FAIL",
      err_code: "ORDER_PAID",
    });
  });
});

describe("order_refund", () => {
  it("refunds in part and in full, once per mch_refund_no, never beyond what was paid", async () => {
    const { mch, page } = await order();
    const refund = (no: string, fee: string, total = "80000") =>
      call("/KsherPay/order_refund", {
        mch_order_no: mch,
        mch_refund_no: no,
        total_fee: total,
        refund_fee: fee,
        fee_type: "THB",
        version: "3.0.0",
      });
    expect((await refund("r0", "100")).body.data).toMatchObject({ result: "FAIL", err_code: "ORDER_NOT_PAID" });
    await choose(page, { pay: "card" });
    const part = await refund("r1", "30000");
    expect(part.body.data).toMatchObject({
      result: "SUCCESS",
      refund_fee: 30000,
      total_fee: 80000,
      mch_refund_no: "r1",
    });
    expect(ksherVerifies(part.body)).toBe(true);
    expect((await refund("r1", "30000")).body.data.ksher_refund_no).toBe(part.body.data.ksher_refund_no);
    expect((await refund("r2", "50001")).body.data).toMatchObject({ result: "FAIL", err_code: "REFUND_FEE_ERROR" });
    expect((await refund("r2", "100", "90000")).body.data).toMatchObject({
      result: "FAIL",
      err_code: "TOTAL_FEE_ERROR",
    });
    expect((await refund("r2", "50000")).body.data).toMatchObject({ result: "SUCCESS" });
    expect((await call("/api/gateway_order_query", { mch_order_no: mch })).body.data).toMatchObject({
      result: "REFUND",
    });
  });
});

describe("faults", () => {
  it("http_500 takes the API down but not the page", async () => {
    const { page } = await order();
    await h.control("/faults", { gateway: "ksher", fault: "http_500" });
    const res = await fetch(`${h.sim}/ksher/api/gateway_order_query`, { method: "POST", body: "" });
    expect(res.status).toBe(500);
    expect((await fetch(page)).status).toBe(200);
  });
});

describe("pentest 12.10: Ksher sends the payer and its notification only to the app's origin or this machine", () => {
  it.each(["mch_notify_url", "mch_redirect_url", "mch_redirect_url_fail", "refer_url"])(
    "refuses a %s on another host with PARAM_ERROR",
    async (field) => {
      const mch = `ssrf_${++n}`;
      const { body } = await call("/api/gateway_pay", {
        mch_order_no: mch,
        total_fee: "80000",
        fee_type: "THB",
        mch_code: "LGABCD2345",
        refer_url: h.app.url,
        mch_redirect_url: `${h.app.url}/pay/return/ksher`,
        mch_redirect_url_fail: `${h.app.url}/pay/return/ksher?failed=1`,
        mch_notify_url: `${acking.url}/api/callbacks/ksher`,
        product_name: "Order",
        channel_list: "promptpay",
        [field]: "https://example.com/ksher",
      });
      expect(body).toMatchObject({ code: 1, msg: `PARAM_ERROR: ${field} is not a URL` });
    },
  );
});
