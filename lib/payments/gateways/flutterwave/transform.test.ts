import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GatewayError, type InitiateInput } from "../../types";
import { failureFor, transactionVerdict } from "./codes";
import { configFromEnv } from "./config";
import { flutterwaveMethods, flutterwaveSupports, paymentOptionsFor } from "./markets";
import {
  buildPaymentRequest,
  fromFlutterwaveAmount,
  parseReturn,
  parseWebhook,
  sessionMinutes,
  toFlutterwaveAmount,
  transactionSchema,
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

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const TX_REF = "cmfw0pay0001lango0000001";

const now = new Date("2026-07-10T09:00:00Z");
const input: InitiateInput = {
  paymentId: TX_REF,
  orderReference: "LGAB23CD45",
  amount: { amountMinor: 250_050, currency: "KES" },
  description: "Order LGAB23CD45 ·  Nairobi Tech Summit",
  customer: { name: "  Amina   Njeri ", email: "amina@example.com", phoneE164: "+254708374149" },
  country: "KE",
  serviceDate: new Date("2026-08-01T06:00:00Z"),
  expiresAt: new Date("2026-07-10T09:15:30Z"),
  returnUrl: `https://lango.example/pay/return/flutterwave?payment=${TX_REF}`,
  callbackUrl: "https://lango.example/api/callbacks/flutterwave",
};

describe("amounts", () => {
  it("sends major units as a number, without float error", () => {
    expect(toFlutterwaveAmount({ amountMinor: 250_050, currency: "KES" })).toBe(2500.5);
    expect(toFlutterwaveAmount({ amountMinor: 29, currency: "USD" })).toBe(0.29);
    expect(toFlutterwaveAmount({ amountMinor: 50_000, currency: "UGX" })).toBe(50_000); // no minor unit
    expect(() => toFlutterwaveAmount({ amountMinor: 0, currency: "KES" })).toThrow(GatewayError);
    expect(() => toFlutterwaveAmount({ amountMinor: 1.5, currency: "KES" })).toThrow(GatewayError);
    expect(thrown(() => toFlutterwaveAmount({ amountMinor: -100, currency: "KES" }))).toMatchObject({
      gateway: "flutterwave",
      code: "rejected",
      message: "Invalid amount -100",
    });
  });

  it("reads numbers and numeric strings alike", () => {
    expect(fromFlutterwaveAmount(100, "NGN")).toEqual({ amountMinor: 10_000, currency: "NGN" });
    expect(fromFlutterwaveAmount("2500", "KES")).toEqual({ amountMinor: 250_000, currency: "KES" });
    expect(fromFlutterwaveAmount(2500.5, "KES")).toEqual({ amountMinor: 250_050, currency: "KES" });
    expect(fromFlutterwaveAmount(0.29, "USD")).toEqual({ amountMinor: 29, currency: "USD" });
    expect(fromFlutterwaveAmount(50_000, "UGX")).toEqual({ amountMinor: 50_000, currency: "UGX" });
    expect(fromFlutterwaveAmount("50000.00", "UGX")).toEqual({ amountMinor: 50_000, currency: "UGX" });
    expect(fromFlutterwaveAmount(" 5000.00 ", "UGX")).toEqual({ amountMinor: 5_000, currency: "UGX" });
    expect(fromFlutterwaveAmount("2500.500", "KES")).toEqual({ amountMinor: 250_050, currency: "KES" });
    expect(fromFlutterwaveAmount("1,500.00", "KES")).toEqual({ amountMinor: 150_000, currency: "KES" });
    expect(fromFlutterwaveAmount(0, "KES")).toEqual({ amountMinor: 0, currency: "KES" });
  });

  it.each([
    ["a fraction UGX does not have", 50_000.5, "UGX"],
    ["three decimals", "10.005", "KES"],
    ["a negative amount", -1, "KES"],
    ["words", "ten", "KES"],
    ["null", null, "KES"],
    ["a lowercase currency", 100, "kes"],
    ["a currency with a letter too many", 100, "KESX"],
    ["a currency after another letter", 100, "XKES"],
    ["a currency that is not text", 100, ["KES"]],
    ["no currency", 100, undefined],
    ["two decimal points", "1.0.0", "KES"],
    ["two decimal points in a UGX amount", "5000.0.0", "UGX"],
    ["an infinite amount", Infinity, "KES"],
    ["a negative string", "-5.00", "KES"],
  ])("refuses %s", (_what, value, currency) => {
    expect(fromFlutterwaveAmount(value, currency)).toBeUndefined();
  });
});

describe("payment request", () => {
  it("builds POST /v3/payments with tx_ref = payment id and every option that fits KES", () => {
    expect(buildPaymentRequest(input, now)).toEqual({
      tx_ref: TX_REF,
      amount: 2500.5,
      currency: "KES",
      redirect_url: input.returnUrl,
      payment_options: "mpesa, card",
      session_duration: 15,
      customer: { email: "amina@example.com", name: "Amina Njeri", phonenumber: "+254708374149" },
      customizations: { title: "Lango", description: "Order LGAB23CD45 · Nairobi Tech Summit" },
      meta: { order_reference: "LGAB23CD45", payment_id: TX_REF },
    });
  });

  it("narrows payment_options to the buyer's pick when it fits, and ignores one that does not", () => {
    expect(buildPaymentRequest({ ...input, method: "card" }, now).payment_options).toBe("card");
    expect(buildPaymentRequest({ ...input, method: "mobilemoneyuganda" }, now).payment_options).toBe("mpesa, card");
    expect(paymentOptionsFor("UGX", "UG", "mobilemoneyuganda")).toBe("mobilemoneyuganda");
    expect(paymentOptionsFor("TZS", "TZ")).toBe("mobilemoneytanzania, card");
    expect(paymentOptionsFor("NGN", "NG")).toBe("card, banktransfer, ussd, account");
    expect(paymentOptionsFor("USD", "KE")).toBe("card");
  });

  it("keeps the session within the hold and Flutterwave's 1–1440 minutes", () => {
    expect(sessionMinutes(new Date(now.getTime() + 15 * 60_000 + 59_000), now)).toBe(15);
    expect(sessionMinutes(new Date(now.getTime() - 5_000), now)).toBe(1);
    expect(sessionMinutes(new Date(now.getTime() + 3 * 86_400_000), now)).toBe(1440);
  });

  it("clips the buyer's name to 100 and the description to 200 characters, and never sends a blank one", () => {
    const long = buildPaymentRequest(
      { ...input, customer: { ...input.customer, name: "N".repeat(130) }, description: "d".repeat(250) },
      now,
    );
    expect(long.customer.name).toBe("N".repeat(100));
    expect(long.customizations.description).toBe("d".repeat(200));
    expect(buildPaymentRequest({ ...input, description: " \t " }, now).customizations.description).toBe("LGAB23CD45");
  });

  it("leaves phonenumber out when there is none", () => {
    expect(buildPaymentRequest({ ...input, customer: { name: "A", email: "a@example.com" } }, now).customer).toEqual({
      email: "a@example.com",
      name: "A",
    });
  });
});

describe("markets", () => {
  it("offers the local currency and USD in its markets only", () => {
    for (const [currency, country] of [
      ["KES", "KE"],
      ["UGX", "UG"],
      ["TZS", "TZ"],
      ["RWF", "RW"],
      ["ZMW", "ZM"],
      ["GHS", "GH"],
      ["NGN", "NG"],
      ["ZAR", "ZA"],
      ["USD", "UG"],
    ]) {
      expect(flutterwaveSupports(currency, country), `${currency} in ${country}`).toBe(true);
    }
    expect(flutterwaveSupports("KES", "TZ")).toBe(false);
    expect(flutterwaveSupports("THB", "TH")).toBe(false);
    expect(flutterwaveSupports("EUR", "KE")).toBe(false);
  });

  it("lists the buyer's choices with readable labels", () => {
    expect(flutterwaveMethods({ currency: "KES", country: "KE" })).toEqual([
      { id: "mpesa", label: "M-Pesa" },
      { id: "card", label: "Card" },
    ]);
    expect(flutterwaveMethods({ currency: "UGX", country: "UG" }).map((m) => m.id)).toEqual([
      "mobilemoneyuganda",
      "card",
    ]);
    expect(flutterwaveMethods({ currency: "THB", country: "TH" })).toEqual([]);
  });
});

describe("verify replies and status words", () => {
  it("reads the recorded successful transaction, id as a string", () => {
    const data = JSON.parse(fixture("verify-successful.json")).data;
    expect(transactionSchema.parse({ ...data, id: "288200108" }).id).toBe("288200108");
    const t = transactionSchema.parse(data);
    expect(t).toMatchObject({
      id: "288200108",
      tx_ref: TX_REF,
      currency: "NGN",
      amount: 100,
      status: "successful",
      payment_type: "card",
    });
    expect(fromFlutterwaveAmount(t.amount, t.currency)).toEqual({ amountMinor: 10_000, currency: "NGN" });
  });

  it.each([
    ["an id with letters after the digits", { id: "288200108abc" }],
    ["an id with letters before the digits", { id: "abc288200108" }],
    ["an id of 21 digits", { id: "1".repeat(21) }],
    ["a currency with a letter too many", { currency: "NGNX" }],
    ["a currency after another letter", { currency: "XNGN" }],
  ])("refuses a verified transaction with %s", (_what, patch) => {
    const data = JSON.parse(fixture("verify-successful.json")).data;
    expect(transactionSchema.safeParse({ ...data, ...patch }).success).toBe(false);
  });

  it("reads the recorded failed transaction with its amount as a string", () => {
    const t = transactionSchema.parse(JSON.parse(fixture("verify-failed.json")).data);
    expect(fromFlutterwaveAmount(t.amount, t.currency)).toEqual({ amountMinor: 250_000, currency: "KES" });
    expect(transactionVerdict(t.status, t.processor_response)).toEqual({
      status: "failed",
      failure: {
        gatewayCode: "failed: Insufficient funds",
        message: expect.stringMatching(/^Your account didn't have enough money/),
      },
    });
  });

  it.each([
    ["successful", "succeeded"],
    ["SUCCESSFUL", "succeeded"],
    ["failed", "failed"],
    ["cancelled", "cancelled"],
    ["pending", "pending"],
    ["processing", "pending"], // unknown wording: never fail a payment on it
    ["error", "pending"],
  ])("status %s → %s", (word, status) => {
    expect(transactionVerdict(word).status).toBe(status);
  });

  it.each([
    ["Insufficient funds", /enough money/],
    ["Transaction declined by the customer", /^The payment was declined\./],
    ["Timeout waiting for customer", /not completed in time/],
    ["Incorrect PIN", /PIN/],
    ["Amount exceeds limit", /limit/],
    ["DECLINED", /provider declined/],
    ["Do Not Honour", /provider declined/],
    ["", /^The payment did not go through/],
    [null, /^The payment did not go through/],
  ])("explains processor_response %j to the buyer", (said, message) => {
    expect(failureFor(said).message).toMatch(message);
  });

  it.each([
    ["card", /^The card payment was declined\./],
    ["mpesa", /declined on your phone/],
    ["mobilemoneyug", /declined on your phone/],
    ["bank_transfer", /^The payment was declined\./],
  ])("pentest 12.14: words a payer's decline for how they paid (%s)", (paymentType, message) => {
    expect(failureFor("Transaction declined by the customer", paymentType).message).toMatch(message);
  });
});

describe("webhooks", () => {
  it("turns the v3 charge.completed into a claim keyed by transaction id and status", () => {
    expect(parseWebhook(fixture("webhook-v3-successful.json"))).toEqual({
      type: "payment",
      dedupeKey: "flutterwave:285959875:successful",
      paymentId: TX_REF,
      gatewayReference: TX_REF,
      claimedStatus: "succeeded",
      claimedAmount: { amountMinor: 10_000, currency: "NGN" },
      receipt: "285959875",
      transactionId: "285959875",
    });
    const failed = parseWebhook(fixture("webhook-v3-failed.json"));
    expect(failed).toMatchObject({
      claimedStatus: "failed",
      dedupeKey: "flutterwave:285961207:failed",
      claimedAmount: { amountMinor: 250_000, currency: "KES" },
      failure: { message: expect.stringMatching(/declined on your phone/) },
    });
    // A receipt is what the buyer's confirmation shows as proof of payment: a failed charge has none.
    expect(failed).not.toHaveProperty("receipt");
  });

  it("reads a legacy webhook without event.type as a charge", () => {
    const legacy = JSON.parse(fixture("webhook-legacy-successful.json"));
    delete legacy["event.type"];
    expect(parseWebhook(JSON.stringify(legacy))).toMatchObject({ type: "payment", claimedStatus: "succeeded" });
  });

  it("accepts the legacy flat shape (txRef, dotted event.type)", () => {
    expect(parseWebhook(fixture("webhook-legacy-successful.json"))).toEqual({
      type: "payment",
      dedupeKey: "flutterwave:10484949:successful",
      paymentId: TX_REF,
      gatewayReference: TX_REF,
      claimedStatus: "succeeded",
      claimedAmount: { amountMinor: 10_000, currency: "NGN" },
      receipt: "10484949",
      transactionId: "10484949",
    });
  });

  const legacy = (type: string, patch: object = {}) =>
    JSON.stringify({
      id: 1,
      txRef: "x",
      amount: 1,
      currency: "NGN",
      status: "successful",
      "event.type": type,
      ...patch,
    });
  it.each([
    ["not JSON", "{", "not JSON"],
    ["empty", "", "not JSON"],
    ["an array", "[]", "neither the v3 nor the legacy webhook shape"],
    [
      "another event",
      JSON.stringify({
        event: "transfer.completed",
        data: { id: 1, tx_ref: "x", amount: 1, currency: "NGN", status: "successful" },
      }),
      "event transfer.completed is not a charge",
    ],
    [
      "an event with a very long name, clipped in the log",
      JSON.stringify({ event: `subscription.${"x".repeat(60)}`, data: {} }),
      `event subscription.${"x".repeat(27)} is not a charge`,
    ],
    [
      "a charge without tx_ref",
      JSON.stringify({ event: "charge.completed", data: { id: 1, amount: 1, currency: "NGN", status: "successful" } }),
      "charge.completed without a readable transaction",
    ],
    ["a legacy transfer", legacy("Transfer"), "event.type Transfer is not a charge"],
    ["a legacy reversal", legacy("TRANSACTION_REVERSAL"), "event.type TRANSACTION_REVERSAL is not a charge"],
    [
      "a legacy event with a very long type, clipped in the log",
      legacy(`BULK_${"Y".repeat(60)}`),
      `event.type BULK_${"Y".repeat(35)} is not a charge`,
    ],
    ["a legacy charge in a malformed currency", legacy("CARD_TRANSACTION", { currency: "XNGN" }), "neither"],
    ["a legacy charge in a currency too long", legacy("CARD_TRANSACTION", { currency: "NGNX" }), "neither"],
    [
      "a non-numeric id",
      JSON.stringify({
        event: "charge.completed",
        data: { id: "abc", tx_ref: "x", amount: 1, currency: "NGN", status: "successful" },
      }),
      "charge.completed without a readable transaction",
    ],
  ])("ignores %s, saying why in the log", (_what, body, reason) => {
    expect(parseWebhook(body)).toEqual({ type: "ignored", reason: expect.stringContaining(reason) });
  });
});

describe("return", () => {
  it("reads tx_ref and the transaction id to verify; status is the browser's word and is not read", () => {
    const q = new URLSearchParams(`payment=${TX_REF}&status=successful&tx_ref=${TX_REF}&transaction_id=2784792`);
    expect(parseReturn(q)).toEqual({ paymentId: TX_REF, gatewayReference: TX_REF, transactionId: "2784792" });
    expect(parseReturn(new URLSearchParams(`tx_ref=${TX_REF}&transaction_id=1;drop`))).toEqual({
      paymentId: TX_REF,
      gatewayReference: TX_REF,
    });
    expect(parseReturn(new URLSearchParams(`tx_ref=+${TX_REF}+&transaction_id=+2784792+`))).toEqual({
      paymentId: TX_REF,
      gatewayReference: TX_REF,
      transactionId: "2784792",
    });
    expect(parseReturn(new URLSearchParams(`tx_ref=${TX_REF}&transaction_id=drop;1`))).not.toHaveProperty(
      "transactionId",
    );
    expect(parseReturn(new URLSearchParams("status=cancelled&tx_ref=<script>"))).toEqual({});
    expect(parseReturn(new URLSearchParams(`tx_ref=${TX_REF}"><script>`))).toEqual({});
    expect(parseReturn(new URLSearchParams(`tx_ref=<b>${TX_REF}`))).toEqual({});
    expect(parseReturn(new URLSearchParams("status=successful"))).toEqual({});
  });

  it("passes on the buyer's cancel (for an attempt the gateway shows unpaid), and nothing else of status", () => {
    expect(parseReturn(new URLSearchParams(`status=cancelled&tx_ref=${TX_REF}`))).toEqual({
      paymentId: TX_REF,
      gatewayReference: TX_REF,
      cancelledByBuyer: true,
    });
    expect(parseReturn(new URLSearchParams(`status=failed&tx_ref=${TX_REF}`))).not.toHaveProperty("cancelledByBuyer");
  });
});

describe("configuration", () => {
  it("points simulator mode at the app's own simulator", () => {
    expect(configFromEnv({}, { mode: "simulator", appUrl: "http://localhost:3000/" })).toMatchObject({
      baseUrl: "http://localhost:3000/sim/flutterwave",
    });
  });

  it("needs both the secret key and the secret hash in live mode", () => {
    expect(
      configFromEnv({ FLUTTERWAVE_SECRET_KEY: "FLWSECK-x" }, { mode: "live", appUrl: "https://lango.example" }),
    ).toBeNull();
    expect(
      configFromEnv(
        {
          FLUTTERWAVE_SECRET_KEY: "FLWSECK-x",
          FLUTTERWAVE_SECRET_HASH: "h",
          FLUTTERWAVE_BASE_URL: "https://api.flutterwave.com/v3/",
        },
        { mode: "live", appUrl: "https://lango.example" },
      ),
    ).toEqual({
      baseUrl: "https://api.flutterwave.com",
      secretKey: "FLWSECK-x",
      secretHash: "h",
    });
  });

  it("names a malformed variable without its value", () => {
    expect(() =>
      configFromEnv(
        { FLUTTERWAVE_SECRET_KEY: "FLWSECK-secret", FLUTTERWAVE_SECRET_HASH: "h", FLUTTERWAVE_BASE_URL: "not a url" },
        { mode: "live", appUrl: "https://x" },
      ),
    ).toThrow(/baseUrl/);
    expect(() =>
      configFromEnv(
        { FLUTTERWAVE_SECRET_KEY: "FLWSECK-secret", FLUTTERWAVE_SECRET_HASH: "h", FLUTTERWAVE_BASE_URL: "not a url" },
        { mode: "live", appUrl: "https://x" },
      ),
    ).not.toThrow(/FLWSECK-secret/);
  });
});
