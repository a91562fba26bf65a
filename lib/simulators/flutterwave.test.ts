// Flutterwave simulator over real HTTP, with JSON written by hand from reference/gateways.md §5.
import { afterEach, describe, expect, it, vi } from "vitest";
import { simulatorHarnessPerFile } from "./testing/harness";

const KEY = "FLWSECK_TEST-4c1f2b7e9d3a45f6b8e0c2d4a6f8b1e3-X";
const HASH = "lango-simulator-verif-hash";

const h = simulatorHarnessPerFile();
afterEach(() => vi.useRealTimers());

type Reply = { status: string; message: string; data: Record<string, unknown> | null };

async function call(method: string, path: string, body?: unknown, key: string | null = KEY) {
  const res = await fetch(`${h.sim}/flutterwave${path}`, {
    method,
    headers: {
      ...(key !== null && { authorization: `Bearer ${key}` }),
      ...(body !== undefined && { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { res, text, json: JSON.parse(text) as Reply };
}

const paymentBody = (extra: Record<string, unknown> = {}) => ({
  tx_ref: "cmfw0pay0001lango0000001",
  amount: 2500,
  currency: "KES",
  redirect_url: `${h.app.url}/pay/return/flutterwave?payment=cmfw0pay0001lango0000001`,
  payment_options: "mpesa, card",
  session_duration: 15,
  customer: { email: "amina@example.com", name: "Amina Njeri", phonenumber: "+254708374149" },
  customizations: { title: "Lango", description: "Order LGAB23CD45 · Nairobi Tech Summit" },
  ...extra,
});

async function createLink(extra: Record<string, unknown> = {}) {
  const { res, json } = await call("POST", "/v3/payments", paymentBody(extra));
  expect(res.status, JSON.stringify(json)).toBe(200);
  return String(json.data!.link);
}

async function choose(link: string, outcome: string, extra: Record<string, string> = {}) {
  return fetch(link, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ outcome, ...extra }).toString(),
    redirect: "manual",
  });
}

describe("POST /v3/payments", () => {
  it("answers with a hosted link", async () => {
    const { res, json } = await call("POST", "/v3/payments", paymentBody());
    expect(res.headers.get("content-type")).toMatch(/json/);
    expect(json).toEqual({
      status: "success",
      message: "Hosted Link",
      data: { link: expect.stringMatching(new RegExp(`^${h.sim}/flutterwave/v3/hosted/pay/[a-z0-9]{12}$`)) },
    });
  });

  it.each([
    ["no key", null, 401, "Authorization is required"],
    ["a wrong key", "FLWSECK_TEST-nope-X", 401, "Invalid authorization key"],
  ])("refuses %s", async (_what, key, status, message) => {
    const { res, json } = await call("POST", "/v3/payments", paymentBody(), key);
    expect(res.status).toBe(status);
    expect(json).toEqual({ status: "error", message, data: null });
  });

  it.each([
    ["no tx_ref", { tx_ref: "" }, /tx_ref is required/],
    ["no amount", { amount: undefined }, /amount is required/],
    ["a zero amount", { amount: 0 }, /positive number/],
    ["three decimals", { amount: "10.005" }, /positive number/],
    ["an unknown currency", { currency: "XYZ" }, /Invalid currency/],
    ["no redirect_url", { redirect_url: undefined }, /redirect_url is required/],
    ["a bad redirect_url", { redirect_url: "javascript:alert(1)" }, /valid url/],
    ["no customer e-mail", { customer: { name: "A" } }, /customer.email is required/],
    ["an unknown payment option", { payment_options: "mpesa, bitcoin" }, /Invalid payment option bitcoin/],
    ["a session over a day", { session_duration: 1441 }, /session_duration/],
  ])("answers %s with 400", async (_what, extra, message) => {
    const { res, json } = await call("POST", "/v3/payments", paymentBody(extra));
    expect(res.status).toBe(400);
    expect(json).toMatchObject({ status: "error", message: expect.stringMatching(message), data: null });
  });

  it("refuses malformed JSON", async () => {
    const { res, json } = await call("POST", "/v3/payments", "{");
    expect(res.status).toBe(400);
    expect(json.status).toBe("error");
  });

  it("takes the amount as a number or a string, and defaults the currency to NGN", async () => {
    await createLink({ amount: "2500.50" });
    const link = await createLink({ currency: undefined, payment_options: "card, ussd", tx_ref: "ngn-1" });
    expect(await (await fetch(link)).text()).toContain("NGN 2,500");
  });

  it("refuses a tx_ref that was already paid", async () => {
    await choose(await createLink(), "pay:card");
    const { res, json } = await call("POST", "/v3/payments", paymentBody());
    expect(res.status).toBe(400);
    expect(json.message).toMatch(/already been completed/);
  });
});

describe("hosted page", () => {
  it("shows the merchant, amount and only the options that fit the currency, without script", async () => {
    const link = await createLink({ payment_options: "mpesa, mobilemoneyuganda, card" });
    const res = await fetch(link);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).toContain("KES 2,500");
    expect(page).toContain("Pay with M-Pesa");
    expect(page).toContain("Pay with Card");
    expect(page).not.toContain("Uganda");
    expect(page).toContain('value="+254708374149"');
    expect(page).not.toMatch(/<script/i);
  });

  it("escapes what the merchant sent", async () => {
    const page = await (
      await fetch(await createLink({ customizations: { title: "Tom & Jerry <Ltd>", description: '"Gala"' } }))
    ).text();
    expect(page).toContain("Tom &amp; Jerry &lt;Ltd&gt;");
    expect(page).toContain("&quot;Gala&quot;");
  });

  it("answers 404 for an unknown link", async () => {
    expect((await fetch(`${h.sim}/flutterwave/v3/hosted/pay/unknown123`)).status).toBe(404);
  });
});

describe("paying, verify and the webhook", () => {
  it("pays by M-Pesa: redirect with status, tx_ref and transaction_id; webhook with verif-hash; verify by id and by tx_ref agree", async () => {
    const link = await createLink();
    const res = await choose(link, "pay:mpesa", { phone: "254712345678" });
    expect(res.status).toBe(303);
    const back = new URL(res.headers.get("location")!);
    expect(back.pathname).toBe("/pay/return/flutterwave");
    expect(back.searchParams.get("payment")).toBe("cmfw0pay0001lango0000001");
    expect(back.searchParams.get("status")).toBe("successful");
    expect(back.searchParams.get("tx_ref")).toBe("cmfw0pay0001lango0000001");
    const id = back.searchParams.get("transaction_id")!;
    expect(id).toMatch(/^[1-9]\d{8}$/);

    const [hook] = await h.app.waitFor((r) => r.length > 0);
    expect(hook).toMatchObject({ method: "POST", path: "/api/callbacks/flutterwave" });
    expect(hook.headers["verif-hash"]).toBe(HASH);
    expect(hook.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({
      event: "charge.completed",
      data: {
        id: Number(id),
        tx_ref: "cmfw0pay0001lango0000001",
        amount: 2500,
        currency: "KES",
        status: "successful",
        payment_type: "mpesa",
      },
    });
    expect(body.data.flw_ref).toMatch(/^FLW-MOCK-/);

    const byId = await call("GET", `/v3/transactions/${id}/verify`);
    expect(byId.json).toMatchObject({
      status: "success",
      message: "Transaction fetched successfully",
      data: {
        id: Number(id),
        tx_ref: "cmfw0pay0001lango0000001",
        amount: 2500,
        charged_amount: 2500,
        currency: "KES",
        status: "successful",
      },
    });
    for (const key of [
      "flw_ref",
      "device_fingerprint",
      "app_fee",
      "merchant_fee",
      "processor_response",
      "auth_model",
      "ip",
      "narration",
      "payment_type",
      "created_at",
      "account_id",
      "meta",
      "amount_settled",
      "customer",
    ]) {
      expect(key in byId.json.data!, key).toBe(true);
    }
    expect(byId.json.data!.customer).toMatchObject({
      name: "Amina Njeri",
      email: "amina@example.com",
      phone_number: "254712345678",
    });
    const byRef = await call("GET", "/v3/transactions/verify_by_reference?tx_ref=cmfw0pay0001lango0000001");
    expect(byRef.json.data).toEqual(byId.json.data);
  });

  it("a failed charge: status=failed redirect and a charge.completed webhook with status failed", async () => {
    const res = await choose(await createLink(), "fail:insufficient");
    expect(new URL(res.headers.get("location")!).searchParams.get("status")).toBe("failed");
    const [hook] = await h.app.waitFor((r) => r.length > 0);
    expect(JSON.parse(hook.body)).toMatchObject({
      event: "charge.completed",
      data: { status: "failed", processor_response: "Insufficient funds" },
    });
    expect(
      (await call("GET", "/v3/transactions/verify_by_reference?tx_ref=cmfw0pay0001lango0000001")).json.data,
    ).toMatchObject({ status: "failed" });
  });

  it("a cancel: status=cancelled without transaction_id, no webhook, and no transaction", async () => {
    const res = await choose(await createLink(), "cancel");
    const back = new URL(res.headers.get("location")!);
    expect(back.searchParams.get("status")).toBe("cancelled");
    expect(back.searchParams.has("transaction_id")).toBe(false);
    const byRef = await call("GET", "/v3/transactions/verify_by_reference?tx_ref=cmfw0pay0001lango0000001");
    expect(byRef.res.status).toBe(400);
    expect(byRef.json).toEqual({ status: "error", message: "No transaction was found for this id", data: null });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.app.requests).toHaveLength(0);
  });

  it("a used link is not charged twice", async () => {
    const link = await createLink();
    const first = await choose(link, "pay:card");
    const again = await choose(link, "fail:declined");
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    await new Promise((r) => setTimeout(r, 100));
    expect(h.app.requests).toHaveLength(1);
    expect(await (await fetch(link)).text()).toContain("already been used");
  });

  it("an expired session refuses payment", async () => {
    const link = await createLink({ session_duration: 1 });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await (await fetch(link)).text()).toContain("expired");
    expect((await choose(link, "pay:card")).status).toBe(409);
    expect((await call("GET", "/v3/transactions/verify_by_reference?tx_ref=cmfw0pay0001lango0000001")).res.status).toBe(
      400,
    );
  });

  it("sends the legacy flat shape when the dashboard is set to it", async () => {
    const set = await fetch(`${h.sim}/flutterwave/dashboard`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ webhookVersion: "legacy" }),
    });
    expect(await set.json()).toMatchObject({ webhookVersion: "legacy", secretHash: HASH });
    await choose(await createLink(), "pay:card");
    const [hook] = await h.app.waitFor((r) => r.length > 0);
    const body = JSON.parse(hook.body);
    expect(body).toMatchObject({
      txRef: "cmfw0pay0001lango0000001",
      amount: 2500,
      currency: "KES",
      status: "successful",
      "event.type": "CARD_TRANSACTION",
    });
    expect(body.flwRef).toMatch(/^FLW-MOCK-/);
    expect(body.orderRef).toMatch(/^URF_/);
    expect("event" in body).toBe(false);
  });

  it("verify answers for unknown ids and needs the key", async () => {
    expect((await call("GET", "/v3/transactions/123456789/verify")).json).toEqual({
      status: "error",
      message: "No transaction was found for this id",
      data: null,
    });
    expect((await call("GET", "/v3/transactions/123456789/verify", undefined, null)).res.status).toBe(401);
  });
});

