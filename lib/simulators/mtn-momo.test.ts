// MTN MoMo Collections simulator over real HTTP, with requests written by hand from reference/gateways.md §3.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { simulatorHarnessPerFile } from "./testing/harness";

const h = simulatorHarnessPerFile();
const SUBSCRIPTION = { "Ocp-Apim-Subscription-Key": "any-portal-key" };
// The user the app's simulator-mode configuration uses.
const USER = "0b5a0c3e-6f4d-4c1e-9a8b-3d2f1e0c9b8a";
const KEY = "simulator-collections-api-key";

afterEach(() => {
  delete process.env.SIM_MTN_MOMO_REASON_FORMAT;
  delete process.env.SIM_MTN_MOMO_DELAYED_PAYER_MS;
});

const basic = (user: string, key: string) => `Basic ${Buffer.from(`${user}:${key}`).toString("base64")}`;

async function token(user = USER, key = KEY, path = "/collection/token/") {
  const res = await fetch(`${h.sim}/mtn-momo${path}`, {
    method: "POST",
    headers: { ...SUBSCRIPTION, Authorization: basic(user, key) },
  });
  return { res, body: (await res.json()) as { access_token: string; token_type: string; expires_in: number } };
}

interface PayOptions {
  phone?: string;
  amount?: unknown;
  currency?: string;
  environment?: string;
  referenceId?: string;
  callbackUrl?: string | null;
  bearer?: string;
}

async function requestToPay(o: PayOptions = {}) {
  const referenceId = o.referenceId ?? randomUUID();
  const bearer = o.bearer ?? (await token()).body.access_token;
  const res = await fetch(`${h.sim}/mtn-momo/collection/v1_0/requesttopay`, {
    method: "POST",
    headers: {
      ...SUBSCRIPTION,
      Authorization: `Bearer ${bearer}`,
      "X-Reference-Id": referenceId,
      "X-Target-Environment": o.environment ?? "mtnuganda",
      "Content-Type": "application/json",
      ...(o.callbackUrl !== null && { "X-Callback-Url": o.callbackUrl ?? `${h.app.url}/api/callbacks/mtn-momo` }),
    },
    body: JSON.stringify({
      amount: o.amount ?? "50000",
      currency: o.currency ?? "UGX",
      externalId: "pay_123",
      payer: { partyIdType: "MSISDN", partyId: o.phone ?? "256772123456" },
      payerMessage: "Lango order LGABCDEFGH",
      payeeNote: "Kampala Music Festival",
    }),
  });
  return { res, referenceId, bearer, text: await res.text() };
}

async function status(referenceId: string, bearer: string, environment = "mtnuganda") {
  const res = await fetch(`${h.sim}/mtn-momo/collection/v1_0/requesttopay/${referenceId}`, {
    headers: { ...SUBSCRIPTION, Authorization: `Bearer ${bearer}`, "X-Target-Environment": environment },
  });
  return { res, body: (await res.json()) as Record<string, unknown> };
}

async function pendingPrompt() {
  const prompts = (await (await h.control("/prompts")).json()) as Array<{
    id: string;
    gateway: string;
    phone: string;
    amount: number;
    currency: string;
    reference: string;
  }>;
  return prompts.find((p) => p.gateway === "mtn-momo");
}

