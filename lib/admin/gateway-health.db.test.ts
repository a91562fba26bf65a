import { beforeAll, expect, it } from "vitest";
import type { CallbackOutcome } from "@/lib/db/generated/client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { paymentsEnv } from "@/lib/payments/registry";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { gatewayAvailability, gatewayHealth } from "./gateway-health";

const NOW = new Date("2026-06-15T09:00:00Z");
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

describeEachDatabase("gateway health", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    demo = await seedDemo(db(), ago(24 * 3));
    const { reference } = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: demo.nairobi.slug,
        items: [{ ticketTypeId: demo.nairobi.regular.id, quantity: 1 }],
        buyer,
      }),
      ago(30),
    );
    const order = await db().order.findUniqueOrThrow({ where: { reference } });
    const payment = (
      gateway: string,
      status: "pending" | "succeeded" | "failed" | "cancelled" | "expired" | "refunded",
      createdAt: Date,
      failureCode?: string,
    ) =>
      db().payment.create({
        data: {
          orderId: order.id,
          gateway,
          status,
          amountMinor: order.totalMinor,
          currency: "KES",
          expiresAt: createdAt,
          createdAt,
          failureCode,
          succeededAt: status === "succeeded" || status === "refunded" ? createdAt : null,
        },
      });

    // Last 24 h on Daraja: 3 succeeded (one refunded since), 1 declined (1032), 1 timed out (1037) twice over, 1 pending.
    for (const h of [1, 2, 3]) await payment("daraja", h === 3 ? "refunded" : "succeeded", ago(h));
    await payment("daraja", "cancelled", ago(4), "1032");
    await payment("daraja", "failed", ago(5), "1037");
    await payment("daraja", "expired", ago(6), "1037");
    await payment("daraja", "pending", ago(0.5));
    // Two days ago: only in the 7-day window.
    await payment("daraja", "failed", ago(48), "2001");
    await payment("dpo", "succeeded", ago(2));

    // 100 Daraja calls in the last day taking 1..100 ms; 4 failed: 3 × HTTP 500, 1 × an STK query error code.
    await db().gatewayCall.createMany({
      data: Array.from({ length: 100 }, (_, i) => {
        const failed = i >= 96;
        return {
          gateway: "daraja",
          operation: i === 99 ? "stkQuery" : "stkPush",
          method: "POST",
          url: "https://sandbox.safaricom.co.ke/mpesa/stkpush/v1/processrequest",
          ok: !failed,
          httpStatus: failed ? (i === 99 ? 200 : 500) : 200,
          resultCode: i === 99 ? "500.001.1001" : failed ? null : "0",
          durationMs: i + 1,
          createdAt: ago(1 + i / 10),
        };
      }),
    });
    // Slow and old: outside 24 h, so it must not move the 24 h percentiles.
    await db().gatewayCall.create({
      data: {
        gateway: "daraja",
        operation: "stkPush",
        method: "POST",
        url: "x",
        ok: false,
        httpStatus: 503,
        durationMs: 30_000,
        createdAt: ago(40),
      },
    });
    await db().gatewayCall.create({
      data: {
        gateway: "dpo",
        operation: "createToken",
        method: "POST",
        url: "x",
        ok: true,
        httpStatus: 200,
        resultCode: "000",
        durationMs: 250,
        createdAt: ago(2),
      },
    });

    const cb = (
      gateway: string,
      receivedAt: Date,
      data: { verified?: boolean; duplicate?: boolean; outcome: CallbackOutcome; detail?: string; kind?: string },
    ) =>
      db().callbackLog.create({
        data: {
          gateway,
          kind: data.kind ?? "stk",
          headers: {},
          body: "{}",
          verified: data.verified ?? true,
          duplicate: data.duplicate ?? false,
          outcome: data.outcome,
          detail: data.detail,
          receivedAt,
        },
      });
    await cb("daraja", ago(3), { outcome: "applied", detail: "payment succeeded, order paid" });
    await cb("daraja", ago(2.9), { outcome: "duplicate", detail: "already handled", duplicate: true });
    await cb("daraja", ago(2), { outcome: "rejected", detail: "bad token", verified: false });
    await cb("daraja", ago(1), { outcome: "no_change", detail: "payment already succeeded", kind: "c2b-confirmation" });
    await cb("dpo", ago(50), { outcome: "applied", detail: "payment succeeded, order paid", kind: "notification" });
  });

  it("per gateway over 24 h: success rate of finished attempts, failures by code, call latency and errors", async () => {
    const { since, gateways } = await gatewayHealth(db(), { now: NOW });
    expect(since).toEqual(ago(24));
    expect(gateways.map((g) => g.gateway).slice(0, 2)).toEqual(["daraja", "dpo"]);
    const daraja = gateways.find((g) => g.gateway === "daraja")!;
    expect(daraja.payments).toEqual({
      started: 7,
      succeeded: 3,
      unsuccessful: 3,
      pending: 1,
      notCounted: { copies: 0, organiserCancelled: 0 },
      successRate: 0.5,
      failuresByCode: [
        { code: "1037", count: 2, meaning: "The buyer's phone could not be reached (off, no signal, or busy) (1037)" },
        { code: "1032", count: 1, meaning: "The buyer cancelled the prompt (1032)" },
      ],
    });
    // Every attempt belongs to one order here, and one of them paid: that one buyer paid.
    expect(daraja.buyers).toEqual({ orders: 1, paid: 1, notPaid: 0, waiting: 0, successRate: 1 });
    expect(daraja.calls).toMatchObject({ count: 100, errors: 4, retried: 0, errorRate: 0.04, p50Ms: 50, p95Ms: 95 });
    expect(daraja.calls.errorsByCode).toEqual([
      {
        operation: "stkPush",
        resultCode: null,
        httpStatus: 500,
        count: 3,
        lastAt: ago(1 + 96 / 10),
        effect: "failed",
        meaning: "the gateway's server failed (HTTP 500)",
      },
      {
        operation: "stkQuery",
        resultCode: "500.001.1001",
        httpStatus: 200,
        count: 1,
        lastAt: ago(1 + 99 / 10),
        effect: "failed",
        meaning: expect.stringMatching(/^Safaricom refused: merchant unknown/),
      },
    ]);
    expect(daraja.callbacks).toEqual({
      count: 4,
      unverified: 1,
      duplicates: 1,
      last: expect.objectContaining({
        kind: "c2b-confirmation",
        receivedAt: ago(1),
        outcome: "no_change",
        detail: "payment already succeeded",
        verified: true,
      }),
    });

    const dpo = gateways.find((g) => g.gateway === "dpo")!;
    expect(dpo.payments).toMatchObject({ started: 1, succeeded: 1, successRate: 1 });
    expect(dpo.calls).toMatchObject({ count: 1, errors: 0, errorRate: 0, p50Ms: 250, p95Ms: 250 });
    // No callback in the window, but the last one is still shown with its age.
    expect(dpo.callbacks).toMatchObject({
      count: 0,
      last: { receivedAt: ago(50), outcome: "applied", detail: "payment succeeded, order paid" },
    });
  });

  it("over 7 days the older failures and the slow call count too", async () => {
    const { gateways } = await gatewayHealth(db(), { now: NOW, window: "7d" });
    const daraja = gateways.find((g) => g.gateway === "daraja")!;
    expect(daraja.payments).toMatchObject({ started: 8, unsuccessful: 4, successRate: 3 / 7 });
    expect(daraja.calls).toMatchObject({ count: 101, errors: 5, p95Ms: 96 });
    expect(daraja.calls.errorsByCode).toContainEqual(expect.objectContaining({ httpStatus: 503, count: 1 }));
  });

  it("a gateway without any traffic shows empty figures, not zero rates", async () => {
    const { gateways } = await gatewayHealth(db(), { now: new Date(NOW.getTime() + 30 * 24 * HOUR) });
    const daraja = gateways.find((g) => g.gateway === "daraja")!;
    expect(daraja.payments.successRate).toBeNull();
    expect(daraja.calls).toMatchObject({ count: 0, errorRate: null, p50Ms: null, p95Ms: null, errorsByCode: [] });
    expect(daraja.callbacks.last).not.toBeNull();
  });

  it("lists the gateways buyers are offered per event in simulator mode", async () => {
    const { mode, gateways } = await gatewayAvailability(db(), paymentsEnv({ PAYMENTS_MODE: "simulator" }));
    expect(mode).toBe("simulator");
    const daraja = gateways.find((g) => g.gateway === "daraja")!;
    expect(daraja.events.map((e) => e.currency)).toEqual(["KES"]);
    const dpo = gateways.find((g) => g.gateway === "dpo")!;
    expect(dpo.events.map((e) => e.currency)).toEqual(expect.arrayContaining(["KES", "TZS"]));
    // Live mode without credentials: nothing is offered.
    expect(
      (await gatewayAvailability(db(), paymentsEnv({ PAYMENTS_MODE: "live", APP_URL: "https://tickets.example.com" })))
        .gateways,
    ).toEqual([]);
  });
});
