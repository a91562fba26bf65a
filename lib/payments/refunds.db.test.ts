import { beforeAll, expect, it } from "vitest";
import { useDatabase, type Db } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { settleOrderPaid } from "@/lib/orders/settle";
import { describeEachDatabase } from "@/test/db";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { buyer, orderBody, seedDemo } from "@/test/fixtures";
import { paymentsEnv } from "./registry";
import { refundPayment } from "./refunds";

// Cash goes back over the desk: no gateway is asked.
const env = paymentsEnv({ PAYMENTS_MODE: "simulator" });

describeEachDatabase("refunds", (database) => {
  checkStockAfterEach(() => database().prisma);
  const db = (): Db => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
  });

  /** A paid Nairobi order and the cash payment that paid it. */
  async function paidInCash(quantity: number) {
    const created = await createOrder(
      db(),
      createOrderSchema.parse({ ...orderBody(demo.nairobi.regular.id, quantity), buyer }),
    );
    const order = await db().order.findUniqueOrThrow({ where: { reference: created.reference } });
    return db().$transaction(async (tx) => {
      const now = new Date();
      const payment = await tx.payment.create({
        data: {
          orderId: order.id,
          gateway: "cash",
          status: "succeeded",
          amountMinor: order.totalMinor,
          currency: order.currency,
          expiresAt: now,
          succeededAt: now,
          settlement: "paid",
        },
      });
      expect(await settleOrderPaid(tx, order.id, now)).toBe("paid");
      return { order, payment };
    });
  }

  it("10 concurrent partial refunds of one cash payment never give back more than was paid", async () => {
    const { order, payment } = await paidInCash(2);
    // Each asks for 30 % of the payment: only three fit.
    const part = Math.floor(payment.amountMinor * 0.3);
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        refundPayment(
          db(),
          { paymentId: payment.id, amountMinor: part, reason: "Partial", idempotencyKey: `race-${payment.id}-${i}` },
          env,
        ),
      ),
    );
    const done = settled.filter((s) => s.status === "fulfilled");
    expect(done).toHaveLength(3);
    for (const s of settled) {
      if (s.status === "rejected")
        expect(s.reason).toMatchObject({
          code: "refund_exceeds_remaining",
          status: 422,
          message: expect.stringContaining("can still be refunded"),
        });
    }
    const refunds = await db().refund.findMany({ where: { paymentId: payment.id } });
    expect(refunds).toHaveLength(3);
    expect(refunds.every((r) => r.status === "succeeded")).toBe(true);
    const after = await db().payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(after.refundedMinor).toBe(3 * part);
    expect(after.refundedMinor).toBeLessThanOrEqual(payment.amountMinor);
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "partially_refunded",
      refundedMinor: 3 * part,
    });

    // The rest, asked for twice at once (no amount: "everything left"), goes back once.
    const rest = await Promise.allSettled(
      [0, 1].map((i) =>
        refundPayment(
          db(),
          { paymentId: payment.id, reason: "The rest", idempotencyKey: `rest-${payment.id}-${i}` },
          env,
        ),
      ),
    );
    expect(rest.filter((s) => s.status === "fulfilled").map((s) => s.value.amount)).toEqual([
      payment.amountMinor - 3 * part,
    ]);
    expect(await db().payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "refunded",
      refundedMinor: payment.amountMinor,
    });
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "refunded" });
  });

  it("the same idempotency key sent concurrently refunds once and answers each caller with that refund", async () => {
    const { payment } = await paidInCash(1);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        refundPayment(
          db(),
          { paymentId: payment.id, amountMinor: 100, reason: "Once", idempotencyKey: `same-${payment.id}` },
          env,
        ),
      ),
    );
    expect(new Set(answers.map((a) => a.refundId)).size).toBe(1);
    expect(await db().refund.count({ where: { paymentId: payment.id } })).toBe(1);
    expect((await db().payment.findUniqueOrThrow({ where: { id: payment.id } })).refundedMinor).toBe(100);
  });

  it("a pending refund counts against what is left, so money on its way back is not offered twice", async () => {
    const { payment } = await paidInCash(1);
    await db().refund.create({
      data: {
        paymentId: payment.id,
        orderId: payment.orderId,
        amountMinor: payment.amountMinor - 500,
        currency: payment.currency,
        reason: "At the gateway",
        idempotencyKey: `pending-${payment.id}`,
      },
    });
    await expect(
      refundPayment(
        db(),
        { paymentId: payment.id, amountMinor: 501, reason: "Too much", idempotencyKey: `over-${payment.id}` },
        env,
      ),
    ).rejects.toMatchObject({ status: 422 });
    expect(
      (
        await refundPayment(
          db(),
          { paymentId: payment.id, reason: "What is left", idempotencyKey: `left-${payment.id}` },
          env,
        )
      ).amount,
    ).toBe(500);
  });
});
