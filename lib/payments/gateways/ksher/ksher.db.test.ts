/**
 * Ksher end to end over real HTTP: the adapter, the Ksher simulator and the app's callback and return
 * routes (test/app-server.ts), on each database.
 */
import { createSign } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { ksherSideKeys } from "@/lib/sandbox-accounts/ksher";
import { describeEachDatabase } from "@/test/db";
import { paymentsApp, until } from "@/test/payments-kit";
import { reconcile } from "../../reconciler";
import { refundPayment } from "../../refunds";
import { startPayment } from "../../start-payment";
import { throwawayPair } from "./keys.testkit";
import { outcomeText } from "@/lib/admin/callback-outcomes";

const ACK = '{"result":"SUCCESS","msg":"OK"}';
const thai = { name: "Ploy Srisuk", email: "ploy@example.com", phone: "081 234 5678" };

/** Signed as Ksher signs (sorted key=value, no separator, RSA-MD5, hex), with whatever key is given. */
function signedWebhook(
  data: Record<string, unknown>,
  key: Parameters<ReturnType<typeof createSign>["sign"]>[0],
): string {
  const message = Object.keys(data)
    .sort()
    .map((k) => `${k}=${String(data[k])}`)
    .join("");
  return JSON.stringify({
    code: 0,
    msg: "操作成功",
    message: "操作成功",
    data,
    sign: createSign("RSA-MD5").update(message).sign(key, "hex"),
  });
}

