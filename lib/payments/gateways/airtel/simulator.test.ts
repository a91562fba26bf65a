/**
 * The adapter against the Airtel simulator over real HTTP: two independent readings of gateways.md §4 (the
 * adapter's and the simulator's) have to agree on the wire.
 */
import { describe, expect, it } from "vitest";
import { airtelState } from "@/lib/simulators/airtel/state";
import { simulatorHarnessPerFile } from "@/lib/simulators/testing/harness";
import type { GatewayCallRecord, GatewayContext, InitiateInput } from "../../types";
import { airtelConfigFromEnv, airtelGateway, parseAirtelCallback, type AirtelConfig } from "./index";

const h = simulatorHarnessPerFile();
let serial = 0;

function context() {
  const calls: GatewayCallRecord[] = [];
  const config = airtelConfigFromEnv({}, { mode: "simulator", appUrl: h.sim.replace(/\/sim$/, "") })!;
  // A client id per test: tokens are cached per (host, client id) for the process.
  const ctx: GatewayContext<AirtelConfig> = {
    config: { ...config, clientId: `sim-client-${++serial}` },
    fetch,
    now: () => new Date(),
    recordCall: (c) => calls.push(c),
  };
  return { ctx, calls };
}

const input = (paymentId: string, over: Partial<InitiateInput> = {}): InitiateInput => ({
  paymentId,
  orderReference: "LGKMP23456",
  amount: { amountMinor: 150_000, currency: "UGX" },
  description: "Order LGKMP23456",
  customer: { name: "Sarah Nakato", email: "sarah@example.com", phoneE164: "+256751234567" },
  country: "UG",
  serviceDate: new Date(),
  expiresAt: new Date(Date.now() + 15 * 60_000),
  returnUrl: "http://x/pay/return/airtel",
  callbackUrl: "http://x/api/callbacks/airtel",
  ...over,
});

async function answer(outcome: string) {
  const [prompt] = (await (await h.control("/prompts")).json()) as { id: string; phone: string; amount: number }[];
  expect(prompt).toMatchObject({ phone: "751234567", amount: 150000 });
  await h.control(`/prompts/${prompt.id}`, { outcome });
  const [cb] = await h.app.waitFor((r) => r.length > 0);
  return cb;
}

describe("Airtel adapter ↔ simulator", () => {
  it("collects, confirms by enquiry, reads the simulator's callback, and refunds once", async () => {
    const { ctx, calls } = context();
    const started = await airtelGateway.initiate(input("pay-sim-1"), ctx);
    expect(started).toMatchObject({
      status: "pending",
      gatewayReference: "pay-sim-1",
      nextAction: { type: "await_customer" },
    });
    const q = {
      paymentId: "pay-sim-1",
      gatewayReference: "pay-sim-1",
      amount: { amountMinor: 150_000, currency: "UGX" },
    };
    expect(await airtelGateway.getStatus(q, ctx)).toEqual({ status: "pending" });

    const cb = await answer("approve");
    const claim = parseAirtelCallback(cb.body);
    expect(claim).toMatchObject({
      type: "payment",
      gatewayReference: "pay-sim-1",
      claimedStatus: "succeeded",
      claimedAmount: { amountMinor: 150_000, currency: "UGX" },
    });
    const status = await airtelGateway.getStatus(q, ctx);
    // The enquiry names the same airtel_money_id as the callback: the receipt is the enquiry's.
    expect(claim).not.toHaveProperty("receipt");
    expect(status).toMatchObject({
      status: "succeeded",
      paid: q.amount,
      receipt: (JSON.parse(cb.body) as { transaction: { airtel_money_id: string } }).transaction.airtel_money_id,
    });

    const refund = {
      refundId: "rf",
      paymentId: q.paymentId,
      gatewayReference: q.gatewayReference,
      receipt: status.receipt,
      amount: q.amount,
      paymentAmount: q.amount,
      reason: "test",
    };
    expect(await airtelGateway.refund!(refund, ctx)).toEqual({ status: "succeeded", gatewayReference: status.receipt });
    expect(await airtelGateway.refund!(refund, ctx)).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/already been refunded/),
    });
    expect(calls.map((c) => c.operation)).toEqual(["token", "collection", "enquiry", "enquiry", "refund", "refund"]);
  });

  it("a wrong PIN is a failed payment with the reason", async () => {
    const { ctx } = context();
    await airtelGateway.initiate(input("pay-sim-2"), ctx);
    await answer("wrong_pin");
    expect(
      await airtelGateway.getStatus(
        { paymentId: "pay-sim-2", gatewayReference: "pay-sim-2", amount: { amountMinor: 150_000, currency: "UGX" } },
        ctx,
      ),
    ).toEqual({
      status: "failed",
      failure: { gatewayCode: "DP00800001002", message: expect.stringMatching(/PIN was wrong/) },
    });
  });

  it("gets a new token when the simulator's has expired", async () => {
    airtelState().tokenTtlSeconds = 31;
    const { ctx, calls } = context();
    await airtelGateway.initiate(input("pay-sim-3"), ctx);
    // 31 s minus the 30 s margin: the next call must not reuse it once a second has passed.
    await new Promise((r) => setTimeout(r, 1100));
    await airtelGateway.getStatus(
      { paymentId: "pay-sim-3", gatewayReference: "pay-sim-3", amount: { amountMinor: 150_000, currency: "UGX" } },
      ctx,
    );
    expect(calls.filter((c) => c.operation === "token")).toHaveLength(2);
  });

  it("after a garbled collection reply the enquiry still finds the payment", async () => {
    const { ctx } = context();
    // The fault garbles the token reply too: take a token first.
    await airtelGateway.getStatus(
      { paymentId: "warm", gatewayReference: "warm", amount: { amountMinor: 1, currency: "UGX" } },
      ctx,
    );
    await h.control("/faults", { gateway: "airtel", fault: "malformed" });
    expect(await airtelGateway.initiate(input("pay-sim-4"), ctx)).toMatchObject({
      status: "pending",
      gatewayReference: "pay-sim-4",
    });
    await h.control("/faults", { gateway: "airtel", fault: "none" });
    await answer("approve");
    expect(
      (
        await airtelGateway.getStatus(
          { paymentId: "pay-sim-4", gatewayReference: "pay-sim-4", amount: { amountMinor: 150_000, currency: "UGX" } },
          ctx,
        )
      ).status,
    ).toBe("succeeded");
  });
});
