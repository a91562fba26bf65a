/**
 * The MTN MoMo adapter over real HTTP against a replay server: a node:http server in this file answering
 * with the recorded payloads verbatim. It holds no MTN logic (not a simulator); each test picks the reply.
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import type { InitiateInput } from "../../types";
import { closeReplays, recordingContext, replay as replayServer, type Reply, type Seen } from "../replay.testkit";
import { mtnMomoConfigSchema, mtnMomoGateway, type MtnMomoConfig } from "./index";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

afterAll(closeReplays);

const API_KEY = "api-key-that-must-not-leak";
const SUBSCRIPTION_KEY = "subscription-key-that-must-not-leak";
let userSerial = 0;

/** Replies to the token request with the recording unless told otherwise; `route` answers the rest. */
async function replay(
  route: (req: Seen, seen: Seen[]) => Reply,
  opts: { targetEnvironment?: string; token?: (req: Seen) => Reply } = {},
) {
  const { url: base, seen } = await replayServer((entry, all) =>
    entry.path === "/collection/token/"
      ? (opts.token?.(entry) ?? { status: 200, body: fixture("token.json") })
      : route(entry, all),
  );
  // A fresh API user per test: tokens are cached per user for the process.
  const apiUser = `0b5a0c3e-6f4d-4c1e-9a8b-${String(++userSerial).padStart(12, "0")}`;
  const config: MtnMomoConfig = mtnMomoConfigSchema.parse({
    baseUrl: base,
    subscriptionKey: SUBSCRIPTION_KEY,
    apiUser,
    apiKey: API_KEY,
    ...(opts.targetEnvironment && { targetEnvironment: opts.targetEnvironment }),
    timeoutMs: 300,
  });
  const clock = { now: new Date("2026-08-01T09:00:00Z") };
  const { ctx, calls } = recordingContext(config, () => clock.now);
  return { seen, calls, ctx, clock, apiUser, api: () => seen.filter((s) => s.path !== "/collection/token/") };
}

const input: InitiateInput = {
  paymentId: "pay_01J9Z3Q8R2XK",
  orderReference: "LGABCDEFGH",
  amount: { amountMinor: 50_000, currency: "UGX" },
  description: "Order LGABCDEFGH · Kampala Music Festival",
  customer: { name: "Nakato Achieng", email: "nakato@example.com", phoneE164: "+256772123456" },
  country: "UG",
  serviceDate: new Date("2026-08-20T11:00:00Z"),
  expiresAt: new Date("2026-08-01T09:15:00Z"),
  returnUrl: "https://lango.example/pay/return/mtn-momo?payment=pay_01J9Z3Q8R2XK",
  callbackUrl: "https://lango.example/api/callbacks/mtn-momo",
};
const query = (gatewayReference = "5f0c8a57-2d4e-4c3b-9b1a-0e6f7d8c9a0b", paymentId = "12345678") => ({
  paymentId,
  gatewayReference,
  amount: { amountMinor: 50, currency: "UGX" },
});
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("token", () => {
  it("posts Basic apiUser:apiKey with the subscription key once, and reuses the token until shortly before its hour ends", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("status-pending.json") }));
    await mtnMomoGateway.getStatus(query(), s.ctx);
    await mtnMomoGateway.getStatus(query(), s.ctx);
    const tokenCalls = s.seen.filter((x) => x.path === "/collection/token/");
    expect(tokenCalls).toHaveLength(1);
    expect(tokenCalls[0].method).toBe("POST");
    expect(tokenCalls[0].headers.authorization).toBe(
      `Basic ${Buffer.from(`${s.apiUser}:${API_KEY}`).toString("base64")}`,
    );
    expect(tokenCalls[0].headers["ocp-apim-subscription-key"]).toBe(SUBSCRIPTION_KEY);
    expect(s.api()[0].headers.authorization).toBe("Bearer <JWT>");

    s.clock.now = new Date(s.clock.now.getTime() + 3_550_000); // inside the last minute of 3600 s
    await mtnMomoGateway.getStatus(query(), s.ctx);
    expect(s.seen.filter((x) => x.path === "/collection/token/")).toHaveLength(2);
  });

  it("shares one token request between concurrent calls", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("status-pending.json") }));
    await Promise.all([1, 2, 3].map(() => mtnMomoGateway.getStatus(query(), s.ctx)));
    expect(s.seen.filter((x) => x.path === "/collection/token/")).toHaveLength(1);
  });

  it("gets a new token once when MTN answers 401, and reports a second 401 as auth_failed", async () => {
    const once = await replay((_req, seen) =>
      seen.filter((x) => x.path !== "/collection/token/").length === 1
        ? { status: 401, body: '{"statusCode":401,"message":"Access denied due to invalid access token."}' }
        : { status: 200, body: fixture("status-pending.json") },
    );
    expect(await mtnMomoGateway.getStatus(query(), once.ctx)).toEqual({ status: "pending" });
    expect(once.seen.filter((x) => x.path === "/collection/token/")).toHaveLength(2);

    const always = await replay(() => ({ status: 401, body: "{}" }));
    await expect(mtnMomoGateway.getStatus(query(), always.ctx)).rejects.toMatchObject({ code: "auth_failed" });
  });

  it("reports refused credentials as auth_failed without calling the API", async () => {
    const s = await replay(() => ({ status: 200, body: "{}" }), {
      token: () => ({ status: 401, body: '{"error":"login_failed"}' }),
    });
    await expect(mtnMomoGateway.initiate(input, s.ctx)).rejects.toMatchObject({ code: "auth_failed" });
    expect(s.api()).toHaveLength(0);
  });
});