const until = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 3000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe("access", () => {
  it("refuses a call without the subscription key the way the API gateway in front of MTN does", async () => {
    const res = await fetch(`${h.sim}/mtn-momo/collection/token/`, {
      method: "POST",
      headers: { Authorization: basic(USER, KEY) },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ statusCode: 401, message: expect.stringMatching(/subscription key/) });
  });

  it("issues an hour-long token for good Basic credentials, with or without the trailing slash", async () => {
    const { res, body } = await token();
    expect(res.status).toBe(200);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: "access_token",
      expires_in: 3600,
    });
    expect((await token(USER, KEY, "/collection/token")).res.status).toBe(200);
    const bad = await token(USER, "wrong");
    expect(bad.res.status).toBe(401);
    expect(bad.body).toEqual({ error: "login_failed" });
  });

  it("refuses a bad bearer token and an unknown target environment", async () => {
    expect((await requestToPay({ bearer: "nope" })).res.status).toBe(401);
    const env = await requestToPay({ environment: "mtnnarnia" });
    expect(env.res.status).toBe(403);
    expect(JSON.parse(env.text)).toEqual({ code: "NOT_ALLOWED_TARGET_ENVIRONMENT", message: expect.any(String) });
  });

  it("provisions a sandbox API user and key, which then work in the sandbox only", async () => {
    const id = randomUUID();
    const create = () =>
      fetch(`${h.sim}/mtn-momo/v1_0/apiuser`, {
        method: "POST",
        headers: { ...SUBSCRIPTION, "X-Reference-Id": id, "Content-Type": "application/json" },
        body: JSON.stringify({ providerCallbackHost: "127.0.0.1" }),
      });
    const created = await create();
    expect(created.status).toBe(201);
    expect(await created.text()).toBe("");
    expect((await create()).status).toBe(409);
    const user = await fetch(`${h.sim}/mtn-momo/v1_0/apiuser/${id}`, { headers: SUBSCRIPTION });
    expect(await user.json()).toEqual({ providerCallbackHost: "127.0.0.1", targetEnvironment: "sandbox" });
    const keyRes = await fetch(`${h.sim}/mtn-momo/v1_0/apiuser/${id}/apikey`, {
      method: "POST",
      headers: SUBSCRIPTION,
    });
    expect(keyRes.status).toBe(201);
    const { apiKey } = (await keyRes.json()) as { apiKey: string };

    const bearer = (await token(id, apiKey)).body.access_token;
    expect((await requestToPay({ bearer, environment: "sandbox", currency: "EUR", amount: "50" })).res.status).toBe(
      202,
    );
    expect((await requestToPay({ bearer, environment: "mtnuganda" })).res.status).toBe(403);
    // MTN calls back to the providerCallbackHost only.
    const elsewhere = await requestToPay({
      bearer,
      environment: "sandbox",
      currency: "EUR",
      callbackUrl: "https://attacker.example/cb",
    });
    expect(elsewhere.res.status).toBe(400);
    expect(JSON.parse(elsewhere.text)).toMatchObject({ code: "INVALID_CALLBACK_URL_HOST" });
  });
});

