import { beforeAll, expect, it } from "vitest";
import { useDatabase, type Db } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { releaseHold } from "@/lib/orders/holds";
import { settleOrderPaid } from "@/lib/orders/settle";
import { describeEachDatabase } from "@/test/db";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { buyer, orderBody, seedDemo } from "@/test/fixtures";
import { paymentsEnv } from "./registry";
import { refundPayment } from "./refunds";
import { adminUser } from "@/lib/admin/testing";
import { formatMoney } from "@/lib/money";

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

  /** A refund of `payment` already on record (pending unless `extra` says otherwise), as a past request left it. */
  const refundOnRecord = (
    payment: { id: string; orderId: string; amountMinor: number; currency: string },
    idempotencyKey: string,
    reason: string,
    extra: { amountMinor?: number; status?: "failed"; failureReason?: string; completedAt?: Date } = {},
  ) =>
    db().refund.create({
      data: {
        paymentId: payment.id,
        orderId: payment.orderId,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        reason,
        idempotencyKey,
        ...extra,
      },
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

  /** Money that reached an order besides what paid it (a duplicate, late money, another gateway's attempt). */
  function succeededPayment(
    order: { id: string; totalMinor: number; currency: string },
    settlement: "already_paid" | "no_capacity",
    { gateway = "cash", amountMinor = order.totalMinor }: { gateway?: string; amountMinor?: number } = {},
  ) {
    const now = new Date();
    return db().payment.create({
      data: {
        orderId: order.id,
        gateway,
        status: "succeeded",
        amountMinor,
        currency: order.currency,
        expiresAt: now,
        succeededAt: now,
        settlement,
      },
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
    await refundOnRecord(payment, `pending-${payment.id}`, "At the gateway", {
      amountMinor: payment.amountMinor - 500,
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

  /** A refund request with a fresh idempotency key. */
  const ask = (paymentId: string, more: { amountMinor?: number; requestedById?: string } = {}) =>
    refundPayment(db(), { paymentId, reason: "Asked by the buyer", idempotencyKey: crypto.randomUUID(), ...more }, env);

  it("refuses a payment that does not exist (404) or did not succeed (409), recording nothing", async () => {
    await expect(ask("no-such-payment")).rejects.toMatchObject({
      code: "payment_not_found",
      status: 404,
      message: "There is no such payment.",
    });
    const { payment } = await paidInCash(1);
    await db().payment.update({ where: { id: payment.id }, data: { status: "failed" } });
    await expect(ask(payment.id)).rejects.toMatchObject({
      code: "payment_not_refundable",
      status: 409,
      message: "Only a succeeded payment can be refunded.",
    });
    expect(await db().refund.count({ where: { paymentId: payment.id } })).toBe(0);
  });

  it("refuses an amount of nothing, a fraction of a cent or more than is left, naming the most that can go back", async () => {
    const { payment } = await paidInCash(1);
    for (const amountMinor of [0, -100, 10.5, payment.amountMinor + 1]) {
      await expect(ask(payment.id, { amountMinor }), String(amountMinor)).rejects.toMatchObject({
        code: "refund_exceeds_remaining",
        status: 422,
        message: `At most ${formatMoney(payment.amountMinor, payment.currency)} of this payment can still be refunded.`,
      });
    }
    expect(await db().refund.count({ where: { paymentId: payment.id } })).toBe(0);
    // Exactly what is left is fine, and records who asked.
    const admin = await adminUser(db());
    const refund = await ask(payment.id, { amountMinor: payment.amountMinor, requestedById: admin.id });
    expect(refund).toMatchObject({ status: "succeeded", amount: payment.amountMinor, currency: payment.currency });
    expect(await db().refund.findUniqueOrThrow({ where: { id: refund.refundId } })).toMatchObject({
      requestedById: admin.id,
      reason: "Asked by the buyer",
    });
  });

  it("a payment refunded in full cannot be refunded again, and its tickets no longer admit", async () => {
    const { order, payment } = await paidInCash(1);
    expect(await ask(payment.id)).toMatchObject({ status: "succeeded", amount: payment.amountMinor });
    expect(await db().ticket.count({ where: { orderId: order.id, status: "valid" } })).toBe(0);
    expect(await db().payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: "refunded" });
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "refunded",
      refundedMinor: order.totalMinor,
    });
    await expect(ask(payment.id, { amountMinor: 1 })).rejects.toMatchObject({ code: "payment_not_refundable" });
  });

  it("a partial refund keeps the payment succeeded and the order's tickets valid", async () => {
    const { order, payment } = await paidInCash(2);
    await ask(payment.id, { amountMinor: 100 });
    expect(await db().payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "succeeded",
      refundedMinor: 100,
    });
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "partially_refunded",
      refundedMinor: 100,
    });
    expect(await db().ticket.count({ where: { orderId: order.id, status: "valid" } })).toBe(2);
  });

  it("a gateway that refuses the refund leaves it failed with the reason, the money still refundable and other refunds as they were", async () => {
    const { order, payment } = await paidInCash(1);
    const earlier = await ask(payment.id, { amountMinor: 100 });
    const done = await db().refund.findUniqueOrThrow({ where: { id: earlier.refundId } });
    // Airtel Money's API only returns whole payments: a part is refused before any request is made.
    const airtel = await succeededPayment(order, "already_paid", { gateway: "airtel", amountMinor: 5_000 });
    const refused = await ask(airtel.id, { amountMinor: 1_000 });
    expect(refused).toMatchObject({ status: "failed", failureReason: expect.stringMatching(/whole payment/) });
    expect(await db().refund.findUniqueOrThrow({ where: { id: refused.refundId } })).toMatchObject({
      status: "failed",
      completedAt: expect.any(Date),
    });
    expect(await db().payment.findUniqueOrThrow({ where: { id: airtel.id } })).toMatchObject({
      status: "succeeded",
      refundedMinor: 0,
    });
    // The refusal is this refund's alone: the cash refund done before it stays done.
    expect(await db().refund.findUniqueOrThrow({ where: { id: earlier.refundId } })).toEqual(done);
  });

  it("refunding money that paid nothing (a duplicate payment) leaves the paid order as it is, and tells the buyer", async () => {
    const { order } = await paidInCash(1);
    const duplicate = await succeededPayment(order, "already_paid");
    const refund = await ask(duplicate.id);
    expect(refund.status).toBe("succeeded");
    expect(await db().payment.findUniqueOrThrow({ where: { id: duplicate.id } })).toMatchObject({ status: "refunded" });
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "paid",
      refundedMinor: 0,
    });
    expect(await db().ticket.count({ where: { orderId: order.id, status: "valid" } })).toBe(1);
    const [notice] = await db().emailOutbox.findMany({ where: { orderId: order.id, kind: "refund" } });
    // The buyer is told the order was already paid and the tickets are unaffected, not that they stopped admitting.
    expect(notice.text).toContain("already paid");
    expect(notice.text).not.toContain("no longer admit anyone");
  });
  it("returning late money that bought nothing leaves the expired order as it is, with no second e-mail", async () => {
    const created = await createOrder(
      db(),
      createOrderSchema.parse({ ...orderBody(demo.nairobi.regular.id, 1), buyer }),
    );
    const order = await db().order.findUniqueOrThrow({ where: { reference: created.reference } });
    await releaseHold(db(), order.id, "expired");
    // The money came after the seats were gone: the buyer was told then that it goes back.
    const late = await succeededPayment(order, "no_capacity");
    expect(await ask(late.id)).toMatchObject({ status: "succeeded", amount: order.totalMinor });
    expect(await db().payment.findUniqueOrThrow({ where: { id: late.id } })).toMatchObject({
      status: "refunded",
      refundedMinor: order.totalMinor,
    });
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "expired",
      refundedMinor: 0,
    });
    expect(await db().emailOutbox.count({ where: { orderId: order.id, kind: "refund" } })).toBe(0);
  });
  it("one idempotency key sent at once for two different payments refunds only the first, and both callers get it", async () => {
    const [a, b] = [await paidInCash(1), await paidInCash(1)];
    const key = `shared-${a.payment.id}`;
    const answers = await Promise.all(
      [a, b].map(({ payment }) =>
        refundPayment(
          db(),
          { paymentId: payment.id, amountMinor: 100, reason: "Shared key", idempotencyKey: key },
          env,
        ),
      ),
    );
    const refunds = await db().refund.findMany({ where: { idempotencyKey: key } });
    expect(refunds).toHaveLength(1);
    // Either request may be first (PostgreSQL runs them side by side). The other caller may see the refund
    // still pending (it read it before the first finished): the same refund.
    const first = refunds[0].paymentId === a.payment.id ? 0 : 1;
    expect(answers[first]).toMatchObject({ refundId: refunds[0].id, status: "succeeded", amount: 100 });
    expect(answers[1 - first]).toMatchObject({ refundId: refunds[0].id, amount: 100 });
    const refunded = await db().payment.findMany({
      where: { id: { in: [a.payment.id, b.payment.id] } },
      select: { refundedMinor: true },
    });
    expect(refunded.map((p) => p.refundedMinor).sort()).toEqual([0, 100]);
  });
  it("a gateway with no refund API (MTN MoMo) leaves the refund failed, telling the organiser to pay it back directly", async () => {
    const { order } = await paidInCash(1);
    const momo = await succeededPayment(order, "already_paid", { gateway: "mtn-momo", amountMinor: 3_000 });
    expect(await ask(momo.id)).toMatchObject({
      status: "failed",
      amount: 3_000,
      failureReason: "MTN MoMo refunds are not available through its API: refund the payer directly and record it.",
    });
    expect(await db().payment.findUniqueOrThrow({ where: { id: momo.id } })).toMatchObject({
      status: "succeeded",
      refundedMinor: 0,
    });
  });
  it("a refund that failed gave nothing back, so the whole payment can still be refunded", async () => {
    const { payment } = await paidInCash(1);
    await refundOnRecord(payment, `failed-${payment.id}`, "Refused by the gateway", {
      status: "failed",
      failureReason: "Refused",
      completedAt: new Date(),
    });
    expect(await ask(payment.id)).toMatchObject({ status: "succeeded", amount: payment.amountMinor });
    expect(await db().payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      status: "refunded",
      refundedMinor: payment.amountMinor,
    });
  });
  it("a refund request sent again is answered with its refund, even once its gateway is no longer configured", async () => {
    const { order } = await paidInCash(1);
    const airtel = await succeededPayment(order, "already_paid", { gateway: "airtel", amountMinor: 5_000 });
    const request = {
      paymentId: airtel.id,
      amountMinor: 1_000,
      reason: "Sent twice",
      idempotencyKey: crypto.randomUUID(),
    };
    const first = await refundPayment(db(), request, env);
    // The retry (a double click, a job run again) comes after Airtel Money was switched off: a new
    // request would be refused now.
    const airtelOff = paymentsEnv({ PAYMENTS_MODE: "live", APP_URL: "https://tickets.example.com" });
    await expect(
      refundPayment(db(), { ...request, idempotencyKey: crypto.randomUUID() }, airtelOff),
    ).rejects.toMatchObject({ code: "gateway_not_configured" });
    expect(await refundPayment(db(), request, airtelOff)).toEqual(first);
  });
  it("a payment whose whole amount is already on its way back is not refundable, and says why", async () => {
    const { payment } = await paidInCash(1);
    await refundOnRecord(payment, `all-pending-${payment.id}`, "At the gateway");
    await expect(ask(payment.id)).rejects.toMatchObject({
      code: "payment_not_refundable",
      status: 409,
      message: "This payment has already been refunded in full, or its refunds are still on their way.",
    });
    expect(await db().refund.count({ where: { paymentId: payment.id } })).toBe(1);
  });
});