describe("refunds", () => {
  it("refunds in part and in full, never beyond what was paid", async () => {
    const res = await choose(await createLink({ amount: 100 }), "pay:card");
    const id = new URL(res.headers.get("location")!).searchParams.get("transaction_id")!;
    const refund = (amount: unknown) =>
      call("POST", `/v3/transactions/${id}/refund`, amount === undefined ? {} : { amount });

    const part = await refund(60);
    expect(part.json).toMatchObject({
      status: "success",
      message: "Transaction refund initiated",
      data: {
        tx_id: Number(id),
        amount_refunded: 60,
        status: "completed",
        destination: "payment_source",
        meta: { source: "availablebalance" },
      },
    });
    expect(String(part.json.data!.flw_ref)).toMatch(/^URF_/);
    const over = await refund(40.01);
    expect(over.res.status).toBe(400);
    expect(over.json.message).toMatch(/refundable balance of 40 KES/);
    expect((await refund("40")).json.data).toMatchObject({ amount_refunded: 40 });
    expect((await refund(1)).res.status).toBe(400);
    expect((await refund(undefined)).json.message).toMatch(/amount is required/);
  });

  it("refuses a failed or unknown transaction", async () => {
    const res = await choose(await createLink(), "fail:declined");
    const id = new URL(res.headers.get("location")!).searchParams.get("transaction_id")!;
    expect((await call("POST", `/v3/transactions/${id}/refund`, { amount: 10 })).json.message).toMatch(
      /Only a successful transaction/,
    );
    expect((await call("POST", "/v3/transactions/999999999/refund", { amount: 10 })).json.message).toMatch(
      /No transaction was found/,
    );
  });
});

