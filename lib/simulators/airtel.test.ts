// Airtel Money simulator over real HTTP, with JSON written by hand from reference/gateways.md §4.
import { describe, expect, it } from "vitest";
import { airtelState } from "./airtel/state";
import { simulatorHarnessPerFile } from "./testing/harness";

const h = simulatorHarnessPerFile();

async function token(
  body: unknown = { client_id: "my-app", client_secret: "s3cret", grant_type: "client_credentials" },
) {
  const res = await fetch(`${h.sim}/airtel/auth/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { res, json: (await res.json()) as Record<string, unknown> };
}

async function bearer() {
  return `Bearer ${(await token()).json.access_token as string}`;
}

const headers = (auth: string, country = "UG", currency = "UGX") => ({
  "content-type": "application/json",
  accept: "*/*",
  "x-country": country,
  "x-currency": currency,
  authorization: auth,
});

function collectionBody(
  o: { id?: string; msisdn?: string; amount?: unknown; country?: string; currency?: string } = {},
) {
  const country = o.country ?? "UG";
  const currency = o.currency ?? "UGX";
  return {
    reference: "LGKMP23456",
    subscriber: { country, currency, msisdn: o.msisdn ?? "701234567" },
    transaction: { amount: o.amount ?? 100000, country, currency, id: o.id ?? "pay-0001" },
  };
}

async function collect(auth: string, body: unknown = collectionBody(), hdrs = headers(auth)) {
  const res = await fetch(`${h.sim}/airtel/merchant/v1/payments/`, {
    method: "POST",
    headers: hdrs,
    body: JSON.stringify(body),
  });
  return { res, json: (await res.json()) as { data: unknown; status: Record<string, unknown> } };
}

async function enquire(auth: string, id = "pay-0001", hdrs = headers(auth)) {
  const res = await fetch(`${h.sim}/airtel/standard/v1/payments/${id}`, { headers: hdrs });
  return {
    res,
    json: (await res.json()) as { data: { transaction?: Record<string, unknown> }; status: Record<string, unknown> },
  };
}

async function answerOnlyPrompt(outcome: string) {
  const prompts = (await (await h.control("/prompts")).json()) as {
    id: string;
    gateway: string;
    phone: string;
    amount: number;
    currency: string;
    reference: string;
  }[];
  expect(prompts).toHaveLength(1);
  expect((await h.control(`/prompts/${prompts[0].id}`, { outcome })).status).toBe(200);
  return prompts[0];
}

async function callback() {
  const [cb] = await h.app.waitFor((r) => r.length > 0);
  expect(cb).toMatchObject({ method: "POST", path: "/api/callbacks/airtel" });
  expect(cb.headers["content-type"]).toMatch(/^application\/json/);
  return JSON.parse(cb.body) as { transaction: Record<string, unknown> };
}

describe("token", () => {
  it('issues a bearer token whose expires_in is the string "180"', async () => {
    const { res, json } = await token();
    expect(res.status).toBe(200);
    expect(Object.keys(json).sort()).toEqual(["access_token", "expires_in", "token_type"]);
    expect(json).toMatchObject({ expires_in: "180", token_type: "bearer" });
  });

  it("refuses a wrong grant type or missing credentials", async () => {
    expect((await token({ client_id: "a", client_secret: "b", grant_type: "password" })).res.status).toBe(400);
    expect((await token({ client_id: "a", grant_type: "client_credentials" })).res.status).toBe(401);
  });

  it("refuses merchant calls without a valid, unexpired token", async () => {
    expect((await collect("Bearer made-up")).res.status).toBe(401);
    airtelState().tokenTtlSeconds = 1;
    const short = await bearer();
    await new Promise((r) => setTimeout(r, 1100));
    const stale = await collect(short);
    expect(stale.res.status).toBe(401);
    expect(stale.json.status).toMatchObject({ success: false });
  });
});

describe("collection (USSD push)", () => {
  it("answers In process with the documented envelope and puts the prompt on the phone", async () => {
    const auth = await bearer();
    const { res, json } = await collect(auth);
    expect(res.status).toBe(200);
    expect(json).toEqual({
      data: { transaction: { id: false, status: "SUCCESS" } },
      status: {
        code: "200",
        message: "SUCCESS",
        result_code: "ESB000010",
        response_code: "DP00800001006",
        success: true,
      },
    });
    const prompts = (await (await h.control("/prompts")).json()) as unknown[];
    expect(prompts).toEqual([
      {
        id: expect.any(String),
        gateway: "airtel",
        phone: "701234567",
        amount: 100000,
        currency: "UGX",
        reference: "LGKMP23456",
        // When the phone stops taking an answer: the app counts down to this moment.
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    // Without the trailing slash too.
    const again = await fetch(`${h.sim}/airtel/merchant/v1/payments`, {
      method: "POST",
      headers: headers(auth),
      body: JSON.stringify(collectionBody({ id: "pay-0002" })),
    });
    expect(again.status).toBe(200);
  });

  it("refuses an msisdn with the country code, headers that disagree with the body, and a reused id", async () => {
    const auth = await bearer();
    const withCode = await collect(auth, collectionBody({ msisdn: "256701234567" }));
    expect(withCode.res.status).toBe(400);
    expect(withCode.json.status).toMatchObject({ success: false, result_code: "ESB000033" });

    const mismatch = await collect(auth, collectionBody({ id: "pay-x" }), headers(auth, "UG", "KES"));
    expect(mismatch.json.status).toMatchObject({ success: false });
    const bodyMismatch = await collect(auth, collectionBody({ id: "pay-y", country: "TZ", currency: "TZS" }));
    expect(bodyMismatch.res.status).toBe(400);
    expect(bodyMismatch.json.status.message).toMatch(/X-Country/);
    const noHeaders = await collect(auth, collectionBody({ id: "pay-z" }), {
      "content-type": "application/json",
      authorization: auth,
    } as ReturnType<typeof headers>);
    expect(noHeaders.res.status).toBe(400);
    const stringAmount = await collect(auth, collectionBody({ id: "pay-s", amount: "1000" }));
    expect(stringAmount.json.status).toMatchObject({ success: false, response_code: "DP00800001004" });

    expect((await collect(auth)).res.status).toBe(200);
    const reused = await collect(auth);
    expect(reused.json.status).toMatchObject({ success: false, result_code: "ESB000041" });
    expect((await (await h.control("/prompts")).json()) as unknown[]).toHaveLength(1);
  });
});

describe("status enquiry and callback", () => {
  it("reports TIP while the prompt is open, then TS with an airtel_money_id, and calls back once", async () => {
    const auth = await bearer();
    await collect(auth);
    const open = await enquire(auth);
    expect(open.res.status).toBe(200);
    expect(open.json.data.transaction).toMatchObject({ id: "pay-0001", status: "TIP", airtel_money_id: null });
    expect(open.json.status).toMatchObject({ response_code: "DP00800001006", success: true });

    await answerOnlyPrompt("approve");
    const cb = await callback();
    expect(Object.keys(cb)).toEqual(["transaction"]);
    expect(cb.transaction).toEqual({
      id: "pay-0001",
      message: expect.stringMatching(
        /^Paid UGX 100,000 to LANGO EVENTS LIMITED Charge UGX 0, Trans ID MP\d{6}\.\d{4}\.[A-Z]\d{5}\.$/,
      ),
      status_code: "TS",
      airtel_money_id: expect.stringMatching(/^MP\d{6}\.\d{4}\.[A-Z]\d{5}$/),
    });
    const done = await enquire(auth);
    expect(done.json.data.transaction).toMatchObject({ status: "TS", airtel_money_id: cb.transaction.airtel_money_id });
    expect(done.json.status).toMatchObject({ response_code: "DP00800001001", success: true });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.app.requests).toHaveLength(1);
  });

  it.each([
    ["wrong_pin", "DP00800001002"],
    ["insufficient_funds", "DP00800001007"],
    ["decline", "DP00800001008"],
    ["timeout", "DP00800001024"],
  ])("a %s answer is TF with %s", async (outcome, code) => {
    const auth = await bearer();
    await collect(auth);
    await answerOnlyPrompt(outcome);
    expect((await callback()).transaction).toMatchObject({ id: "pay-0001", status_code: "TF" });
    const done = await enquire(auth);
    expect(done.json.data.transaction?.status).toBe("TF");
    expect(done.json.status.response_code).toBe(code);
  });

  it("answers Not Found for an unknown id, and refuses headers that do not match the transaction", async () => {
    const auth = await bearer();
    const unknown = await enquire(auth, "nope");
    expect(unknown.res.status).toBe(404);
    expect(unknown.json.status).toMatchObject({ success: false, response_code: "DP00800001025" });
    await collect(auth);
    expect((await enquire(auth, "pay-0001", headers(auth, "KE", "KES"))).res.status).toBe(400);
  });
});

describe("refund", () => {
  const refund = async (auth: string, airtelMoneyId: string, hdrs = headers(auth)) => {
    const res = await fetch(`${h.sim}/airtel/standard/v1/payments/refund`, {
      method: "POST",
      headers: hdrs,
      body: JSON.stringify({ transaction: { airtel_money_id: airtelMoneyId } }),
    });
    return {
      res,
      json: (await res.json()) as { data: { transaction?: Record<string, unknown> }; status: Record<string, unknown> },
    };
  };

  it("refunds a successful collection once, by airtel_money_id", async () => {
    const auth = await bearer();
    await collect(auth);
    await answerOnlyPrompt("approve");
    const id = (await callback()).transaction.airtel_money_id as string;
    const first = await refund(auth, id);
    expect(first.res.status).toBe(200);
    expect(first.json).toEqual({
      data: { transaction: { airtel_money_id: id, status: "SUCCESS" } },
      status: { code: "200", message: "SUCCESS", result_code: "ESB000010", success: true },
    });
    const second = await refund(auth, id);
    expect(second.json.status).toMatchObject({
      success: false,
      message: expect.stringMatching(/already been refunded/),
    });
    expect((await refund(auth, "MP000000.0000.X00000")).res.status).toBe(404);
  });

  it("refuses to refund a failed collection", async () => {
    const auth = await bearer();
    await collect(auth);
    await answerOnlyPrompt("decline");
    const id = (await callback()).transaction.airtel_money_id as string;
    expect((await refund(auth, id)).json.status).toMatchObject({
      success: false,
      message: expect.stringMatching(/not successful/),
    });
  });
});

describe("faults", () => {
  it("http_500 refuses before processing; malformed processes and cuts the reply", async () => {
    const auth = await bearer();
    await h.control("/faults", { gateway: "airtel", fault: "http_500" });
    expect(
      (
        await fetch(`${h.sim}/airtel/merchant/v1/payments/`, {
          method: "POST",
          headers: headers(auth),
          body: JSON.stringify(collectionBody()),
        })
      ).status,
    ).toBe(500);
    await h.control("/faults", { gateway: "airtel", fault: "malformed" });
    const cut = await fetch(`${h.sim}/airtel/merchant/v1/payments/`, {
      method: "POST",
      headers: headers(auth),
      body: JSON.stringify(collectionBody()),
    });
    const text = await cut.text();
    expect(text.length).toBeGreaterThan(10);
    expect(() => JSON.parse(text)).toThrow();
    await h.control("/faults", { gateway: "airtel", fault: "none" });
    expect((await enquire(auth)).json.data.transaction?.status).toBe("TIP");
  });

  it("duplicate_callbacks sends the same callback three times", async () => {
    const auth = await bearer();
    await h.control("/faults", { gateway: "airtel", fault: "duplicate_callbacks" });
    await collect(auth);
    await answerOnlyPrompt("approve");
    const copies = await h.app.waitFor((r) => r.length >= 3);
    expect(new Set(copies.map((c) => c.body)).size).toBe(1);
  });
});
