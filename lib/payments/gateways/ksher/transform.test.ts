import { describe, expect, it } from "vitest";
import type { InitiateInput } from "../../types";
import { ORDER_RESULTS, orderVerdict } from "./codes";
import { fixtureText, resigned, throwawayPair } from "./keys.testkit";
import {
  buildGatewayPay,
  channelList,
  expireMinutes,
  fromTotalFee,
  ksherSupports,
  parseNotification,
  parseReturn,
  toTotalFee,
  verifyNotification,
} from "./transform";

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
    ["empty", ""],
    ["not JSON", "result=SUCCESS"],
    ["no order", JSON.stringify({ code: 0, data: { result: "SUCCESS" }, sign: "ab" })],
  ])("ignores a malformed webhook (%s)", (_n, body) => {
    expect(parseNotification(body)).toMatchObject({ type: "ignored" });
  });

  it("reads only a plain mch_order_no from the return", () => {
    expect(parseReturn(new URLSearchParams("payment=p1&mch_order_no=cm123&result=SUCCESS"))).toEqual({
      paymentId: "cm123",
      gatewayReference: "cm123",
    });
    expect(parseReturn(new URLSearchParams("mch_order_no=<script>"))).toEqual({});
    expect(parseReturn(new URLSearchParams("failed=1"))).toEqual({});
  });
});