describe("requesttopay", () => {
  it("sends the documented headers and body and waits for the phone", async () => {
    const s = await replay(() => ({ status: 202 }));
    const result = await mtnMomoGateway.initiate(input, s.ctx);
    const [sent] = s.api();
    expect(sent).toMatchObject({ method: "POST", path: "/collection/v1_0/requesttopay" });
    expect(sent.headers["x-reference-id"]).toMatch(UUID_V4);
    expect(sent.headers["x-callback-url"]).toBe(input.callbackUrl);
    // Simulator-mode config: the order's country picks the environment.
    expect(sent.headers["x-target-environment"]).toBe("mtnuganda");
    expect(sent.headers["ocp-apim-subscription-key"]).toBe(SUBSCRIPTION_KEY);
    expect(sent.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(sent.body)).toEqual({
      amount: "50000",
      currency: "UGX",
      externalId: input.paymentId,
      payer: { partyIdType: "MSISDN", partyId: "256772123456" },
      payerMessage: "Lango order LGABCDEFGH",
      payeeNote: input.description,
    });
    expect(result).toEqual({
      gatewayReference: sent.headers["x-reference-id"],
      status: "pending",
      nextAction: {
        type: "await_customer",
        message: "Check your phone and enter your MTN MoMo PIN to pay UGX 50,000.",
        pollAfterMs: 2000,
        expiresAt: "2026-08-01T09:05:00.000Z",
      },
    });
    expect(s.calls.map((c) => [c.operation, c.httpStatus, c.ok])).toEqual([
      ["token", 200, true],
      ["requesttopay", 202, true],
    ]);
  });

  it("sends EUR to the sandbox", async () => {
    const s = await replay(() => ({ status: 202 }), { targetEnvironment: "sandbox" });
    await mtnMomoGateway.initiate(input, s.ctx);
    expect(s.api()[0].headers["x-target-environment"]).toBe("sandbox");
    expect(JSON.parse(s.api()[0].body)).toMatchObject({ amount: "50000", currency: "EUR" });
  });

  it("refuses, without calling MTN, a number it cannot send to or a country the account is not for", async () => {
    const s = await replay(() => ({ status: 202 }), { targetEnvironment: "mtnrwanda" });
    expect(await mtnMomoGateway.initiate(input, s.ctx)).toMatchObject({
      status: "failed",
      failure: { gatewayCode: "market_not_configured" },
    });
    const noPhone = { ...input, customer: { ...input.customer, phoneE164: undefined } };
    expect(await mtnMomoGateway.initiate(noPhone, s.ctx)).toMatchObject({
      status: "failed",
      failure: { gatewayCode: "invalid_phone" },
    });
    expect(s.seen).toHaveLength(0);
  });

  it("keeps a reused X-Reference-Id pending: MTN already has the request", async () => {
    const s = await replay(() => ({ status: 409, body: fixture("error-resource-already-exist.json") }));
    expect(await mtnMomoGateway.initiate(input, s.ctx)).toMatchObject({
      status: "pending",
      gatewayReference: expect.stringMatching(UUID_V4),
    });
  });

  it("keeps the attempt pending when MTN does not answer in time: the status GET decides", async () => {
    const s = await replay(() => ({ status: 202, hang: true }));
    const result = await mtnMomoGateway.initiate(input, s.ctx);
    expect(result).toMatchObject({ status: "pending", gatewayReference: s.api()[0].headers["x-reference-id"] });
    expect(s.calls.at(-1)).toMatchObject({
      operation: "requesttopay",
      ok: false,
      error: expect.stringMatching(/no reply/),
    });
  });

  it("fails the payment for a payer-side refusal and throws for one about our account", async () => {
    const payer = await replay(() => ({ status: 400, body: '{"code":"PAYER_NOT_FOUND","message":"Payer not found"}' }));
    expect(await mtnMomoGateway.initiate(input, payer.ctx)).toMatchObject({
      status: "failed",
      failure: { gatewayCode: "PAYER_NOT_FOUND" },
    });

    const host = await replay(() => ({
      status: 400,
      body: '{"code":"INVALID_CALLBACK_URL_HOST","message":"Callback URL with host not allowed."}',
    }));
    await expect(mtnMomoGateway.initiate(input, host.ctx)).rejects.toMatchObject({
      code: "rejected",
      details: { gatewayCode: "INVALID_CALLBACK_URL_HOST", httpStatus: 400, buyerMessage: expect.any(String) },
    });

    const down = await replay(() => ({
      status: 500,
      body: '{"code":"INTERNAL_PROCESSING_ERROR","message":"An internal error occurred while processing."}',
    }));
    const outage = await mtnMomoGateway.initiate(input, down.ctx).catch((e: unknown) => e);
    expect(outage).toMatchObject({ code: "unavailable", details: { retryable: true } });
    // An outage is not the payer's balance, whatever code MTN put in the body.
    expect((outage as { details: { buyerMessage?: string } }).details.buyerMessage).toBeUndefined();
  });
});

