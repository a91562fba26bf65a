import { describe, expect, it } from "vitest";
import type { InitiateInput } from "../../types";
import { ORDER_RESULTS, orderVerdict } from "./codes";
import { fixtureText, resigned, throwawayPair } from "./keys.testkit";
import {
  buildGatewayPay,
  channelList,
  expireMinutes,
  field,
  fromTotalFee,
  ksherSupports,
  parseNotification,
  parseReturn,
  toTotalFee,
  verifyNotification,
} from "./transform";

/** The error a call throws, for its fields (a GatewayError's gateway and code reach the admin's payment log). */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (err) {
    return err;
  }
  throw new Error("did not throw");
}

/** The recorded webhook with `data` fields changed or removed (undefined); unsigned, as parseNotification reads it. */
function notification(patch: Record<string, unknown>): string {
  const body = JSON.parse(fixtureText("mch-notify-success.json"));
  return JSON.stringify({ ...body, data: { ...body.data, ...patch } });
}

const input: InitiateInput = {
  paymentId: "cmpay01j9z3q8r2xk",
  orderReference: "LGABCD2345",
  amount: { amountMinor: 160_000, currency: "THB" },
  description: "Order LGABCD2345 ·   Bangkok Design Week",
  customer: { name: "Ploy Srisuk", email: "ploy@example.com", phoneE164: "+66812345678" },
  method: "truemoney",
  country: "TH",
  serviceDate: new Date("2027-01-01T03:00:00Z"),
  expiresAt: new Date("2026-12-01T09:15:30Z"),
  returnUrl: "https://lango.example/pay/return/ksher?payment=cmpay01j9z3q8r2xk",
  callbackUrl: "https://lango.example/api/callbacks/ksher",
};

describe("amounts", () => {
  it("sends satang as an integer string and reads numbers or digit strings back", () => {
    expect(toTotalFee({ amountMinor: 100, currency: "THB" })).toBe("100");
    expect(() => toTotalFee({ amountMinor: 100, currency: "KES" })).toThrow(/THB/);
    expect(() => toTotalFee({ amountMinor: 0, currency: "THB" })).toThrow();
    expect(fromTotalFee(100, "THB")).toEqual({ amountMinor: 100, currency: "THB" });
    expect(fromTotalFee("160000", "thb")).toEqual({ amountMinor: 160_000, currency: "THB" });
    for (const bad of [1.5, "1.50", "", "-1", null, undefined]) expect(fromTotalFee(bad, "THB")).toBeUndefined();
    expect(fromTotalFee(100, "")).toBeUndefined();
  });

  it("refuses a non-baht or non-positive amount as a rejection by Ksher, naming what was wrong", () => {
    expect(thrown(() => toTotalFee({ amountMinor: 100, currency: "KES" }))).toMatchObject({
      gateway: "ksher",
      code: "rejected",
      message: "Ksher takes THB only, not KES",
    });
    expect(thrown(() => toTotalFee({ amountMinor: -5, currency: "THB" }))).toMatchObject({
      gateway: "ksher",
      code: "rejected",
      message: "Invalid amount -5",
    });
  });

  it("reads a padded total_fee and fee_type, and refuses a currency that is not three letters", () => {
    expect(fromTotalFee(" 160000 ", " thb ")).toEqual({ amountMinor: 160_000, currency: "THB" });
    for (const feeType of ["THBX", "XTHB", "TH", 764, null])
      expect(fromTotalFee(100, feeType), String(feeType)).toBeUndefined();
  });

  it("reads Ksher's mixed numbers and strings in data as text, and nothing from blanks", () => {
    const data = { n: 100, s: " SUCCESS ", blank: "  ", nan: Number.NaN, inf: Infinity, flag: true };
    expect(field(data, "n")).toBe("100");
    expect(field(data, "s")).toBe("SUCCESS");
    for (const key of ["blank", "nan", "inf", "flag", "missing"]) expect(field(data, key), key).toBeUndefined();
  });

  it("supports baht in Thailand only", () => {
    expect(ksherSupports("THB", "TH")).toBe(true);
    expect(ksherSupports("thb", "th")).toBe(true);
    expect(ksherSupports("THB", "KE")).toBe(false);
    expect(ksherSupports("KES", "TH")).toBe(false);
  });
});