describeEachDatabase("Ksher over HTTP against its simulator", (database) => {
  const { db, server, sim, payment, settled, orderOf, eventId: eventIdOf } = paymentsApp(database);
  let eventId = "";
  let next = 1;
  /** A Bangkok order with its own price, in satang. */
  const order = async (opts: { capacity?: number; at?: Date } = {}) => {
    const price = 500_00 + next++ * 100;
    const type = await db().ticketType.create({
      data: {
        eventId,
        name: `T${price}`,
        priceMinor: price,
        currency: "THB",
        capacity: opts.capacity ?? 50,
        maxPerOrder: 10,
      },
    });
    const created = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: "bangkok-design-week",
        items: [{ ticketTypeId: type.id, quantity: 2 }],
        buyer: thai,
      }),
      opts.at,
    );
    return { ...created, type };
  };
  const pay = async (reference: string, method?: string) => {
    const started = await startPayment(db(), { reference, gateway: "ksher", ...(method && { method }) }, server().env);
    expect(started).toMatchObject({
      status: "pending",
      nextAction: { type: "redirect", url: expect.stringContaining("/sim/ksher/ua?order_uuid=") },
    });
    return { ...started, page: (started.nextAction as { url: string }).url };
  };
  /** The payer's choice on Ksher's page; returns where the browser is sent. */
  const choose = async (page: string, choice: Record<string, string>) => {
    const res = await fetch(page, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(choice),
    });
    expect(res.status).toBe(303);
    return res.headers.get("location")!;
  };
  /** The browser back at /pay/return/ksher: where the app sends it on. */
  const comeBack = async (location: string) => (await fetch(location, { redirect: "manual" })).headers.get("location")!;
  const postWebhook = (body: string) =>
    fetch(`${server().url}/api/callbacks/ksher`, {
      method: "POST",
      headers: { "content-type": "text/plain;charset=utf-8" },
      body,
    });
  const webhooks = () => sim("notifications?gateway=ksher") as Promise<{ url: string; body: string }[]>;

  beforeAll(async () => {
    eventId = await eventIdOf("bangkok-design-week");
  });
  // Ksher's resend timers must not outlive the app they post to; after-hooks run in reverse, so this one
  // comes before the kit closes the app.
  afterAll(() => sim("reset", {}));

  it("pays on Ksher's page → return confirmed by gateway_order_query → paid; the signed webhook is acknowledged", async () => {
    const o = await order();
    const started = await pay(o.reference, "truemoney");
    const page = await (await fetch(started.page)).text();
    expect(page).toContain("Pay with TrueMoney Wallet");
    expect(page).not.toContain("Pay with PromptPay");

    const back = await choose(started.page, { pay: "truemoney" });
    expect(back).toBe(`${server().url}/pay/return/ksher?payment=${started.paymentId}`);
    expect(await comeBack(back)).toBe(`${server().url}/orders/${o.reference}?payment=${started.paymentId}`);
    const p = await settled(started.paymentId);
    expect(p).toMatchObject({
      status: "succeeded",
      gatewayReference: started.paymentId,
      gatewayReceipt: expect.stringMatching(/^900\d+$/),
    });
    expect(await orderOf(o.reference)).toMatchObject({ status: "paid" });
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
    expect(await db().ticket.count({ where: { orderId: p.orderId } })).toBe(2);

    // The webhook raced the return; whichever came second changed nothing, and Ksher got its exact answer.
    const logs = await until(
      () => db().callbackLog.findMany({ where: { paymentId: p.id }, orderBy: { receivedAt: "asc" } }),
      (l) => l.length > 0 && l.every((x) => x.outcome !== "received"),
    );
    expect(logs[0]).toMatchObject({
      gateway: "ksher",
      verified: true,
      outcome: expect.stringMatching(/^(applied|no_change)$/),
    });
    // Ksher resends until a copy is acknowledged: on a slow machine the first answer can take longer than
    // its one-second retry, and every later copy must change nothing.
    for (const copy of logs.slice(1)) {
      expect(copy).toMatchObject({
        gateway: "ksher",
        verified: true,
        outcome: expect.stringMatching(/^(duplicate|no_change)$/),
      });
    }
    const [note] = (await sim("notifications?gateway=ksher")) as {
      deliveries: { status: number; responseBody: string }[];
    }[];
    expect(note.deliveries[0]).toMatchObject({ status: 200, responseBody: ACK });
    const calls = await db().gatewayCall.findMany({ where: { paymentId: p.id } });
    expect(calls.map((c) => c.operation)).toEqual(expect.arrayContaining(["gateway_pay", "gateway_order_query"]));
  });

  it("20 concurrent copies of the webhook fulfil the order once, each answered as Ksher expects", async () => {
    await sim("faults", { gateway: "ksher", fault: "drop_callbacks" });
    const o = await order();
    const started = await pay(o.reference);
    await choose(started.page, { pay: "promptpay" });
    const [note] = await until(webhooks, (n) => n.length > 0);
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => postWebhook(note.body).then(async (r) => [r.status, await r.text()] as const)),
    );
    expect(replies).toEqual(Array(20).fill([200, ACK]));
    expect((await payment(started.paymentId)).status).toBe("succeeded");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
    const logs = await db().callbackLog.findMany({ where: { paymentId: started.paymentId } });
    expect(logs).toHaveLength(20);
    expect(logs.filter((l) => l.outcome === "applied")).toHaveLength(1);
    expect(logs.filter((l) => l.duplicate || l.outcome === "no_change")).toHaveLength(19);
    const paid = await db().order.findUniqueOrThrow({
      where: { reference: o.reference },
      include: { tickets: true, emails: true },
    });
    expect(paid.tickets).toHaveLength(2);
    expect(paid.emails.map((e) => e.kind)).toEqual(["order_confirmation"]);
  });

  it("refuses a forged, unknown or wrong-amount webhook and one the order query contradicts, changing nothing", async () => {
    const o = await order();
    const started = await pay(o.reference);
    const data = (over: Record<string, unknown> = {}) => ({
      appid: "mch35000",
      mch_order_no: started.paymentId,
      ksher_order_no: "90020261201180000111111",
      channel: "promptpay",
      total_fee: o.total,
      fee_type: "THB",
      cash_fee: String(o.total),
      cash_fee_type: "THB",
      result: "SUCCESS",
      time_end: "2026-12-01 18:00:00",
      ...over,
    });
    const ksher = ksherSideKeys().ksherPrivateKey;

    const forged = await postWebhook(signedWebhook(data(), throwawayPair().privateKey));
    expect([forged.status, JSON.parse(await forged.text())]).toEqual([403, { result: "FAIL", msg: "REFUSED" }]);
    // Signed by Ksher's key, but Ksher's own order query says the order is still open.
    expect(await (await postWebhook(signedWebhook(data(), ksher))).text()).toBe(ACK);
    expect((await postWebhook(signedWebhook(data({ mch_order_no: "cm_no_such_payment" }), ksher))).status).toBe(403);
    expect(await (await postWebhook(signedWebhook(data({ total_fee: o.total - 100 }), ksher))).text()).toBe(ACK);
    expect((await postWebhook("result=SUCCESS")).status).toBe(403);

    expect((await payment(started.paymentId)).status).toBe("pending");
    expect((await orderOf(o.reference)).status).toBe("pending");
    const outcomes = (
      await db().callbackLog.findMany({
        orderBy: { receivedAt: "asc" },
        where: { gateway: "ksher", receivedAt: { gte: (await payment(started.paymentId)).createdAt } },
      })
    ).map(outcomeText);
    expect(outcomes).toEqual([
      expect.stringMatching(/^rejected: signature does not verify/),
      expect.stringMatching(/^not applied: the gateway says the payment is still pending/),
      "rejected: no such payment",
      expect.stringMatching(/^refused: the notification claims a different amount/),
      expect.stringMatching(/^rejected: not a Ksher notification/),
    ]);

    // The genuine payment still goes through: the contradicted claim did not take its dedupe key.
    await choose(started.page, { pay: "card" });
    expect((await settled(started.paymentId)).status).toBe("succeeded");
    expect((await payment(started.paymentId)).gatewayReceipt).not.toBe("90020261201180000111111");
  });

  it("a failed payment tells the buyer why, and a new attempt pays the order", async () => {
    const o = await order();
    const first = await pay(o.reference, "card");
    const back = await choose(first.page, { fail: "card" });
    expect(back).toContain("failed=1");
    await comeBack(back);
    expect(await payment(first.paymentId)).toMatchObject({
      status: "failed",
      failureCode: "PAYERROR",
      failureReason: expect.stringMatching(/did not go through.*try again/i),
    });
    expect((await orderOf(o.reference)).status).toBe("pending");

    const second = await pay(o.reference);
    await comeBack(await choose(second.page, { pay: "airpay" }));
    expect((await settled(second.paymentId)).status).toBe("succeeded");
    expect((await orderOf(o.reference)).status).toBe("paid");
  });

  it("late success: accepted while capacity remains, refunded in full through order_refund when it is gone", async () => {
    const o = await order({ at: new Date(Date.now() - 14 * 60_000) });
    const started = await pay(o.reference);
    await db().order.update({ where: { reference: o.reference }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reconcile(db(), server().env);
    expect((await orderOf(o.reference)).status).toBe("expired");
    await choose(started.page, { pay: "promptpay" });
    expect((await settled(started.paymentId)).status).toBe("succeeded");
    expect((await orderOf(o.reference)).status).toBe("paid");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });

    // Someone else bought the seats after this hold ran out: the money goes back by itself.
    const b = await order({ capacity: 2 });
    const late = await pay(b.reference);
    await db().order.update({ where: { reference: b.reference }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reconcile(db(), server().env);
    await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: "bangkok-design-week",
        items: [{ ticketTypeId: b.type.id, quantity: 2 }],
        buyer: thai,
      }),
    );
    await choose(late.page, { pay: "card" });
    // Succeeded, and possibly refunded already: the automatic refund follows at once.
    expect(["succeeded", "refunded"]).toContain((await settled(late.paymentId)).status);
    const refund = await until(
      () => db().refund.findFirst({ where: { paymentId: late.paymentId } }),
      (r) => r?.status === "succeeded",
    );
    expect(refund).toMatchObject({
      status: "succeeded",
      amountMinor: b.total,
      gatewayReference: expect.stringMatching(/^9\d{22}$/),
    });
    expect((await payment(late.paymentId)).status).toBe("refunded");
    expect((await orderOf(b.reference)).status).toBe("expired");
  });

  it("when the hold runs out unpaid, cancel_order closes Ksher's page and the payment expires", async () => {
    const o = await order();
    const started = await pay(o.reference);
    await db().order.update({ where: { reference: o.reference }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await db().payment.update({ where: { id: started.paymentId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await reconcile(db(), server().env)).toMatchObject({ holdsReleased: 1, settled: 1 });
    expect(await payment(started.paymentId)).toMatchObject({ status: "expired" });
    const calls = await until(
      () => db().gatewayCall.findMany({ where: { paymentId: started.paymentId } }),
      (c) => c.some((x) => x.operation === "cancel_order"),
    );
    expect(calls.find((c) => c.operation === "cancel_order")).toMatchObject({ ok: true, resultCode: "SUCCESS" });
    expect(await (await fetch(started.page)).text()).toMatch(/closed and can no longer be paid/);
  });

  it("a payment whose own order number was never stored is refunded by Ksher's order number, its receipt", async () => {
    const o = await order();
    const started = await pay(o.reference);
    await comeBack(await choose(started.page, { pay: "truemoney" }));
    expect((await settled(started.paymentId)).status).toBe("succeeded");
    const paid = await db().payment.update({ where: { id: started.paymentId }, data: { gatewayReference: null } });
    expect(paid.gatewayReceipt).toMatch(/^\d+$/);

    const refund = await refundPayment(
      db(),
      { paymentId: started.paymentId, amountMinor: 100_00, reason: "One ticket back", idempotencyKey: `k-${paid.id}` },
      server().env,
    );
    expect(refund).toMatchObject({ status: "succeeded", amount: 100_00 });
    const call = await db().gatewayCall.findFirstOrThrow({
      where: { paymentId: started.paymentId, operation: "order_refund" },
    });
    expect(call.request).toContain(`ksher_order_no=${paid.gatewayReceipt}`);
    expect(call.request).not.toContain("mch_order_no=");
  });

  it("refunds in part, then the rest; the same request twice refunds once", async () => {
    const o = await order();
    const started = await pay(o.reference);
    await comeBack(await choose(started.page, { pay: "truemoney" }));
    expect((await settled(started.paymentId)).status).toBe("succeeded");

    const part = {
      paymentId: started.paymentId,
      amountMinor: 100_00,
      reason: "One ticket back",
      idempotencyKey: `part-${started.paymentId}`,
    };
    const first = await refundPayment(db(), part, server().env);
    expect(first).toMatchObject({ status: "succeeded", amount: 100_00, currency: "THB" });
    expect(await refundPayment(db(), part, server().env)).toEqual(first);
    expect(await orderOf(o.reference)).toMatchObject({ status: "partially_refunded", refundedMinor: 100_00 });
    const refund = await db().refund.findUniqueOrThrow({ where: { id: first.refundId } });
    expect(refund.gatewayReference).toMatch(/^9\d{22}$/);

    const rest = await refundPayment(
      db(),
      { paymentId: started.paymentId, reason: "Event cancelled", idempotencyKey: `rest-${started.paymentId}` },
      server().env,
    );
    expect(rest).toMatchObject({ status: "succeeded", amount: o.total - 100_00 });
    expect(await orderOf(o.reference)).toMatchObject({ status: "refunded", refundedMinor: o.total });
    expect(await payment(started.paymentId)).toMatchObject({ status: "refunded", refundedMinor: o.total });
    const refunds = await db().gatewayCall.findMany({
      where: { paymentId: started.paymentId, operation: "order_refund" },
    });
    expect(refunds.map((c) => [c.ok, c.resultCode])).toEqual([
      [true, "SUCCESS"],
      [true, "SUCCESS"],
    ]);
  });
});
