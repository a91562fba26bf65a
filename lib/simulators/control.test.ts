// Control API, faults, the virtual phone and live mode, over real HTTP.
import { afterEach, describe, expect, it } from "vitest";
import { simulatorHarnessPerFile } from "./testing/harness";
import { settings } from "./store";

const PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
const COMPANY = "9F416C11-127B-4DE2-AC7F-D5710E4C5E0A";

const h = simulatorHarnessPerFile();
afterEach(() => {
  delete process.env.PAYMENTS_MODE;
});

async function darajaToken(): Promise<string> {
  const res = await fetch(`${h.sim}/daraja/oauth/v1/generate?grant_type=client_credentials`, {
    headers: { authorization: `Basic ${Buffer.from("key:secret").toString("base64")}` },
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

async function stkPush(phone = "254708374149", amount = 5000) {
  const Timestamp = "20240710091526";
  return fetch(`${h.sim}/daraja/mpesa/stkpush/v1/processrequest`, {
    method: "POST",
    headers: { authorization: `Bearer ${await darajaToken()}`, "content-type": "application/json" },
    body: JSON.stringify({
      BusinessShortCode: "174379",
      Password: Buffer.from(`174379${PASSKEY}${Timestamp}`).toString("base64"),
      Timestamp,
      TransactionType: "CustomerPayBillOnline",
      Amount: amount,
      PartyA: phone,
      PartyB: "174379",
      PhoneNumber: phone,
      CallBackURL: `${h.app.url}/api/callbacks/daraja/stk`,
      AccountReference: "LNG-7QK2M9",
      TransactionDesc: "Tickets",
    }),
  });
}

async function prompts(): Promise<
  {
    id: string;
    gateway: string;
    phone: string;
    amount: number;
    currency: string;
    reference: string;
    expiresAt: string;
  }[]
> {
  return (await (await h.control("/prompts")).json()) as never;
}

async function payDpoByCard(): Promise<string> {
  const res = await fetch(`${h.sim}/dpo/API/v6/`, {
    method: "POST",
    body: `<API3G><CompanyToken>${COMPANY}</CompanyToken><Request>createToken</Request><Transaction><PaymentAmount>10</PaymentAmount><PaymentCurrency>USD</PaymentCurrency><CompanyRef>R1</CompanyRef></Transaction><Services><Service><ServiceType>3854</ServiceType><ServiceDescription>Ticket</ServiceDescription><ServiceDate>2026/08/14 18:00</ServiceDate></Service></Services></API3G>`,
  });
  const token = /<TransToken>([^<]+)<\/TransToken>/.exec(await res.text())![1];
  await fetch(`${h.sim}/dpo/payv2.php?ID=${token}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "outcome=card",
    redirect: "manual",
  });
  return token;
}

describe("prompts API", () => {
  it("lists pending prompts and answers them", async () => {
    expect(await prompts()).toEqual([]);
    await stkPush();
    const list = await prompts();
    expect(list).toEqual([
      {
        id: expect.any(String),
        gateway: "daraja",
        phone: "254708374149",
        amount: 5000,
        currency: "KES",
        reference: "LNG-7QK2M9",
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    // The prompt closes after the configured timeout (SIM_PROMPT_TIMEOUT_MS, a minute by default).
    const closesIn = Date.parse(list[0].expiresAt) - Date.now();
    expect(closesIn).toBeGreaterThan(0);
    expect(closesIn).toBeLessThanOrEqual(settings().promptTimeoutMs);

    const ok = await h.control(`/prompts/${list[0].id}`, { outcome: "approve" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true });
    expect(await prompts()).toEqual([]);

    const again = await h.control(`/prompts/${list[0].id}`, { outcome: "decline" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "already_answered" } });
  });

  it("answers 404 for an unknown prompt and 400 for a bad outcome or body", async () => {
    const unknown = await h.control("/prompts/pr_nope", { outcome: "approve" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });

    await stkPush();
    const [p] = await prompts();
    const bad = await h.control(`/prompts/${p.id}`, { outcome: "maybe" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: { code: "invalid_input", message: expect.stringContaining("outcome") } });

    const notJson = await fetch(`${h.sim}/api/prompts/${p.id}`, { method: "POST", body: "outcome=approve" });
    expect(notJson.status).toBe(400);
    expect(await prompts()).toHaveLength(1);
  });

  it("reset clears prompts, faults and notifications", async () => {
    await stkPush();
    await h.control("/faults", { gateway: "dpo", fault: "slow" });
    await h.control("/reset", {});
    expect(await prompts()).toEqual([]);
    expect(((await (await h.control("/faults")).json()) as Record<string, string>).dpo).toBe("none");
    expect(await (await h.control("/notifications")).json()).toEqual([]);
  });
});

describe("faults", () => {
  it("reads and sets faults per gateway, validating input", async () => {
    expect(await (await h.control("/faults")).json()).toEqual({
      daraja: "none",
      dpo: "none",
      "mtn-momo": "none",
      airtel: "none",
      flutterwave: "none",
      ksher: "none",
    });
    const set = await h.control("/faults", { gateway: "daraja", fault: "drop_callbacks" });
    expect(set.status).toBe(200);
    expect(((await (await h.control("/faults")).json()) as Record<string, string>).daraja).toBe("drop_callbacks");
    expect((await h.control("/faults", { gateway: "paypal", fault: "none" })).status).toBe(400);
    expect((await h.control("/faults", { gateway: "dpo", fault: "explode" })).status).toBe(400);
  });

  it("drop_callbacks: the notification is recorded but never delivered", async () => {
    await h.control("/faults", { gateway: "daraja", fault: "drop_callbacks" });
    await stkPush();
    const [p] = await prompts();
    await h.control(`/prompts/${p.id}`, { outcome: "approve" });
    await new Promise((r) => setTimeout(r, 200));
    expect(h.app.requests).toHaveLength(0);
    const notes = (await (await h.control("/notifications")).json()) as {
      kind: string;
      fault: string;
      deliveries: unknown[];
    }[];
    expect(notes).toMatchObject([{ kind: "stk-callback", fault: "drop_callbacks", deliveries: [] }]);
  });

  it("duplicate_callbacks: the same notification arrives three times", async () => {
    await h.control("/faults", { gateway: "daraja", fault: "duplicate_callbacks" });
    await stkPush();
    const [p] = await prompts();
    await h.control(`/prompts/${p.id}`, { outcome: "approve" });
    const received = await h.app.waitFor((r) => r.length === 3);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);

    h.app.clear();
    await h.control("/faults", { gateway: "dpo", fault: "duplicate_callbacks" });
    await payDpoByCard();
    await h.app.waitFor((r) => r.length === 3);
    expect(h.app.requests.every((r) => r.path === "/api/callbacks/dpo")).toBe(true);
  });

  it("delay_callbacks: the notification arrives late", async () => {
    await h.control("/settings", { callbackDelayMs: 300 });
    await h.control("/faults", { gateway: "dpo", fault: "delay_callbacks" });
    const started = Date.now();
    await payDpoByCard();
    await new Promise((r) => setTimeout(r, 100));
    expect(h.app.requests).toHaveLength(0);
    const [push] = await h.app.waitFor((r) => r.length === 1);
    expect(push.at - started).toBeGreaterThanOrEqual(280);
  });

  it("http_500: API calls fail and change nothing", async () => {
    await h.control("/faults", { gateway: "daraja", fault: "http_500" });
    const oauth = await fetch(`${h.sim}/daraja/oauth/v1/generate?grant_type=client_credentials`, {
      headers: { authorization: `Basic ${Buffer.from("key:secret").toString("base64")}` },
    });
    expect(oauth.status).toBe(500);
    expect(await oauth.json()).toMatchObject({ errorCode: "500.003.1001" });
    expect((await stkPush()).status).toBe(500);
    expect(await prompts()).toEqual([]);

    await h.control("/faults", { gateway: "dpo", fault: "http_500" });
    const dpo = await fetch(`${h.sim}/dpo/API/v6/`, { method: "POST", body: "<API3G/>" });
    expect(dpo.status).toBe(500);
    // Other gateways are unaffected once the fault is cleared.
    await h.control("/faults", { gateway: "daraja", fault: "none" });
    expect((await stkPush()).status).toBe(200);
  });

  it("malformed: replies are cut short but the call took effect", async () => {
    await h.control("/faults", { gateway: "daraja", fault: "malformed" });
    const oauth = await fetch(`${h.sim}/daraja/oauth/v1/generate?grant_type=client_credentials`, {
      headers: { authorization: `Basic ${Buffer.from("key:secret").toString("base64")}` },
    });
    expect(oauth.status).toBe(200);
    const text = await oauth.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text.startsWith('{"access_token":')).toBe(true);

    await h.control("/faults", { gateway: "dpo", fault: "malformed" });
    const created = await fetch(`${h.sim}/dpo/API/v6/`, {
      method: "POST",
      body: `<API3G><CompanyToken>${COMPANY}</CompanyToken><Request>createToken</Request><Transaction><PaymentAmount>10</PaymentAmount><PaymentCurrency>USD</PaymentCurrency></Transaction><Services><Service><ServiceType>1</ServiceType><ServiceDescription>x</ServiceDescription><ServiceDate>2026/08/14 18:00</ServiceDate></Service></Services></API3G>`,
    });
    const xml = await created.text();
    expect(xml).not.toContain("</API3G>");
  });

  it("slow: replies arrive late", async () => {
    await h.control("/settings", { slowMs: 300 });
    await h.control("/faults", { gateway: "daraja", fault: "slow" });
    const started = Date.now();
    await darajaToken();
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });
});

describe("virtual phone", () => {
  it("lists pending prompts as a script-free page that refreshes itself", async () => {
    await stkPush("254708374149", 1500);
    const res = await fetch(`${h.sim}/phone`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action *; base-uri 'none'; frame-ancestors 'none'",
    );
    const page = await res.text();
    expect(page).not.toMatch(/<script|onclick=|javascript:/i);
    expect(page).toContain('<meta http-equiv="refresh" content="2">');
    expect(page).toContain("254708374149");
    expect(page).toContain("KES 1,500");
    expect(page).toContain("LNG-7QK2M9");
    for (const outcome of ["approve", "wrong_pin", "decline", "insufficient_funds", "timeout"]) {
      expect(page).toContain(`name="outcome" value="${outcome}"`);
    }
  });

  it("answers a prompt from the form and returns to the (filtered) list", async () => {
    await stkPush();
    const [p] = await prompts();
    const res = await fetch(`${h.sim}/phone/prompts/${p.id}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "outcome=wrong_pin&phone=0708374149",
      redirect: "manual",
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/sim/phone?phone=0708374149");
    const [cb] = await h.app.waitFor((r) => r.length === 1);
    expect(JSON.parse(cb.body).Body.stkCallback.ResultCode).toBe(2001);
    expect(await fetch(`${h.sim}/phone`).then((r) => r.text())).toContain("wrong PIN");
  });

  it("filters by phone number, however it is typed", async () => {
    await stkPush("254708374149");
    await stkPush("254712345678");
    const mine = await fetch(`${h.sim}/phone?phone=${encodeURIComponent("0712 345 678")}`).then((r) => r.text());
    expect(mine).toContain("254712345678");
    expect(mine).not.toContain("to 254708374149");
  });
});

describe("live mode", () => {
  it("answers 404 everywhere", async () => {
    process.env.PAYMENTS_MODE = "live";
    for (const [path, init] of [
      ["/phone", {}],
      ["/api/prompts", {}],
      ["/api/reset", { method: "POST" }],
      ["/daraja/oauth/v1/generate?grant_type=client_credentials", {}],
      ["/dpo/API/v6/", { method: "POST", body: "<API3G/>" }],
      ["/dpo/payv2.php?ID=x", {}],
    ] as const) {
      const res = await fetch(`${h.sim}${path}`, init);
      expect(res.status, path).toBe(404);
    }
  });
});

describe("routing", () => {
  it("answers unknown simulator paths with 404 and Daraja's own 404 under /daraja", async () => {
    expect((await fetch(`${h.sim}/nope`)).status).toBe(404);
    expect((await h.control("/nope")).status).toBe(404);
    const daraja = await fetch(`${h.sim}/daraja/mpesa/nothing/v1`, { method: "POST" });
    expect(daraja.status).toBe(404);
    expect(await daraja.json()).toMatchObject({ errorCode: "404.001.01" });
    const wrongMethod = await fetch(`${h.sim}/daraja/mpesa/stkpush/v1/processrequest`);
    expect(wrongMethod.status).toBe(405);
  });
});