describe("gateway_pay", () => {
  it("builds the order with our payment id, the return and notify URLs and the picked channel", () => {
    const now = new Date("2026-12-01T09:00:00Z");
    expect(buildGatewayPay(input, now)).toEqual({
      mch_order_no: "cmpay01j9z3q8r2xk",
      total_fee: "160000",
      fee_type: "THB",
      mch_code: "LGABCD2345",
      refer_url: "https://lango.example",
      mch_redirect_url: input.returnUrl,
      mch_redirect_url_fail: `${input.returnUrl}&failed=1`,
      mch_notify_url: input.callbackUrl,
      product_name: "Order LGABCD2345 · Bangkok Design Week",
      channel_list: "truemoney",
      device: "H5",
      lang: "en",
      expire_time: "15",
    });
  });

  it("names the product in at most 100 characters, and falls back to the order reference when blank", () => {
    const now = new Date("2026-12-01T09:00:00Z");
    expect(buildGatewayPay({ ...input, description: "x".repeat(150) }, now).product_name).toBe("x".repeat(100));
    expect(buildGatewayPay({ ...input, description: "  \n " }, now).product_name).toBe("LGABCD2345");
  });

  it("offers every channel when none (or an unknown one) was picked", () => {
    expect(channelList(undefined)).toBe("promptpay,truemoney,card,linepay,airpay");
    expect(channelList("bitcoin")).toBe("promptpay,truemoney,card,linepay,airpay");
    expect(channelList("PromptPay")).toBe("promptpay");
  });

  it("closes the Ksher order no later than our hold", () => {
    expect(expireMinutes(new Date("2026-12-01T09:15:59Z"), new Date("2026-12-01T09:00:00Z"))).toBe(15);
    expect(expireMinutes(new Date("2026-12-01T09:00:10Z"), new Date("2026-12-01T09:00:00Z"))).toBe(1);
  });
});

describe("order results", () => {
  it.each([
    ["SUCCESS", "succeeded"],
    ["NOTSURE", "pending"],
    ["NOTPAY", "pending"],
    ["USERPAYING", "pending"],
    ["PENDING", "pending"],
    ["PAYERROR", "failed"],
    ["CLOSED", "expired"],
    ["REFUND", "failed"],
    ["FAIL", "pending"], // the query failed, not the payment
    ["SOMETHING_NEW", "pending"],
  ])("%s → %s", (result, status) => {
    expect(orderVerdict(result).status).toBe(status);
  });

  it("gives every final result a buyer message and keeps Ksher's word as the code", () => {
    for (const [result, outcome] of Object.entries(ORDER_RESULTS)) {
      if (outcome.status === "succeeded" || outcome.status === "pending") continue;
      expect(orderVerdict(result).failure).toEqual({
        gatewayCode: result,
        message: expect.stringMatching(/try again/i),
      });
    }
  });
});

