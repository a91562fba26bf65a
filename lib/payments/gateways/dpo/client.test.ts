/**
 * The DPO adapter over real HTTP against a replay server: a node:http server in this file answering with the
 * recorded payloads verbatim. It holds no DPO logic (not a simulator); each test picks the recording.
 */
import { readFileSync } from "node:fs";
import { XMLParser } from "fast-xml-parser";
import { afterAll, describe, expect, it } from "vitest";
import type { InitiateInput } from "../../types";
import { closeReplays, recordingContext, replay as replayServer, type Reply } from "../replay.testkit";
import { DPO_SANDBOX, dpoConfigFromEnv, dpoGateway, type DpoConfig } from "./index";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const xml = (code: string, explanation: string) =>
  `<?xml version="1.0" encoding="utf-8"?><API3G><Result>${code}</Result><ResultExplanation>${explanation}</ResultExplanation></API3G>`;

afterAll(closeReplays);

async function replay(reply: (request: string) => Reply) {
  const seen: Array<{ method: string; path: string; contentType?: string; body: string }> = [];
  const { url: base } = await replayServer((req) => {
    seen.push({ method: req.method, path: req.path, contentType: req.headers["content-type"], body: req.body });
    return reply(new XMLParser().parse(req.body)?.API3G?.Request ?? "");
  }, "application/xml");
  const config = dpoConfigFromEnv({}, { mode: "simulator", appUrl: base })!;
  const { ctx, calls } = recordingContext<DpoConfig>(
    { ...config, timeoutMs: 300 },
    () => new Date("2024-07-10T09:00:00Z"),
  );
  return { seen, calls, ctx, base };
}

const input: InitiateInput = {
  paymentId: "pay_01J9Z3Q8R2XK",
  orderReference: "LNG-ABC123",
  amount: { amountMinor: 100, currency: "KES" },
  description: "Booth A12 — Nairobi Expo",
  customer: { name: "Amina Njeri", email: "amina@example.com", phoneE164: "+254708374149" },
  method: "mpesa",
  country: "KE",
  serviceDate: new Date("2024-08-01T06:00:00Z"),
  expiresAt: new Date("2024-07-10T09:15:00Z"),
  returnUrl: "https://lango.example/pay/return/dpo?payment=pay_01J9Z3Q8R2XK",
  callbackUrl: "https://lango.example/api/callbacks/dpo",
};
const query = {
  paymentId: "pay_01J9Z3Q8R2XK",
  gatewayReference: "72983CAC-5DB1-4C7F-BD88-352066B71592",
  amount: input.amount,
};

describe("createToken", () => {
  it("posts XML to the API URL and redirects to the payment page", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("create-token-ok.xml") }));
    const result = await dpoGateway.initiate(input, s.ctx);
    expect(result).toEqual({
      gatewayReference: "72983CAC-…",
      status: "pending",
      nextAction: { type: "redirect", url: `${s.base}/sim/dpo/payv2.php?ID=72983CAC-%E2%80%A6` },
    });
    expect(s.seen[0]).toMatchObject({
      method: "POST",
      path: "/sim/dpo/API/v6/",
      contentType: "application/xml; charset=utf-8",
    });
    expect(s.seen[0].body).toContain("<Request>createToken</Request>");
    expect(s.calls).toEqual([
      expect.objectContaining({
        gateway: "dpo",
        operation: "createToken",
        resultCode: "000",
        ok: true,
        paymentId: input.paymentId,
      }),
    ]);
  });

  it("throws rejected with a buyer message for a refused currency", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("create-token-currency.xml") }));
    await expect(dpoGateway.initiate(input, s.ctx)).rejects.toMatchObject({
      code: "rejected",
      details: { gatewayCode: "904", buyerMessage: expect.any(String) },
    });
    expect(s.calls[0]).toMatchObject({ ok: false, resultCode: "904" });
  });

  it("fails the payment when the amount is above DPO's limit", async () => {
    const s = await replay(() => ({ status: 200, body: xml("905", "Transaction limit exceeded") }));
    expect(await dpoGateway.initiate(input, s.ctx)).toMatchObject({
      status: "failed",
      failure: { gatewayCode: "905" },
    });
  });

  it("reports a bad company token as auth_failed", async () => {
    const s = await replay(() => ({ status: 200, body: xml("802", "Company token does not exist") }));
    await expect(dpoGateway.initiate(input, s.ctx)).rejects.toMatchObject({ code: "auth_failed" });
  });
});

