import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/api-client";
import { followInProgress, followStarted, waitingFor, withPoll, type Followed } from "./followed-payment";
import type { GatewayOption, PaymentStatusView } from "./types";

const mpesa: GatewayOption = { id: "daraja", displayName: "M-Pesa", flow: "push", methods: [] };
const airtel: GatewayOption = { id: "airtel", displayName: "Airtel Money", flow: "push", methods: [] };
const dpo: GatewayOption = { id: "dpo", displayName: "DPO", flow: "redirect", methods: [] };

const view = (over: Partial<PaymentStatusView>): PaymentStatusView => ({
  paymentId: "pay_1",
  gateway: "daraja",
  status: "pending",
  amount: 250_000,
  currency: "KES",
  orderReference: "LG2YZZ6JUT",
  orderStatus: "pending",
  expiresAt: "2026-12-05T10:02:00.000Z",
  createdAt: "2026-12-05T10:00:00.000Z",
  ...over,
});

describe("followInProgress", () => {
  it("waits on the prompt still open on the phone, on its own gateway, as if just sent", () => {
    const open = new ApiError(409, {
      code: "payment_in_progress",
      message: "A payment prompt for this order is already waiting on a phone.",
      paymentId: "pay_open",
      gateway: "airtel",
      expiresAt: "2026-12-05T10:02:00.000Z",
    });
    expect(followInProgress(open, mpesa, [mpesa, airtel], "0733 000 111")).toEqual({
      paymentId: "pay_open",
      gateway: "airtel",
      status: "pending",
      expiresAt: "2026-12-05T10:02:00.000Z",
      phone: "0733 000 111",
      justStarted: true,
    });
  });

  it("keeps the pressed gateway when the open one is not offered here", () => {
    const open = new ApiError(409, { code: "payment_in_progress", message: "…", paymentId: "pay_open", gateway: "x" });
    expect(followInProgress(open, mpesa, [mpesa], null)).toMatchObject({ gateway: "daraja", status: "pending" });
  });

  it("is nothing to follow for any other refusal", () => {
    const expired = new ApiError(409, { code: "order_not_payable", message: "Expired.", orderStatus: "expired" });
    const limited = new ApiError(429, { code: "payment_in_progress", message: "…", paymentId: "pay_open" });
    expect(followInProgress(expired, mpesa, [mpesa], null)).toBeNull();
    expect(followInProgress(limited, mpesa, [mpesa], null)).toBeNull();
  });
});

describe("followStarted and withPoll", () => {
  it("follows a prompt with the gateway's instruction and where it was sent", () => {
    const followed = followStarted(
      {
        paymentId: "pay_1",
        status: "pending",
        nextAction: {
          type: "await_customer",
          message: "Check your phone and enter your M-Pesa PIN to pay KES 2,500.",
          pollAfterMs: 2000,
          expiresAt: "2026-12-05T10:02:00.000Z",
        },
      },
      mpesa,
      null,
      "+254 7•• ••• 678",
    );
    expect(followed).toMatchObject({
      gateway: "daraja",
      sentTo: "+254 7•• ••• 678",
      message: "Check your phone and enter your M-Pesa PIN to pay KES 2,500.",
      expiresAt: "2026-12-05T10:02:00.000Z",
      justStarted: true,
    });
  });

  it("takes status, reason and receipt from the poll and keeps the instruction it started with", () => {
    const followed: Followed = { paymentId: "pay_1", gateway: "daraja", status: "pending", message: "Mine" };
    expect(
      withPoll(followed, view({ status: "failed", failureReason: "You cancelled the M-Pesa prompt." })),
    ).toMatchObject({ status: "failed", failureReason: "You cancelled the M-Pesa prompt.", message: "Mine" });
    expect(withPoll(followed, view({ status: "succeeded", receipt: "SLK4H7Q9PX" }))).toMatchObject({
      status: "succeeded",
      receipt: "SLK4H7Q9PX",
    });
  });

  it("offers the hosted page again for a redirect payment still pending, found on load", () => {
    const found: Followed = { paymentId: "pay_2", gateway: "dpo", status: "pending" };
    const current = withPoll(
      found,
      view({
        paymentId: "pay_2",
        gateway: dpo.id,
        nextAction: { type: "redirect", url: "https://secure.3gdirectpay.com/x" },
      }),
    );
    expect(current.continueUrl).toBe("https://secure.3gdirectpay.com/x");
    expect(current.expiresAt).toBe("2026-12-05T10:02:00.000Z");
  });
});

describe("waitingFor", () => {
  it("waits on the phone for a prompt, with the gateway's own words when it gave some", () => {
    const pending: Followed = { paymentId: "pay_1", gateway: "airtel", status: "pending" };
    expect(waitingFor(pending, airtel, "UGX 50,000")).toEqual({
      name: "Airtel Money",
      flow: "push",
      message: "Check your phone and enter your Airtel Money PIN to pay UGX 50,000.",
    });
    expect(waitingFor({ ...pending, message: "Dial *185#" }, airtel, "UGX 50,000").message).toBe("Dial *185#");
  });

  it("waits on the hosted page for a redirect gateway, and on the check for a paybill payment", () => {
    const hosted: Followed = { paymentId: "pay_2", gateway: "dpo", status: "pending" };
    expect(waitingFor(hosted, dpo, "TZS 10,000")).toEqual({
      name: "DPO",
      flow: "redirect",
      message: "Finish paying on DPO",
    });
    const paybill: Followed = { paymentId: "pay_3", gateway: "daraja", status: "pending", paybill: true };
    expect(waitingFor(paybill, mpesa, "KES 2,500")).toMatchObject({
      flow: "redirect",
      message: "Finish paying on M-Pesa",
    });
  });
});