describe("requesttopay", () => {
  it("answers 202 with no body, puts a prompt on the virtual phone, and reports the approval by GET and one callback", async () => {
    const { res, text, referenceId, bearer } = await requestToPay();
    expect(res.status).toBe(202);
    expect(text).toBe("");
    expect((await status(referenceId, bearer)).body).toEqual({
      externalId: "pay_123",
      amount: "50000",
      currency: "UGX",
      payer: { partyIdType: "MSISDN", partyId: "256772123456" },
      payerMessage: "Lango order LGABCDEFGH",
      payeeNote: "Kampala Music Festival",
      status: "PENDING",
    });
    const prompt = await until(pendingPrompt, Boolean);
    expect(prompt).toMatchObject({ phone: "256772123456", amount: 50000, currency: "UGX", reference: "pay_123" });

    await h.control(`/prompts/${prompt!.id}`, { outcome: "approve" });
    const [callback] = await h.app.waitFor((r) => r.length > 0);
    expect(callback).toMatchObject({
      method: "POST",
      path: "/api/callbacks/mtn-momo",
      headers: expect.objectContaining({ "content-type": "application/json" }),
    });
    const after = (await status(referenceId, bearer)).body;
    expect(after).toMatchObject({
      status: "SUCCESSFUL",
      financialTransactionId: expect.stringMatching(/^\d{10}$/),
      amount: "50000",
    });
    // "Similar to the status-check response": here, the same body.
    expect(JSON.parse(callback.body)).toEqual(after);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.app.requests).toHaveLength(1); // sent once, never retried
  });

  it("reports a declined prompt as APPROVAL_REJECTED, and an unanswered one as COULD_NOT_PERFORM_TRANSACTION", async () => {
    const declined = await requestToPay();
    await h.control(`/prompts/${(await until(pendingPrompt, Boolean))!.id}`, { outcome: "decline" });
    await h.app.waitFor((r) => r.length === 1);
    expect((await status(declined.referenceId, declined.bearer)).body).toMatchObject({
      status: "FAILED",
      reason: "APPROVAL_REJECTED",
    });

    await h.control("/settings", { promptTimeoutMs: 50 });
    const ignored = await requestToPay({ phone: "256772000111" });
    await h.app.waitFor((r) => r.length === 2);
    expect((await status(ignored.referenceId, ignored.bearer)).body).toMatchObject({
      status: "FAILED",
      reason: "COULD_NOT_PERFORM_TRANSACTION",
    });
  });

  it("gives the reason as {code, message} when configured to", async () => {
    process.env.SIM_MTN_MOMO_REASON_FORMAT = "object";
    const r = await requestToPay({ phone: "46733123451" });
    await h.app.waitFor((x) => x.length === 1);
    expect((await status(r.referenceId, r.bearer)).body.reason).toEqual({
      code: "APPROVAL_REJECTED",
      message: expect.any(String),
    });
  });

  it("sends no callback without X-Callback-Url; the GET still tells", async () => {
    const r = await requestToPay({ phone: "46733123455", callbackUrl: null });
    await new Promise((res) => setTimeout(res, 250));
    expect(h.app.requests).toHaveLength(0);
    expect((await status(r.referenceId, r.bearer)).body).toMatchObject({ status: "FAILED", reason: "PAYER_NOT_FOUND" });
  });

  it("refuses a number amount, a bad or reused X-Reference-Id, and answers 404 for an unknown one or another environment", async () => {
    const numeric = await requestToPay({ amount: 50000 });
    expect(numeric.res.status).toBe(400);
    expect(JSON.parse(numeric.text)).toEqual({ code: expect.any(String), message: expect.stringMatching(/string/) });
    expect((await requestToPay({ referenceId: "12345" })).res.status).toBe(400);
    const first = await requestToPay({ phone: "46733123453" });
    const again = await requestToPay({ referenceId: first.referenceId, phone: "46733123453" });
    expect(again.res.status).toBe(409);
    expect(JSON.parse(again.text)).toMatchObject({ code: "RESOURCE_ALREADY_EXIST" });
    const unknown = await status(randomUUID(), first.bearer);
    expect(unknown.res.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: "RESOURCE_NOT_FOUND" });
    expect((await status(first.referenceId, first.bearer, "sandbox")).res.status).toBe(404);
  });

  it("takes EUR only in the sandbox, and the environment's own currency elsewhere", async () => {
    const ugxInSandbox = await requestToPay({ environment: "sandbox", currency: "UGX", phone: "46733123459" });
    expect(ugxInSandbox.res.status).toBe(202);
    await h.app.waitFor((r) => r.length === 1);
    expect((await status(ugxInSandbox.referenceId, ugxInSandbox.bearer, "sandbox")).body).toMatchObject({
      status: "FAILED",
      reason: "INVALID_CURRENCY",
    });
    const eurInUganda = await requestToPay({ currency: "EUR" });
    await h.app.waitFor((r) => r.length === 2);
    expect((await status(eurInUganda.referenceId, eurInUganda.bearer)).body).toMatchObject({
      status: "FAILED",
      reason: "INVALID_CURRENCY",
    });
  });

  it("answers 500 with MTN's error body under the http_500 fault", async () => {
    const bearer = (await token()).body.access_token;
    await h.control("/faults", { gateway: "mtn-momo", fault: "http_500" });
    const r = await requestToPay({ bearer });
    expect(r.res.status).toBe(500);
    expect(JSON.parse(r.text)).toMatchObject({ code: "INTERNAL_PROCESSING_ERROR" });
  });
});

