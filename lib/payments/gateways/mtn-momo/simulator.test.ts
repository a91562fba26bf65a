/**
 * The adapter against the MTN MoMo simulator over real HTTP: two independent readings of gateways.md §3
 * (they share no code) meeting on the wire, with the simulator's capture server standing in for the app.
 */
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { simulatorHarnessPerFile } from "../../../simulators/testing/harness";
import type { GatewayCallRecord, GatewayContext, InitiateInput } from "../../types";
import { MTN_SIMULATOR_CREDENTIALS, mtnMomoConfigSchema, mtnMomoGateway, type MtnMomoConfig } from "./index";

const h = simulatorHarnessPerFile();
afterEach(() => delete process.env.SIM_MTN_MOMO_DELAYED_PAYER_MS);

function ctx(extra: Partial<MtnMomoConfig> = {}) {
  const config = mtnMomoConfigSchema.parse({ baseUrl: `${h.sim}/mtn-momo`, ...MTN_SIMULATOR_CREDENTIALS, ...extra });
  const calls: GatewayCallRecord[] = [];
  const c: GatewayContext<MtnMomoConfig> = {
    config,
    fetch: globalThis.fetch,
    now: () => new Date(),
    recordCall: (x) => calls.push(x),
  };
  return { ctx: c, calls };
}

let serial = 0;
function input(phoneE164 = "+256772123456"): InitiateInput {
  const paymentId = `pay_sim_${++serial}`;
  return {
    paymentId,
    orderReference: "LGABCDEFGH",
    amount: { amountMinor: 50_000 + serial, currency: "UGX" },
    description: "Order LGABCDEFGH · Kampala Music Festival",
    customer: { name: "Nakato Achieng", email: "nakato@example.com", phoneE164 },
    country: "UG",
    serviceDate: new Date(Date.now() + 86_400_000),
    expiresAt: new Date(Date.now() + 900_000),
    returnUrl: `${h.app.url}/pay/return/mtn-momo?payment=${paymentId}`,
    callbackUrl: `${h.app.url}/api/callbacks/mtn-momo`,
  };
}
const statusQuery = (i: InitiateInput, gatewayReference: string) => ({
  paymentId: i.paymentId,
  gatewayReference,
  amount: i.amount,
});

