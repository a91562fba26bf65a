/** OAuth token handling and the call log, over real HTTP against the replay server. */
import { afterAll, describe, expect, it } from "vitest";
import { DARAJA_SANDBOX } from "./config";
import { darajaGateway } from "./index";
import {
  CALLBACK_TOKEN,
  SECRET,
  closeReplays,
  fixture,
  initiateInput,
  oauth,
  query,
  replay,
  setup,
} from "./replay.testkit";

afterAll(closeReplays);

describe("OAuth token", () => {
  it("fetches once with Basic auth and reuses the token until shortly before expiry", async () => {
    const server = await replay((req) =>
      oauth(req)
        ? { status: 200, body: fixture("oauth-token-string-expiry.json") }
        : { status: 200, body: fixture("stk-query-success.json") },
    );
    const { ctx, clock } = setup(server.url);
    await darajaGateway.getStatus(query, ctx);
    await darajaGateway.getStatus(query, ctx);
    expect(server.seen.filter(oauth)).toHaveLength(1);
    expect(server.seen[0].method).toBe("GET");
    expect(server.seen[0].path).toBe("/oauth/v1/generate?grant_type=client_credentials");
    expect(server.seen[0].headers.authorization).toBe(
      `Basic ${Buffer.from(`${ctx.config.consumerKey}:${SECRET}`).toString("base64")}`,
    );
    expect(server.seen[1].headers.authorization).toBe("Bearer c9SQxWWhmdVRlyh0zh8gZDTkubVF");

    clock.now = new Date(clock.now.getTime() + 3_540_000); // 59 min later: within the 60 s margin of 3599 s
    await darajaGateway.getStatus(query, ctx);
    expect(server.seen.filter(oauth)).toHaveLength(2);
  });

  it("shares one token request between concurrent calls", async () => {
    const server = await replay((req) =>
      oauth(req)
        ? { status: 200, body: fixture("oauth-token.json") }
        : { status: 200, body: fixture("stk-query-success.json") },
    );
    const { ctx } = setup(server.url);
    await Promise.all([
      darajaGateway.getStatus(query, ctx),
      darajaGateway.getStatus(query, ctx),
      darajaGateway.getStatus(query, ctx),
    ]);
    expect(server.seen.filter(oauth)).toHaveLength(1);
  });

  it.each(["error-invalid-token.json", "error-invalid-token-c2b.json"])(
    "drops the token and retries once on %s",
    async (invalid) => {
      let apiCalls = 0;
      const server = await replay((req) => {
        if (oauth(req)) return { status: 200, body: fixture("oauth-token.json") };
        apiCalls += 1;
        return apiCalls === 1
          ? { status: invalid.includes("c2b") ? 400 : 404, body: fixture(invalid) }
          : { status: 200, body: fixture("stk-query-success.json") };
      });
      const { ctx, calls } = setup(server.url);
      await expect(darajaGateway.getStatus(query, ctx)).resolves.toMatchObject({ status: "succeeded" });
      expect(server.seen.filter(oauth)).toHaveLength(2);
      expect(apiCalls).toBe(2);
      expect(calls.map((c) => c.operation)).toEqual(["oauth", "stk_query", "oauth", "stk_query"]);
    },
  );

  it("gives up after the single retry", async () => {
    const server = await replay((req) =>
      oauth(req)
        ? { status: 200, body: fixture("oauth-token.json") }
        : { status: 404, body: fixture("error-invalid-token.json") },
    );
    const { ctx } = setup(server.url);
    await expect(darajaGateway.getStatus(query, ctx)).rejects.toMatchObject({ code: "auth_failed" });
    expect(server.seen.filter((r) => !oauth(r))).toHaveLength(2);
  });

  it("reports refused credentials as auth_failed", async () => {
    const server = await replay(() => ({ status: 400, body: fixture("oauth-invalid-auth-type.json") }));
    const { ctx } = setup(server.url);
    await expect(darajaGateway.getStatus(query, ctx)).rejects.toMatchObject({
      code: "auth_failed",
      details: { gatewayCode: "400.008.01" },
    });
  });
});

describe("call log redaction", () => {
  it("records every call once without credentials, Password, access token or callback token", async () => {
    const server = await replay((req) => {
      if (oauth(req)) return { status: 200, body: fixture("oauth-token.json") };
      if (req.path.includes("stkpush/")) return { status: 200, body: fixture("stk-push-accepted.json") };
      if (req.path.includes("reversal")) return { status: 200, body: fixture("b2c-accepted.json") };
      return { status: 200, body: fixture("stk-query-success.json") };
    });
    const { ctx, calls } = setup(server.url);
    await darajaGateway.initiate(initiateInput, ctx);
    await darajaGateway.getStatus(query, ctx);
    await darajaGateway.refund!(
      {
        refundId: "rf_1",
        paymentId: "pay_1",
        gatewayReference: "ws_CO_1",
        receipt: "NLJ7RT61SV",
        amount: { amountMinor: 100, currency: "KES" },
        paymentAmount: { amountMinor: 100, currency: "KES" },
        reason: "Event cancelled",
      },
      ctx,
    );
    expect(calls.map((c) => c.operation)).toEqual(["oauth", "stk_push", "stk_query", "reversal"]);
    const recorded = JSON.stringify(calls);
    const passwords = server.seen
      .filter((r) => r.body)
      .map((r) => JSON.parse(r.body).Password)
      .filter(Boolean);
    expect(passwords).toHaveLength(2);
    const secrets = [
      SECRET,
      ctx.config.consumerKey,
      DARAJA_SANDBOX.passkey,
      ...passwords,
      "c9SQxWWhmdVRlyh0zh8gZDTkubVF",
      CALLBACK_TOKEN,
      "security-credential-secret",
    ];
    for (const secret of secrets) expect(recorded).not.toContain(secret);
    expect(recorded).toContain("[redacted]");
    expect(calls[1]).toMatchObject({
      gateway: "daraja",
      method: "POST",
      paymentId: "pay_1",
      httpStatus: 200,
      resultCode: "0",
      ok: true,
    });
    expect(calls[1].durationMs).toBeGreaterThanOrEqual(0);
  });
});
