import { beforeAll, beforeEach, expect, it } from "vitest";
import { markCashPaid } from "@/lib/admin/order-actions";
import { useDatabase } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { reconcile } from "@/lib/payments/reconciler";
import { enabledGateways, gatewayById, paymentsEnv } from "@/lib/payments/registry";
import { startPayment } from "@/lib/payments/start-payment";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";

const HOUR = 3_600_000;
const env = paymentsEnv({ PAYMENTS_MODE: "simulator" });

describeEachDatabase("cash: pay at the desk", (database) => {
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let admin: { id: string; email: string };
  const db = () => database().prisma;
  let n = 0;
  const order = async (at = new Date()) => {
    const type = await db().ticketType.create({
      data: {
        eventId: demo.nairobi.regular.eventId,
        name: `Desk ${++n}`,
        priceMinor: 2500_00,
        currency: "KES",
        capacity: 10,
        maxPerOrder: 10,
      },
    });
    const created = await createOrder(
      db(),
      createOrderSchema.parse({ eventSlug: demo.nairobi.slug, items: [{ ticketTypeId: type.id, quantity: 2 }], buyer }),
      at,
    );
    const row = await db().order.findUniqueOrThrow({
      where: { reference: created.reference },
      include: { event: true },
    });
    return { ...created, id: row.id, event: row.event, type };
  };
  const stock = (id: string) =>
    db().ticketType.findUniqueOrThrow({ where: { id }, select: { sold: true, held: true } });

  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
    admin = await db().user.create({
      data: { email: `desk-admin-${Date.now()}@lango.test`, role: "admin" },
      select: { id: true, email: true },
    });
  });
  beforeEach(async () => {
    await db().rateLimit.deleteMany();
  });

  it("is offered for every event in simulator mode, and in live mode only with CASH_AT_DESK=true", () => {
    for (const q of [
      { currency: "KES", country: "KE" },
      { currency: "TZS", country: "TZ" },
      { currency: "UGX", country: "UG" },
      { currency: "THB", country: "TH" },
    ]) {
      expect(enabledGateways(q, env).map((g) => g.id)).toContain("cash");
    }
    const live = (vars: Record<string, string>) =>
      enabledGateways({ currency: "KES", country: "KE" }, paymentsEnv({ PAYMENTS_MODE: "live", ...vars })).map(
        (g) => g.id,
      );
    expect(live({})).not.toContain("cash");
    expect(live({ CASH_AT_DESK: "true" })).toContain("cash");
    expect(gatewayById("cash", env).gateway.flow).toBe("desk");
  });

  it("holds the order for the offline-payment window with instructions; the reconciler keeps it until then and releases the seats at its end", async () => {
    const now = new Date();
    const o = await order(now);
    const started = await startPayment(db(), { reference: o.reference, gateway: "cash" }, env, now);
    const until = new Date(Math.min(now.getTime() + o.event.offlinePaymentHours * HOUR, o.event.startsAt.getTime()));
    expect(started).toMatchObject({
      status: "pending",
      nextAction: { type: "await_customer", expiresAt: until.toISOString() },
    });
    const message = (started.nextAction as { message: string }).message;
    expect(message).toContain(o.reference);
    expect(message).toContain("KES 5,000");
    expect(message).toMatch(/cash at .*desk/i);

    const stored = await db().order.findUniqueOrThrow({ where: { id: o.id }, include: { payments: true } });
    expect(stored.expiresAt.toISOString()).toBe(until.toISOString());
    expect(stored.payments).toEqual([
      expect.objectContaining({ gateway: "cash", status: "pending", gatewayReference: null, expiresAt: until }),
    ]);

    // Long after the online hold (15 minutes) the seats are still held.
    await reconcile(db(), env, new Date(now.getTime() + 2 * HOUR));
    expect(await db().order.findUniqueOrThrow({ where: { id: o.id } })).toMatchObject({ status: "pending" });
    expect(await stock(o.type.id)).toEqual({ sold: 0, held: 2 });

    // Choosing the desk again does not shorten nor stretch the hold.
    await startPayment(db(), { reference: o.reference, gateway: "cash" }, env, new Date(now.getTime() + HOUR));
    expect((await db().order.findUniqueOrThrow({ where: { id: o.id } })).expiresAt.toISOString()).toBe(
      until.toISOString(),
    );

    // At the end of the window nobody has paid: seats go back, the desk attempts expire.
    await reconcile(db(), env, new Date(until.getTime() + 1000));
    const after = await db().order.findUniqueOrThrow({ where: { id: o.id }, include: { payments: true } });
    expect(after.status).toBe("expired");
    expect(after.payments.map((p) => p.status)).toEqual(["expired", "expired"]);
    expect(await stock(o.type.id)).toEqual({ sold: 0, held: 0 });
  });

  it("never holds past the event's start", async () => {
    const now = new Date();
    const o = await order(now);
    const startsAt = new Date(now.getTime() + 3 * HOUR);
    await db().event.update({ where: { id: o.event.id }, data: { startsAt } });
    try {
      await startPayment(db(), { reference: o.reference, gateway: "cash" }, env, now);
      expect((await db().order.findUniqueOrThrow({ where: { id: o.id } })).expiresAt.toISOString()).toBe(
        startsAt.toISOString(),
      );
    } finally {
      await db().event.update({ where: { id: o.event.id }, data: { startsAt: o.event.startsAt } });
    }
  });

  it("an order whose hold already ran out cannot be held at the desk", async () => {
    const o = await order(new Date(Date.now() - HOUR));
    await expect(startPayment(db(), { reference: o.reference, gateway: "cash" }, env)).rejects.toMatchObject({
      code: "order_not_payable",
    });
  });

  it("the admin's cash receipt pays the waiting desk attempt: one cash payment, tickets once, who and when kept", async () => {
    const o = await order();
    const started = await startPayment(db(), { reference: o.reference, gateway: "cash" }, env);
    const form = { reference: o.reference, amount: "5,000", receiptNumber: `rb-${n}01` };
    const [first, second] = await Promise.all([
      markCashPaid(db(), admin, form, env),
      markCashPaid(db(), admin, form, env),
    ]);
    expect([first.paymentId, second.paymentId]).toEqual([started.paymentId, started.paymentId]);
    const paid = await db().order.findUniqueOrThrow({
      where: { id: o.id },
      include: { payments: true, tickets: true, emails: true },
    });
    expect(paid.status).toBe("paid");
    expect(paid.payments).toEqual([
      expect.objectContaining({
        id: started.paymentId,
        gateway: "cash",
        status: "succeeded",
        gatewayReference: `RB-${n}01`,
        gatewayReceipt: `RB-${n}01`,
      }),
    ]);
    expect(paid.payments[0].metadata).toMatchObject({
      cash: {
        receiptNumber: `RB-${n}01`,
        receivedById: admin.id,
        receivedBy: admin.email,
        receivedAt: expect.any(String),
      },
    });
    expect(paid.tickets).toHaveLength(2);
    expect(paid.emails.filter((e) => e.kind === "order_confirmation")).toHaveLength(1);
    expect(await stock(o.type.id)).toEqual({ sold: 2, held: 0 });
    expect(await db().auditLog.count({ where: { entityId: o.id, action: "order.cash_paid" } })).toBeGreaterThanOrEqual(
      1,
    );

    // The desk is the truth: the gateway's status is what the desk recorded.
    const { gateway, config } = gatewayById("cash", env);
    const status = await gateway.getStatus(
      {
        paymentId: started.paymentId,
        gatewayReference: `RB-${n}01`,
        amount: { amountMinor: o.total, currency: "KES" },
      },
      { config, fetch, now: () => new Date(), recordCall: () => {} },
    );
    expect(status).toMatchObject({
      status: "succeeded",
      paid: { amountMinor: o.total, currency: "KES" },
      receipt: `RB-${n}01`,
    });
  });
});