describe("sandbox payer numbers", () => {
  it.each([
    ["46733123450", "INTERNAL_PROCESSING_ERROR"],
    ["46733123451", "APPROVAL_REJECTED"],
    ["46733123452", "EXPIRED"],
    ["46733123455", "PAYER_NOT_FOUND"],
    ["46733123456", "PAYEE_NOT_ALLOWED_TO_RECEIVE"],
    ["46733123457", "NOT_ALLOWED"],
    ["46733123458", "NOT_ALLOWED_TARGET_ENVIRONMENT"],
    ["46733123459", "INVALID_CALLBACK_URL_HOST"],
    ["46733123460", "INVALID_CURRENCY"],
    ["46733123461", "INTERNAL_PROCESSING_ERROR"],
    ["46733123462", "SERVICE_UNAVAILABLE"],
    ["46733123463", "COULD_NOT_PERFORM_TRANSACTION"],
  ])("%s fails with %s, without a prompt", async (phone, reason) => {
    const r = await requestToPay({ phone, environment: "sandbox", currency: "EUR", amount: "50" });
    expect(r.res.status).toBe(202);
    const [callback] = await h.app.waitFor((x) => x.length === 1);
    expect(JSON.parse(callback.body)).toMatchObject({ status: "FAILED", reason });
    expect((await status(r.referenceId, r.bearer, "sandbox")).body).toMatchObject({ status: "FAILED", reason });
    expect(await pendingPrompt()).toBeUndefined();
  });

  it("46733123453 stays PENDING (payer ongoing); 46733123454 pays after a delay (payer delayed)", async () => {
    process.env.SIM_MTN_MOMO_DELAYED_PAYER_MS = "200";
    const ongoing = await requestToPay({ phone: "46733123453" });
    const delayed = await requestToPay({ phone: "46733123454" });
    expect((await status(delayed.referenceId, delayed.bearer)).body.status).toBe("PENDING");
    const [callback] = await h.app.waitFor((x) => x.length === 1);
    expect(JSON.parse(callback.body)).toMatchObject({ status: "SUCCESSFUL", payer: { partyId: "46733123454" } });
    expect((await status(ongoing.referenceId, ongoing.bearer)).body.status).toBe("PENDING");
    expect(await pendingPrompt()).toBeUndefined();
  });
});

describe("pentest 12.10: MTN MoMo calls back only the app's origin or this machine", () => {
  it.each([
    "https://example.com/api/callbacks/mtn-momo",
    "http://169.254.169.254/latest/meta-data/",
    "http://localhost.example.com/cb",
  ])(
    "refuses the X-Callback-Url %s with INVALID_CALLBACK_URL_HOST at request time: no prompt, nothing sent",
    async (callbackUrl) => {
      const { res, text } = await requestToPay({ callbackUrl });
      expect(res.status).toBe(400);
      expect(JSON.parse(text)).toEqual({
        code: "INVALID_CALLBACK_URL_HOST",
        message: "Callback URL with host not allowed.",
      });
      expect(await pendingPrompt()).toBeUndefined();
      expect(await (await h.control("/notifications?gateway=mtn-momo")).json()).toEqual([]);
    },
  );

  it("refuses a foreign host even when the API user registered it as its providerCallbackHost", async () => {
    const id = randomUUID();
    await fetch(`${h.sim}/mtn-momo/v1_0/apiuser`, {
      method: "POST",
      headers: { ...SUBSCRIPTION, "X-Reference-Id": id, "Content-Type": "application/json" },
      body: JSON.stringify({ providerCallbackHost: "example.com" }),
    });
    const { apiKey } = (await (
      await fetch(`${h.sim}/mtn-momo/v1_0/apiuser/${id}/apikey`, { method: "POST", headers: SUBSCRIPTION })
    ).json()) as { apiKey: string };
    const bearer = (await token(id, apiKey)).body.access_token;
    const { res, text } = await requestToPay({
      bearer,
      environment: "sandbox",
      currency: "EUR",
      amount: "50",
      callbackUrl: "https://example.com/cb",
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ code: "INVALID_CALLBACK_URL_HOST" });
  });

  it("still calls back the app on loopback", async () => {
    const { res } = await requestToPay();
    expect(res.status).toBe(202);
    await h.control(`/prompts/${(await pendingPrompt())!.id}`, { outcome: "approve" });
    const [callback] = await h.app.waitFor((r) => r.length > 0);
    expect(callback.path).toBe("/api/callbacks/mtn-momo");
  });
});