describe("faults", () => {
  it("answers 500 under http_500 and a cut reply under malformed; the page keeps working", async () => {
    const link = await createLink();
    await h.control("/faults", { gateway: "flutterwave", fault: "http_500" });
    expect(
      (
        await fetch(`${h.sim}/flutterwave/v3/payments`, {
          method: "POST",
          headers: { authorization: `Bearer ${KEY}` },
          body: JSON.stringify(paymentBody()),
        })
      ).status,
    ).toBe(500);
    expect((await fetch(link)).status).toBe(200);
    await h.control("/faults", { gateway: "flutterwave", fault: "malformed" });
    const cut = await fetch(`${h.sim}/flutterwave/v3/payments`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify(paymentBody({ tx_ref: "other" })),
    });
    await expect(cut.text().then((t) => JSON.parse(t))).rejects.toThrow();
  });

  it("repeats the webhook under duplicate_callbacks, with the hash on every copy", async () => {
    await h.control("/faults", { gateway: "flutterwave", fault: "duplicate_callbacks" });
    await choose(await createLink(), "pay:card");
    const hooks = await h.app.waitFor((r) => r.length >= 3);
    expect(new Set(hooks.map((x) => x.body)).size).toBe(1);
    expect(hooks.every((x) => x.headers["verif-hash"] === HASH)).toBe(true);
  });
});

describe("pentest 12.10: Flutterwave sends the payer and its webhook only to the app's origin or this machine", () => {
  it.each(["https://example.com/pay/return", "http://169.254.169.254/latest/meta-data/"])(
    "refuses the redirect_url %s with Flutterwave's 400",
    async (redirectUrl) => {
      const { res, json } = await call("POST", "/v3/payments", paymentBody({ redirect_url: redirectUrl }));
      expect(res.status).toBe(400);
      expect(json).toEqual({ status: "error", message: "redirect_url must be a valid url", data: null });
    },
  );

  it("refuses a webhook URL on another host in the dashboard, and keeps the app's", async () => {
    const set = (webhookUrl: string) =>
      fetch(`${h.sim}/flutterwave/dashboard`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ webhookUrl }),
      });
    const refused = await set("https://example.com/flw/webhook");
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: "invalid_input" } });
    expect(
      ((await (await fetch(`${h.sim}/flutterwave/dashboard`)).json()) as { webhookUrl: unknown }).webhookUrl,
    ).toBeNull();
    expect((await set(`${h.app.url}/api/callbacks/flutterwave`)).status).toBe(200);
  });
});
