import { beforeAll, expect, it } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { getPaymentView, QUERY_AFTER_MS } from "./payment-view";

describeEachDatabase("the status poll (GET /api/payments/{id})", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
  });

  const payment = async (data: Record<string, unknown> = {}) => {
    const o = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: demo.nairobi.slug,
        items: [{ ticketTypeId: demo.nairobi.regular.id, quantity: 1 }],
        buyer,
      }),
    );
    const order = await db().order.findUniqueOrThrow({ where: { reference: o.reference } });
    return db().payment.create({
      data: {
        orderId: order.id,
        gateway: "daraja",
        amountMinor: order.totalMinor,
        currency: "KES",
        expiresAt: new Date(Date.now() + 120_000),
        phone: "+254712345678",
        ...data,
      },
      include: { order: true },
    });
  };

  it("shows the payment as stored: times to the millisecond, the next action while pending, the order's status", async () => {
    const nextAction = {
      type: "await_customer",
      message: "Enter your M-Pesa PIN",
      pollAfterMs: 3000,
      expiresAt: new Date().toISOString(),
    };
    const p = await payment({ nextAction });
    const { view, queryDue } = await getPaymentView(db(), p.id);
    expect(queryDue).toBe(false);
    expect(view).toEqual({
      paymentId: p.id,
      gateway: "daraja",
      status: "pending",
      amount: p.amountMinor,
      currency: "KES",
      orderReference: p.order.reference,
      orderStatus: "pending",
      nextAction,
      expiresAt: p.expiresAt.toISOString(),
      createdAt: p.createdAt.toISOString(),
    });
  });

  it("a failed payment says why and drops the next action; a succeeded one shows its receipt", async () => {
    const failed = await payment({
      status: "cancelled",
      failureReason: "You cancelled the M-Pesa prompt.",
      failureCode: "1032",
      nextAction: { type: "none" },
    });
    expect((await getPaymentView(db(), failed.id)).view).toMatchObject({
      status: "cancelled",
      failureReason: "You cancelled the M-Pesa prompt.",
      // Issue 18: the reason's stable code, which the order page says in the buyer's language.
      failureReasonCode: "declined_on_phone",
    });
    const odd = await payment({ status: "failed", failureReason: "M-Pesa did not complete it.", failureCode: "9999" });
    expect((await getPaymentView(db(), odd.id)).view).not.toHaveProperty("failureReasonCode");
    expect((await getPaymentView(db(), failed.id)).view).not.toHaveProperty("nextAction");
    const ok = await payment({ status: "succeeded", gatewayReceipt: "NLJ7RT61SV" });
    expect((await getPaymentView(db(), ok.id)).view).toMatchObject({ status: "succeeded", receipt: "NLJ7RT61SV" });
  });

  it("a poll of a payment pending for a while claims one status query, however many polls arrive", async () => {
    const p = await payment();
    const later = new Date(p.createdAt.getTime() + QUERY_AFTER_MS + 1000);
    const polls = await Promise.all(Array.from({ length: 5 }, () => getPaymentView(db(), p.id, { now: later })));
    expect(polls.filter((x) => x.queryDue)).toHaveLength(1);
  });

  it("an unknown or malformed id is a 404", async () => {
    await expect(getPaymentView(db(), "c".repeat(25))).rejects.toMatchObject({
      status: 404,
      code: "payment_not_found",
    });
    await expect(getPaymentView(db(), "x\u0000y")).rejects.toMatchObject({ status: 404 });
  });
});