describe("status GET", () => {
  it("reports the sandbox's EUR success in the payment's currency, with the financialTransactionId", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("status-successful.json") }), {
      targetEnvironment: "sandbox",
    });
    const ref = "5f0c8a57-2d4e-4c3b-9b1a-0e6f7d8c9a0b";
    expect(await mtnMomoGateway.getStatus(query(ref), s.ctx)).toEqual({
      status: "succeeded",
      paid: { amountMinor: 50, currency: "UGX" },
      receipt: "1927264368",
    });
    expect(s.api()[0]).toMatchObject({ method: "GET", path: `/collection/v1_0/requesttopay/${ref}`, body: "" });
    expect(s.api()[0].headers["x-target-environment"]).toBe("sandbox");
    expect(s.api()[0].headers["x-callback-url"]).toBeUndefined();
    expect(s.calls.at(-1)).toMatchObject({ resultCode: "SUCCESSFUL", ok: true });
  });

  it("outside the sandbox, EUR is another currency: the amount check will refuse it", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("status-successful.json") }));
    expect(await mtnMomoGateway.getStatus(query(), s.ctx)).toMatchObject({
      status: "succeeded",
      paid: { amountMinor: 5000, currency: "EUR" },
    });
  });

  it("reads both forms of reason", async () => {
    const a = await replay(() => ({ status: 200, body: fixture("status-failed-reason-string.json") }));
    expect(await mtnMomoGateway.getStatus(query(), a.ctx)).toMatchObject({
      status: "cancelled",
      failure: { gatewayCode: "APPROVAL_REJECTED" },
    });
    expect(a.calls.at(-1)?.resultCode).toBe("APPROVAL_REJECTED");
    const b = await replay(() => ({ status: 200, body: fixture("status-failed-reason-object.json") }));
    expect(await mtnMomoGateway.getStatus(query(), b.ctx)).toMatchObject({
      status: "failed",
      failure: { gatewayCode: "PAYER_NOT_FOUND" },
    });
  });

  it("fails an id MTN never received: nothing was taken", async () => {
    const s = await replay(() => ({ status: 404, body: fixture("error-resource-not-found.json") }));
    expect(await mtnMomoGateway.getStatus(query(), s.ctx)).toMatchObject({
      status: "failed",
      failure: { gatewayCode: "RESOURCE_NOT_FOUND", message: expect.stringMatching(/nothing was taken/) },
    });
  });

  it("refuses a transaction that belongs to another payment", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("status-successful.json") }));
    await expect(mtnMomoGateway.getStatus(query(undefined, "pay_other"), s.ctx)).rejects.toMatchObject({
      code: "rejected",
    });
  });

  it.each([
    [{ status: 200, body: '{"externalId":"12345678","status":"SUCCESSFUL"}' }, "malformed_response"],
    [{ status: 200, body: '{"externalId":"12345678","status":"WHO_KNOWS"}' }, "malformed_response"],
    [{ status: 200, body: '{"externalId":"12345678","amo' }, "malformed_response"],
    [{ status: 502, body: "<html>Bad Gateway</html>" }, "unavailable"],
    [{ status: 400, body: '{"code":"INVALID_PARAMETER"}' }, "rejected"],
    [{ status: 200, hang: true }, "timeout"],
  ] as const)("turns %o into %s", async (reply, code) => {
    const s = await replay(() => reply);
    await expect(mtnMomoGateway.getStatus(query(), s.ctx)).rejects.toMatchObject({ code });
    expect(s.calls.at(-1)?.ok).toBe(false);
  });
});

describe("call log", () => {
  it("never records the API key, the subscription key or the token", async () => {
    const s = await replay(() => ({ status: 202 }));
    await mtnMomoGateway.initiate(input, s.ctx);
    const recorded = JSON.stringify(s.calls);
    expect(recorded).not.toContain(API_KEY);
    expect(recorded).not.toContain(SUBSCRIPTION_KEY);
    expect(recorded).not.toContain(Buffer.from(`${s.apiUser}:${API_KEY}`).toString("base64"));
    expect(recorded).not.toContain("<JWT>");
    expect(recorded).toContain('"access_token\\":\\"[redacted]\\"');
  });
});