describe("verifyToken", () => {
  it("reports a paid transaction with DPO's amount and approval", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("verify-token-paid.xml") }));
    expect(await dpoGateway.getStatus(query, s.ctx)).toEqual({
      status: "succeeded",
      paid: { amountMinor: 100, currency: "KES" },
      receipt: "RHP2ZIGD5U",
    });
    expect(s.seen[0].body).toContain(`<TransactionToken>${query.gatewayReference}</TransactionToken>`);
  });

  it("keeps a not-yet-paid transaction pending", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("verify-token-not-paid.xml") }));
    expect(await dpoGateway.getStatus(query, s.ctx)).toEqual({ status: "pending" });
  });

  it("keeps what arrived on an over/underpayment", async () => {
    const s = await replay(() => ({
      status: 200,
      body: fixture("verify-token-paid.xml").replace("<Result>000</Result>", "<Result>002</Result>"),
    }));
    expect(await dpoGateway.getStatus(query, s.ctx)).toMatchObject({
      status: "failed",
      paid: { amountMinor: 100 },
      failure: { gatewayCode: "002" },
    });
  });

  it("refuses a paid reply without an amount", async () => {
    const s = await replay(() => ({ status: 200, body: xml("000", "Transaction Paid") }));
    await expect(dpoGateway.getStatus(query, s.ctx)).rejects.toMatchObject({ code: "malformed_response" });
  });

  it.each([
    [{ status: 502, body: "<html>Bad Gateway</html>" }, "unavailable"],
    [{ status: 200, body: "Internal error, please retry" }, "malformed_response"],
    [{ status: 200, body: '{"Result":"000"}' }, "malformed_response"],
    [{ status: 200, body: "", hang: true }, "timeout"],
    [{ status: 200, body: xml("950", "Request missing mandatory fields") }, "rejected"],
  ] as const)("turns %o into %s", async (reply, code) => {
    const s = await replay(() => reply);
    await expect(dpoGateway.getStatus(query, s.ctx)).rejects.toMatchObject({ code });
    expect(s.calls).toHaveLength(1);
    expect(s.calls[0].ok).toBe(false);
  });
});

describe("cancel and refund", () => {
  it("cancels a token", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("cancel-token-ok.xml") }));
    await expect(dpoGateway.cancel!(query, s.ctx)).resolves.toBeUndefined();
    expect(s.seen[0].body).toContain("<Request>cancelToken</Request>");
  });

  it("reports a refused cancel", async () => {
    const s = await replay(() => ({ status: 200, body: xml("999", "Transaction already paid") }));
    await expect(dpoGateway.cancel!(query, s.ctx)).rejects.toMatchObject({
      code: "rejected",
      details: { gatewayCode: "999" },
    });
  });

  it("refunds with refundToken", async () => {
    const s = await replay(() => ({ status: 200, body: fixture("refund-token-ok.xml") }));
    const refund = {
      refundId: "rf_1",
      paymentId: query.paymentId,
      gatewayReference: query.gatewayReference,
      amount: input.amount,
      reason: "Booth cancelled",
    };
    expect(await dpoGateway.refund!(refund, s.ctx)).toEqual({ status: "succeeded" });
    expect(s.seen[0].body).toContain("<refundAmount>1.00</refundAmount>");
    expect(s.seen[0].body).toContain("<refundRef>rf_1</refundRef>");

    const f = await replay(() => ({ status: 200, body: fixture("refund-token-failed.xml") }));
    expect(await dpoGateway.refund!(refund, f.ctx)).toEqual({
      status: "failed",
      failureReason: "999: Refund failed - amount exceeds the paid amount",
    });
  });
});

describe("call log", () => {
  it("never records the company token", async () => {
    const s = await replay((request) => ({
      status: 200,
      body: request === "createToken" ? fixture("create-token-ok.xml") : fixture("verify-token-paid.xml"),
    }));
    await dpoGateway.initiate(input, s.ctx);
    await dpoGateway.getStatus(query, s.ctx);
    expect(s.seen[0].body).toContain(DPO_SANDBOX.companyToken); // it was sent…
    const recorded = JSON.stringify(s.calls);
    expect(recorded).not.toContain(DPO_SANDBOX.companyToken); // …but not logged
    expect(recorded).toContain("<CompanyToken>[redacted]</CompanyToken>");
  });
});
