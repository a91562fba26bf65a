/**
 * Airtel Money end to end on each database: the adapter, the simulator and the app's callback route meet
 * over real HTTP (test/app-server.ts). Each test makes its own ticket type with its own price, so prompts
 * are told apart by amount.
 */
import { beforeAll, expect, it } from "vitest";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { describeEachDatabase } from "@/test/db";
import { paymentsApp, until } from "@/test/payments-kit";
import { reconcile } from "../../reconciler";
import { refundPayment } from "../../refunds";
import { startPayment } from "../../start-payment";
import { syncPayment } from "../../sync-payment";
import { PARTIAL_REFUND_UNSUPPORTED } from "./index";
import { outcomeText } from "@/lib/admin/callback-outcomes";
import { airtelState } from "@/lib/simulators/airtel/state";

describeEachDatabase("Airtel Money over HTTP against its simulator", (database) => {
  const { db, server, sim, eventId, payment, settled, orderOf, callbackLogs: logsOf } = paymentsApp(database);
  let kampalaEventId: string;
  const promptFor = async (amount: number) => {
    const prompts = await until(
      () => sim("prompts") as Promise<{ id: string; amount: number; gateway: string; phone: string }[]>,
      (p) => p.some((x) => x.amount === amount),
    );
    return prompts.find((x) => x.amount === amount)!;
  };
  const answer = async (amount: number, outcome: string) => sim(`prompts/${(await promptFor(amount)).id}`, { outcome });
  let serial = 0;
  /** A Kampala order (UGX, no minor unit) with its own price and the buyer's own Airtel number. */
  const order = async (opts: { capacity?: number; at?: Date } = {}) => {
    serial++;
    const price = 20_000 + serial * 100;
    const type = await db().ticketType.create({
      data: {
        eventId: kampalaEventId,
        name: `Airtel ${price}`,
        priceMinor: price,
        currency: "UGX",
        capacity: opts.capacity ?? 50,
        maxPerOrder: 10,
      },
    });
    const phone = `0701 ${String(100 + serial).padStart(3, "0")} ${String(Math.floor(Math.random() * 900) + 100)}`;
    const buyer = { name: "Sarah Nakato", email: "sarah@example.com", phone };
    const created = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: "kampala-music-festival",
        items: [{ ticketTypeId: type.id, quantity: 2 }],
        buyer,
      }),
      opts.at,
    );
    return { ...created, type, amount: price * 2 };
  };
  const pay = (reference: string) => startPayment(db(), { reference, gateway: "airtel" }, server().env);
  const callbackUrl = () => `${server().url}/api/callbacks/airtel`;
  const post = (body: unknown) =>
    fetch(callbackUrl(), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const success = (id: string, amount: number, airtelMoneyId = "MP260603.1234.F00001") => ({
    transaction: {
      id,
      message: `Paid UGX ${amount.toLocaleString("en-US")} to LANGO EVENTS LIMITED Charge UGX 0, Trans ID ${airtelMoneyId}.`,
      status_code: "TS",
      airtel_money_id: airtelMoneyId,
    },
  });
  const paidPayment = async () => {
    const o = await order();
    const started = await pay(o.reference);
    await answer(o.amount, "approve");
    const p = await settled(started.paymentId);
    expect(p.status).toBe("succeeded");
    return { o, p };
  };

  beforeAll(async () => {
    kampalaEventId = await eventId("kampala-music-festival");
  });

  it("approve on the phone → callback confirmed by enquiry → order paid with the airtel_money_id as receipt", async () => {
    const o = await order();
    const started = await pay(o.reference);
    expect(started).toMatchObject({
      status: "pending",
      nextAction: {
        type: "await_customer",
        message: `Check your phone and enter your Airtel Money PIN to pay UGX ${o.amount.toLocaleString("en-US")}.`,
      },
    });
    const prompt = await promptFor(o.amount);
    // The msisdn reached Airtel without the country code.
    expect(prompt).toMatchObject({ gateway: "airtel", phone: expect.stringMatching(/^701\d{6}$/) });
    await answer(o.amount, "approve");
    const p = await settled(started.paymentId);
    expect(p).toMatchObject({
      status: "succeeded",
      gatewayReference: p.id,
      gatewayReceipt: expect.stringMatching(/^MP\d{6}\.\d{4}\.[A-Z]\d{5}$/),
    });
    expect(await orderOf(o.reference)).toMatchObject({
      status: "paid",
      receiptNumber: expect.stringMatching(/^LR-\d{4}-\d{6}$/),
    });
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
    expect(await logsOf(p.id)).toEqual([
      expect.objectContaining({
        gateway: "airtel",
        verified: true,
        outcome: "applied",
        detail: expect.stringMatching(/^payment succeeded, order paid/),
      }),
    ]);
    const operations = (
      await until(
        () => db().gatewayCall.findMany({ where: { gateway: "airtel", paymentId: p.id } }),
        (c) => c.length >= 2,
      )
    ).map((c) => c.operation);
    expect(operations).toEqual(expect.arrayContaining(["collection", "enquiry"]));
  });

  it("20 concurrent copies of one success callback fulfil the order once", async () => {
    await sim("faults", { gateway: "airtel", fault: "drop_callbacks" });
    const o = await order();
    const started = await pay(o.reference);
    await answer(o.amount, "approve");
    const [note] = (
      await until(
        () => sim("notifications?gateway=airtel") as Promise<{ url: string; body: string }[]>,
        (n) => n.length > 0,
      )
    ).slice(-1);
    expect(note.url).toBe(callbackUrl());
    const statuses = await Promise.all(Array.from({ length: 20 }, () => post(note.body).then((r) => r.status)));
    expect(statuses).toEqual(Array(20).fill(200));
    expect((await payment(started.paymentId)).status).toBe("succeeded");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
    const logs = await logsOf(started.paymentId);
    expect(logs).toHaveLength(20);
    expect(logs.filter((l) => l.outcome === "applied")).toHaveLength(1);
    expect(logs.filter((l) => l.duplicate).length + logs.filter((l) => l.outcome === "no_change").length).toBe(19);
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
    await promptFor(o.amount);

    expect((await post(success("no-such-payment", o.amount))).status).toBe(403);
    // A forged success while the prompt is still open: the enquiry says TIP.
    expect((await post(success(p.id, o.amount))).status).toBe(200);
    // A success whose message claims another amount.
    expect((await post(success(p.id, o.amount - 1, "MP260603.1234.F00002"))).status).toBe(200);
    // Not JSON, or not an Airtel callback: acknowledged, nothing read.
    expect((await post("<xml/>")).status).toBe(200);

    expect((await payment(p.id)).status).toBe("pending");
    expect((await orderOf(o.reference)).status).toBe("pending");
    const outcomes = (
      await db().callbackLog.findMany({
        where: { gateway: "airtel", receivedAt: { gte: p.createdAt } },
        orderBy: { receivedAt: "asc" },
      })
    ).map(outcomeText);
    expect(outcomes).toEqual([
      "rejected: no such payment",
      expect.stringMatching(/^not applied: the gateway says the payment is still pending \(claimed succeeded\)/),
      expect.stringMatching(/^refused: the notification claims a different amount/),
      expect.stringMatching(/^ignored: body is not JSON/),
    ]);

    // The genuine callback still goes through: the forged ones did not take its dedupe key, and the
    // receipt comes from Airtel's enquiry, not from the forgery.
    await answer(o.amount, "approve");
    const done = await settled(p.id);
    expect(done.status).toBe("succeeded");
    expect(done.gatewayReceipt).not.toMatch(/F0000/);
  });

  it("a success the enquiry confirms without an airtel_money_id keeps no receipt: a callback's is never refunded", async () => {
    await sim("faults", { gateway: "airtel", fault: "drop_callbacks" });
    const o = await order();
    const started = await pay(o.reference);
    await answer(o.amount, "approve");
    const paid = await until(
      async () => airtelState().transactions.get(started.paymentId),
      (t) => t?.status === "TS",
    );
    // The enquiry now answers TS with airtel_money_id null, while anyone's callback names an id of its choosing.
    delete paid!.airtelMoneyId;
    expect((await post(success(started.paymentId, o.amount, "MP260603.1234.F00009"))).status).toBe(200);
    expect(await settled(started.paymentId)).toMatchObject({ status: "succeeded", gatewayReceipt: null });
    expect((await orderOf(o.reference)).status).toBe("paid");

    const refund = await refundPayment(
      db(),
      { paymentId: started.paymentId, reason: "Event postponed", idempotencyKey: `full:${started.paymentId}` },
      server().env,
    );
    expect(refund).toMatchObject({ status: "failed", failureReason: expect.stringMatching(/airtel_money_id/) });
    expect(await db().gatewayCall.count({ where: { paymentId: started.paymentId, operation: "refund" } })).toBe(0);
  });

  it("a TF the enquiry contradicts changes nothing either", async () => {
    const o = await order();
    const started = await pay(o.reference);
    await promptFor(o.amount);
    expect(
      (
        await post({
          transaction: {
            id: started.paymentId,
            message: "Transaction failed",
            status_code: "TF",
            airtel_money_id: "MP1",
          },
        })
      ).status,
    ).toBe(200);
    expect((await payment(started.paymentId)).status).toBe("pending");
    await answer(o.amount, "approve");
    expect((await settled(started.paymentId)).status).toBe("succeeded");
  });

  it("failures tell the buyer why, and the order can be paid in a new attempt", async () => {
    const o = await order();
    const first = await pay(o.reference);
    await answer(o.amount, "decline");
    expect(await settled(first.paymentId)).toMatchObject({
      status: "cancelled",
      failureCode: "DP00800001008",
      failureReason: expect.stringMatching(/declined/),
    });
    const second = await pay(o.reference);
    await answer(o.amount, "insufficient_funds");
    expect(await settled(second.paymentId)).toMatchObject({
      status: "failed",
      failureCode: "DP00800001007",
      failureReason: expect.stringMatching(/balance is too low/),
    });
    const third = await pay(o.reference);
    await answer(o.amount, "wrong_pin");
    expect(await settled(third.paymentId)).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/PIN was wrong/),
    });
    await db().rateLimit.deleteMany();
    const fourth = await pay(o.reference);
    await answer(o.amount, "timeout");
    expect(await settled(fourth.paymentId)).toMatchObject({
      status: "expired",
      failureReason: expect.stringMatching(/timed out/),
    });
    const fifth = await pay(o.reference);
    await answer(o.amount, "approve");
    expect((await settled(fifth.paymentId)).status).toBe("succeeded");
    expect((await orderOf(o.reference)).status).toBe("paid");
  });

  it("with callbacks dropped the enquiry settles the payment; a garbled collection reply still ends paid", async () => {
    await sim("faults", { gateway: "airtel", fault: "drop_callbacks" });
    const a = await order();
    const pa = await pay(a.reference);
    await answer(a.amount, "approve");
    await new Promise((r) => setTimeout(r, 200));
    expect((await payment(pa.paymentId)).status).toBe("pending");
    expect(await syncPayment(db(), pa.paymentId, server().env)).toMatchObject({
      changed: true,
      status: "succeeded",
      settle: "paid",
    });

    // The collection is processed but its reply cut short: the buyer still gets the prompt and pays.
    await sim("faults", { gateway: "airtel", fault: "malformed" });
    const b = await order();
    const pb = await pay(b.reference);
    expect(pb).toMatchObject({ status: "pending", nextAction: { type: "await_customer" } });
    await sim("faults", { gateway: "airtel", fault: "none" });
    await answer(b.amount, "approve");
    expect((await settled(pb.paymentId)).status).toBe("succeeded");
  });

  it("late success: accepted while capacity remains, refunded in full through Airtel when it is gone", async () => {
    const past = new Date(Date.now() - 14 * 60_000 - 50_000);
    const a = await order({ at: past });
    const pa = await pay(a.reference);
    await db().order.update({ where: { reference: a.reference }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reconcile(db(), server().env);
    expect((await orderOf(a.reference)).status).toBe("expired");
    await answer(a.amount, "approve");
    expect((await settled(pa.paymentId)).status).toBe("succeeded");
    expect((await orderOf(a.reference)).status).toBe("paid");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: a.type.id } })).toMatchObject({ sold: 2, held: 0 });

    const b = await order({ capacity: 2 });
    const pb = await pay(b.reference);
    await db().order.update({ where: { reference: b.reference }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reconcile(db(), server().env);
    await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: "kampala-music-festival",
        items: [{ ticketTypeId: b.type.id, quantity: 2 }],
        buyer: { name: "Other", email: "o@example.com", phone: "0752 123 456" },
      }),
    );
    await answer(b.amount, "approve");
    // The money arrived (and may already be on its way back: the automatic refund is quick).
    expect(["succeeded", "refunded"]).toContain((await settled(pb.paymentId)).status);
    expect((await orderOf(b.reference)).status).toBe("expired");
    const refund = await until(
      () => db().refund.findFirst({ where: { paymentId: pb.paymentId } }),
      (r) => r?.status === "succeeded",
    );
    expect(refund).toMatchObject({
      status: "succeeded",
      amountMinor: b.amount,
      gatewayReference: expect.stringMatching(/^MP/),
    });
    expect((await payment(pb.paymentId)).status).toBe("refunded");
  });

  it("refunds a whole payment once per key through Airtel's refund API", async () => {
    const { o, p } = await paidPayment();
    const request = { paymentId: p.id, reason: "Event postponed", idempotencyKey: `full:${p.id}` };
    const [first, again] = await Promise.all([
      refundPayment(db(), request, server().env),
      refundPayment(db(), request, server().env),
    ]);
    // One request made the refund; the other, arriving while Airtel was being asked, was told of that
    // same refund (still pending then, or already done).
    expect(again.refundId).toBe(first.refundId);
    expect([first, again].map((r) => r.status)).toContain("succeeded");
    expect(first).toMatchObject({ amount: o.amount, currency: "UGX" });
    expect(await db().refund.count({ where: { paymentId: p.id } })).toBe(1);
    expect(await payment(p.id)).toMatchObject({ status: "refunded", refundedMinor: o.amount });
    expect(await orderOf(o.reference)).toMatchObject({ status: "refunded", refundedMinor: o.amount });
    const calls = await until(
      () => db().gatewayCall.findMany({ where: { paymentId: p.id, operation: "refund" } }),
      (c) => c.length > 0,
    );
    expect(calls).toEqual([expect.objectContaining({ ok: true, resultCode: "ESB000010" })]);
  });

  it("records a partial refund as failed, saying Airtel's API returns whole payments only", async () => {
    const { o, p } = await paidPayment();
    const partial = await refundPayment(
      db(),
      { paymentId: p.id, amountMinor: 1000, reason: "One ticket", idempotencyKey: `part:${p.id}` },
      server().env,
    );
    expect(partial).toMatchObject({ status: "failed", amount: 1000, failureReason: PARTIAL_REFUND_UNSUPPORTED });
    expect(await payment(p.id)).toMatchObject({ status: "succeeded", refundedMinor: 0 });
    expect((await orderOf(o.reference)).status).toBe("paid");
    expect(await db().gatewayCall.count({ where: { paymentId: p.id, operation: "refund" } })).toBe(0);
  });
});