describe("webhook", () => {
  const ksher = throwawayPair();

  it("verifies the signature over data and turns the webhook into a claim", () => {
    const body = resigned("mch-notify-success.json", ksher.privateKey);
    expect(verifyNotification(body, ksher.publicKey)).toEqual({ ok: true });
    expect(parseNotification(body)).toEqual({
      type: "payment",
      dedupeKey: "ksher:notify:2023-02-22-17-11-00:90020230222171105924882:SUCCESS",
      paymentId: "2023-02-22-17-11-00",
      gatewayReference: "2023-02-22-17-11-00",
      claimedStatus: "succeeded",
      claimedAmount: { amountMinor: 100, currency: "THB" },
      receipt: "90020230222171105924882",
    });
  });

  it("refuses a forged, altered or unsigned webhook", () => {
    const forger = throwawayPair();
    expect(verifyNotification(resigned("mch-notify-success.json", forger.privateKey), ksher.publicKey)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/signature/),
    });
    const altered = JSON.parse(resigned("mch-notify-success.json", ksher.privateKey));
    altered.data.total_fee = 1;
    expect(verifyNotification(JSON.stringify(altered), ksher.publicKey).ok).toBe(false);
    expect(verifyNotification(fixtureText("mch-notify-success.json"), ksher.publicKey).ok).toBe(false);
    for (const junk of ["", "OK", "{}", '{"data":"x","sign":"ab"}', "<xml/>"])
      expect(verifyNotification(junk, ksher.publicKey).ok).toBe(false);
  });

  it.each([
    ["empty", "", /not a Ksher notification/],
    ["not JSON", "result=SUCCESS", /not a Ksher notification/],
    ["an empty object", "{}", /not a Ksher notification/],
    ["data that is not an object", '{"code":0,"data":"x","sign":"ab"}', /not a Ksher notification/],
    ["no order", JSON.stringify({ code: 0, data: { result: "SUCCESS" }, sign: "ab" }), /without mch_order_no/],
  ])("ignores a malformed webhook (%s), saying why in the log", (_n, body, reason) => {
    expect(parseNotification(body)).toEqual({ type: "ignored", reason: expect.stringMatching(reason) });
  });

  it("says why a webhook was refused: unreadable, or a signature that does not verify", () => {
    expect(verifyNotification("<xml/>", ksher.publicKey)).toEqual({
      ok: false,
      reason: "not a Ksher notification (JSON with data and sign)",
    });
    expect(
      verifyNotification(resigned("mch-notify-success.json", throwawayPair().privateKey), ksher.publicKey),
    ).toEqual({ ok: false, reason: "signature does not verify with Ksher's key" });
  });

  it("tells the buyer why a failed payment failed, with Ksher's result as the code", () => {
    expect(parseNotification(notification({ result: "PAYERROR" }))).toMatchObject({
      claimedStatus: "failed",
      dedupeKey: "ksher:notify:2023-02-22-17-11-00:90020230222171105924882:PAYERROR",
      failure: { gatewayCode: "PAYERROR", message: expect.stringMatching(/did not go through/) },
    });
    expect(parseNotification(notification({}))).not.toHaveProperty("failure");
  });

  it("keeps a webhook without a result or Ksher order number as a pending claim with a stable key", () => {
    const claim = parseNotification(notification({ result: undefined, ksher_order_no: undefined }));
    expect(claim).toEqual({
      type: "payment",
      dedupeKey: "ksher:notify:2023-02-22-17-11-00::",
      paymentId: "2023-02-22-17-11-00",
      gatewayReference: "2023-02-22-17-11-00",
      claimedStatus: "pending",
      claimedAmount: { amountMinor: 100, currency: "THB" },
    });
  });

  it("reads only a plain mch_order_no from the return", () => {
    expect(parseReturn(new URLSearchParams("payment=p1&mch_order_no=cm123&result=SUCCESS"))).toEqual({
      paymentId: "cm123",
      gatewayReference: "cm123",
    });
    expect(parseReturn(new URLSearchParams("mch_order_no=+cm123+"))).toEqual({
      paymentId: "cm123",
      gatewayReference: "cm123",
    });
    expect(parseReturn(new URLSearchParams("mch_order_no=<script>"))).toEqual({});
    expect(parseReturn(new URLSearchParams("mch_order_no=cm123<b>"))).toEqual({});
    expect(parseReturn(new URLSearchParams("mch_order_no=<b>cm123"))).toEqual({});
    expect(parseReturn(new URLSearchParams("failed=1"))).toEqual({});
  });
});
