/**
 * MTN MoMo end to end on both databases: adapter, simulator and the app's callback route meet over real
 * HTTP (test/app-server.ts). The callback is unsigned, so every claim is checked by the status GET.
 */
import { beforeAll, expect, it } from "vitest";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { describeEachDatabase } from "@/test/db";
import { buyer } from "@/test/fixtures";
import { paymentsApp, until } from "@/test/payments-kit";
import { reconcile } from "../../reconciler";
import { refundPayment } from "../../refunds";
import { startPayment } from "../../start-payment";
import { syncPayment } from "../../sync-payment";
import { outcomeText } from "@/lib/admin/callback-outcomes";

const KAMPALA = "kampala-music-festival";

describeEachDatabase("MTN MoMo over HTTP against its simulator", (database) => {
  const { db, server, sim, payment, settled, eventId: eventIdOf } = paymentsApp(database);
  /** The prompt MTN put on the phone for one payment (the simulator shows our externalId, the payment id). */
  const answer = async (paymentId: string, outcome: string) => {
    const prompts = await until(
      () => sim("prompts") as Promise<{ id: string; reference: string }[]>,
      (p) => p.some((x) => x.reference === paymentId),
    );
    const prompt = prompts.find((x) => x.reference === paymentId);
    if (!prompt) throw new Error(`no MTN prompt for ${paymentId}`);
    return sim(`prompts/${prompt.id}`, { outcome });
  };
  let eventId = "";
  let serial = 0;
  /** A Kampala order (UGX, no minor unit) of its own ticket type, so each test's stock is its own. */
  const order = async (opts: { capacity?: number; at?: Date } = {}) => {
    const price = 50_000 + ++serial * 1_000;
    const type = await db().ticketType.create({
      data: {
        eventId,
        name: `MoMo ${price}`,
        priceMinor: price,
        currency: "UGX",
        capacity: opts.capacity ?? 50,
        maxPerOrder: 10,
      },
    });
    const created = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: KAMPALA,
        items: [{ ticketTypeId: type.id, quantity: 2 }],
        buyer: { ...buyer, phone: "0772 123 456" },
      }),
      opts.at,
    );
    return { ...created, type };
  };
  const pay = (reference: string, phone?: string) =>
    startPayment(db(), { reference, gateway: "mtn-momo", ...(phone && { phone }) }, server().env);
  const orderStatus = async (reference: string) =>
    (await db().order.findUniqueOrThrow({ where: { reference } })).status;
  const callbackUrl = () => `${server().url}/api/callbacks/mtn-momo`;
  const notify = (body: string, method = "POST") =>
    fetch(callbackUrl(), { method, headers: { "content-type": "application/json" }, body });

  beforeAll(async () => {
    eventId = await eventIdOf(KAMPALA);
  });

  it("approve on the phone → callback confirmed by the status GET → order paid, seats sold, receipt kept", async () => {
    const o = await order();
    const started = await pay(o.reference);
    expect(started).toMatchObject({
      status: "pending",
      nextAction: {
        type: "await_customer",
        message: "Check your phone and enter your MTN MoMo PIN to pay UGX 102,000.",
      },
    });
    const p0 = await payment(started.paymentId);
    // The X-Reference-Id we chose is what the payment keeps.
    expect(p0.gatewayReference).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await answer(started.paymentId, "approve");
    const p = await settled(started.paymentId);
    expect(p).toMatchObject({ status: "succeeded", gatewayReceipt: expect.stringMatching(/^\d{10}$/) });
    expect(await db().order.findUniqueOrThrow({ where: { reference: o.reference } })).toMatchObject({
      status: "paid",
      receiptNumber: expect.stringMatching(/^LR-/),
    });
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
    const logs = await until(
      () => db().callbackLog.findMany({ where: { paymentId: p.id } }),
      (l) => l.length > 0 && l.every((x) => x.outcome !== "received"),
    );
    expect(logs).toEqual([
      expect.objectContaining({
        gateway: "mtn-momo",
        verified: true,
        outcome: "applied",
        detail: expect.stringMatching(/^payment succeeded, order paid/),
      }),
    ]);
    const calls = await db().gatewayCall.findMany({ where: { paymentId: p.id }, orderBy: { createdAt: "asc" } });
    expect(calls.map((c) => c.operation)).toEqual(expect.arrayContaining(["requesttopay", "requesttopay status"]));
  });

  it("20 concurrent copies of the callback, by POST and by PUT, fulfil the order once", async () => {
    await sim("faults", { gateway: "mtn-momo", fault: "drop_callbacks" });
    const o = await order();
    const started = await pay(o.reference);
    await answer(started.paymentId, "approve");
    const [note] = (
      await until(
        () => sim("notifications?gateway=mtn-momo") as Promise<{ url: string; body: string }[]>,
        (n) => n.length > 0,
      )
    ).slice(-1);
    expect(note.url).toBe(callbackUrl());
    const statuses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => notify(note.body, i % 2 ? "PUT" : "POST").then((r) => r.status)),
    );
    expect(statuses).toEqual(Array(20).fill(200));
    expect((await payment(started.paymentId)).status).toBe("succeeded");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
    const logs = await db().callbackLog.findMany({ where: { paymentId: started.paymentId } });
    expect(logs).toHaveLength(20);
    expect(logs.filter((l) => l.outcome === "applied")).toHaveLength(1);
    const paid = await db().order.findUniqueOrThrow({
      where: { reference: o.reference },
      include: { tickets: true, emails: true },
    });
    expect(paid.tickets).toHaveLength(2);
    expect(paid.emails.map((e) => e.kind)).toEqual(["order_confirmation"]);
  });

  it("refuses a callback for an unknown payment, a forged success and a wrong amount, changing nothing", async () => {
    const o = await order();
    const started = await pay(o.reference);
    const p = await payment(started.paymentId);
    const success = (externalId: string, amount: string, currency = "UGX") =>
      JSON.stringify({
        financialTransactionId: "1234567890",
        externalId,
        amount,
        currency,
        payer: { partyIdType: "MSISDN", partyId: "256772123456" },
        status: "SUCCESSFUL",
      });

    expect((await notify(success("pay_unknown", String(o.total)))).status).toBe(403);
    // Forged success while the prompt is still open: MTN's status GET says PENDING.
    expect((await notify(success(p.id, String(o.total)))).status).toBe(200);
    // The right payment, another amount.
    expect((await notify(success(p.id, String(o.total - 1000)), "PUT")).status).toBe(200);
    // Unreadable: acknowledged, ignored.
    expect((await notify("<xml/>")).status).toBe(200);

    expect((await payment(p.id)).status).toBe("pending");
    expect(await orderStatus(o.reference)).toBe("pending");
    const outcomes = (
      await db().callbackLog.findMany({
        orderBy: { receivedAt: "asc" },
        where: { gateway: "mtn-momo", receivedAt: { gte: p.createdAt } },
      })
    ).map(outcomeText);
    expect(outcomes).toEqual([
      "rejected: no such payment",
      expect.stringMatching(/^not applied: the gateway says the payment is still pending/),
      expect.stringMatching(/^refused: the notification claims a different amount/),
      expect.stringMatching(/^ignored/),
    ]);

    // The genuine callback still goes through: the forged ones did not take its dedupe key.
    await answer(p.id, "approve");
    expect((await settled(p.id)).status).toBe("succeeded");
    expect((await payment(p.id)).gatewayReceipt).not.toBe("1234567890");
  });

  it("a failed attempt says why in the buyer's words, and the order can be paid in a new one", async () => {
    const o = await order();
    const declined = await pay(o.reference);
    await answer(declined.paymentId, "decline");
    expect(await settled(declined.paymentId)).toMatchObject({
      status: "cancelled",
      failureCode: "APPROVAL_REJECTED",
      failureReason: "You declined the MTN MoMo payment on your phone.",
    });

    const broke = await pay(o.reference);
    await answer(broke.paymentId, "insufficient_funds");
    expect(await settled(broke.paymentId)).toMatchObject({
      status: "failed",
      failureCode: "INTERNAL_PROCESSING_ERROR",
      failureReason: expect.stringMatching(/balance is too low/),
    });

    // MTN's sandbox number for "payer not found" fails without a prompt.
    const noAccount = await pay(o.reference, "+46733123455");
    expect(await settled(noAccount.paymentId)).toMatchObject({
      status: "failed",
      failureCode: "PAYER_NOT_FOUND",
      failureReason: expect.stringMatching(/no MTN MoMo account/),
    });

    const last = await pay(o.reference);
    await answer(last.paymentId, "approve");
    expect((await settled(last.paymentId)).status).toBe("succeeded");
    expect(await orderStatus(o.reference)).toBe("paid");
  });

  it("with the callback lost (MTN sends it once), the status GET completes the payment", async () => {
    await sim("faults", { gateway: "mtn-momo", fault: "drop_callbacks" });
    const o = await order();
    const started = await pay(o.reference);
    await answer(started.paymentId, "approve");
    await new Promise((r) => setTimeout(r, 300));
    expect((await payment(started.paymentId)).status).toBe("pending");
    expect(await syncPayment(db(), started.paymentId, server().env)).toMatchObject({
      changed: true,
      status: "succeeded",
      settle: "paid",
    });
    expect(await orderStatus(o.reference)).toBe("paid");
  });

  it("MTN down when the buyer presses Pay: a readable failure, nothing on the phone, and a retry works", async () => {
    const o = await order();
    await sim("faults", { gateway: "mtn-momo", fault: "http_500" });
    const down = await pay(o.reference);
    expect(down).toMatchObject({ status: "failed", failureReason: expect.stringMatching(/MTN MoMo is not answering/) });
    expect(await sim("prompts")).toEqual([]);
    await sim("faults", { gateway: "mtn-momo", fault: "none" });
    const again = await pay(o.reference);
    await answer(again.paymentId, "approve");
    expect((await settled(again.paymentId)).status).toBe("succeeded");
  });

  it("late success after the hold ran out is accepted while seats remain", async () => {
    const o = await order({ at: new Date(Date.now() - 14 * 60_000 - 50_000) });
    const started = await pay(o.reference);
    await db().order.update({ where: { reference: o.reference }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reconcile(db(), server().env);
    expect(await orderStatus(o.reference)).toBe("expired");
    await answer(started.paymentId, "approve");
    expect((await settled(started.paymentId)).status).toBe("succeeded");
    expect(await orderStatus(o.reference)).toBe("paid");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
  });

  it("refunds, full or partial, are recorded as failed with the reason: the Collections API has no refund", async () => {
    const o = await order();
    const started = await pay(o.reference);
    await answer(started.paymentId, "approve");
    await settled(started.paymentId);
    const partial = await refundPayment(
      db(),
      {
        paymentId: started.paymentId,
        amountMinor: 1000,
        reason: "One ticket returned",
        idempotencyKey: `mtn-partial-${started.paymentId}`,
      },
      server().env,
    );
    expect(partial).toMatchObject({
      status: "failed",
      amount: 1000,
      currency: "UGX",
      failureReason: expect.stringMatching(/MTN MoMo.*not available/),
    });
    const full = await refundPayment(
      db(),
      { paymentId: started.paymentId, reason: "Event moved", idempotencyKey: `mtn-full-${started.paymentId}` },
      server().env,
    );
    expect(full).toMatchObject({ status: "failed", amount: o.total });
    // Nothing changed hands, so nothing changes: the payment and order stay paid.
    expect(await payment(started.paymentId)).toMatchObject({ status: "succeeded", refundedMinor: 0 });
    expect(await orderStatus(o.reference)).toBe("paid");
    expect(
      await db().gatewayCall.count({ where: { paymentId: started.paymentId, operation: { contains: "refund" } } }),
    ).toBe(0);
  });
});