async function answerPrompt(outcome: string, paymentId: string) {
  for (let i = 0; i < 100; i++) {
    const prompts = (await (await h.control("/prompts")).json()) as Array<{ id: string; reference: string }>;
    const prompt = prompts.find((p) => p.reference === paymentId);
    if (prompt) return h.control(`/prompts/${prompt.id}`, { outcome });
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("no prompt");
}

describe("adapter ↔ simulator", () => {
  it("approve on the virtual phone: the callback claims success and the status GET confirms it, amount and receipt", async () => {
    const { ctx: c, calls } = ctx();
    const i = input();
    const started = await mtnMomoGateway.initiate(i, c);
    expect(started).toMatchObject({ status: "pending", nextAction: { type: "await_customer" } });
    expect(await mtnMomoGateway.getStatus(statusQuery(i, started.gatewayReference), c)).toEqual({ status: "pending" });

    await answerPrompt("approve", i.paymentId);
    const [cb] = await h.app.waitFor((r) => r.length === 1);
    const claim = mtnMomoGateway.parseCallback({
      method: cb.method,
      headers: new Headers(cb.headers),
      rawBody: cb.body,
      query: new URLSearchParams(),
    });
    expect(claim).toMatchObject({
      type: "payment",
      paymentId: i.paymentId,
      claimedStatus: "succeeded",
      claimedAmount: i.amount,
      receipt: expect.stringMatching(/^\d{10}$/),
    });
    const confirmed = await mtnMomoGateway.getStatus(statusQuery(i, started.gatewayReference), c);
    expect(confirmed).toEqual({
      status: "succeeded",
      paid: i.amount,
      receipt: claim.type === "payment" ? claim.receipt : "",
    });
    expect(calls.map((x) => x.operation)).toEqual([
      "token",
      "requesttopay",
      "requesttopay status",
      "requesttopay status",
    ]);
  });

  it.each([
    ["decline", "cancelled", "APPROVAL_REJECTED"],
    ["insufficient_funds", "failed", "INTERNAL_PROCESSING_ERROR"],
    ["timeout", "expired", "EXPIRED"],
    ["wrong_pin", "failed", "PAYMENT_NOT_APPROVED"],
  ])("a prompt answered %s ends %s (%s) with a buyer message", async (outcome, status, code) => {
    const { ctx: c } = ctx();
    const i = input();
    const started = await mtnMomoGateway.initiate(i, c);
    await answerPrompt(outcome, i.paymentId);
    await h.app.waitFor((r) => r.length === 1);
    expect(await mtnMomoGateway.getStatus(statusQuery(i, started.gatewayReference), c)).toEqual({
      status,
      failure: { gatewayCode: code, message: expect.any(String) },
    });
  });

  it("against the sandbox environment: EUR on the wire, the sandbox numbers' outcomes, and the amount read back in UGX", async () => {
    process.env.SIM_MTN_MOMO_DELAYED_PAYER_MS = "100";
    const { ctx: c } = ctx({ targetEnvironment: "sandbox" });
    const rejected = input("+46733123451");
    const r = await mtnMomoGateway.initiate(rejected, c);
    const delayed = input("+46733123454");
    const d = await mtnMomoGateway.initiate(delayed, c);
    await h.app.waitFor((x) => x.length === 2);
    expect(h.app.requests.map((x) => JSON.parse(x.body).currency)).toEqual(["EUR", "EUR"]);
    expect(await mtnMomoGateway.getStatus(statusQuery(rejected, r.gatewayReference), c)).toMatchObject({
      status: "cancelled",
    });
    expect(await mtnMomoGateway.getStatus(statusQuery(delayed, d.gatewayReference), c)).toMatchObject({
      status: "succeeded",
      paid: delayed.amount,
    });
  });

  it("an id MTN never got fails the payment without anything taken", async () => {
    const { ctx: c } = ctx();
    expect(await mtnMomoGateway.getStatus(statusQuery(input(), randomUUID()), c)).toMatchObject({
      status: "failed",
      failure: { gatewayCode: "RESOURCE_NOT_FOUND" },
    });
  });

  it("http_500: the request fails before anything happens; malformed: the 202 still counts and a garbled status is an error", async () => {
    const { ctx: c } = ctx();
    await mtnMomoGateway.getStatus(statusQuery(input(), randomUUID()), c); // token first, outside the fault
    await h.control("/faults", { gateway: "mtn-momo", fault: "http_500" });
    await expect(mtnMomoGateway.initiate(input(), c)).rejects.toMatchObject({ code: "unavailable" });
    expect((await (await h.control("/prompts")).json()) as unknown[]).toEqual([]);

    await h.control("/faults", { gateway: "mtn-momo", fault: "malformed" });
    const i = input();
    const started = await mtnMomoGateway.initiate(i, c);
    expect(started.status).toBe("pending");
    await expect(mtnMomoGateway.getStatus(statusQuery(i, started.gatewayReference), c)).rejects.toMatchObject({
      code: "malformed_response",
    });
    await h.control("/faults", { gateway: "mtn-momo", fault: "none" });
    expect(await mtnMomoGateway.getStatus(statusQuery(i, started.gatewayReference), c)).toEqual({ status: "pending" });
  });

  it("slow: a reply too late for us still left a prompt, and the attempt stays pending for the status GET", async () => {
    const { ctx: c } = ctx({ timeoutMs: 200 });
    await mtnMomoGateway.getStatus(statusQuery(input(), randomUUID()), c);
    await h.control("/settings", { slowMs: 400 });
    await h.control("/faults", { gateway: "mtn-momo", fault: "slow" });
    const i = input();
    const started = await mtnMomoGateway.initiate(i, c);
    expect(started).toMatchObject({ status: "pending", gatewayReference: expect.any(String) });
    await h.control("/faults", { gateway: "mtn-momo", fault: "none" });
    await answerPrompt("approve", i.paymentId);
    await h.app.waitFor((x) => x.length === 1);
    expect(await mtnMomoGateway.getStatus(statusQuery(i, started.gatewayReference), c)).toMatchObject({
      status: "succeeded",
      paid: i.amount,
    });
  });
});
