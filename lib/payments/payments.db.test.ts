import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST as postPayment } from "@/app/api/orders/[reference]/payments/route";
import { createOrder } from "@/lib/orders/create-order";
import { releaseHold } from "@/lib/orders/holds";
import { createOrderSchema } from "@/lib/orders/schemas";
import { describeEachDatabase } from "@/test/db";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { buyer } from "@/test/fixtures";
import { paymentsApp, until } from "@/test/payments-kit";
import { ticketCodes } from "@/lib/tickets/codes";
import { applyPaymentResult } from "./apply-result";
import { reconcile } from "./reconciler";
import { gatewayById, notificationUrl } from "./registry";
import { startPayment } from "./start-payment";
import { syncPayment } from "./sync-payment";
import { outcomeText } from "@/lib/admin/callback-outcomes";

describeEachDatabase("payments over HTTP against the simulators", (database) => {
  checkStockAfterEach(() => database().prisma);
  const { db, server, demo, sim, payment, settled } = paymentsApp(database);
  const promptFor = async (amount: number) => {
    const prompts = await until(
      () => sim("prompts") as Promise<{ id: string; amount: number }[]>,
      (p) => p.some((x) => x.amount === amount),
    );
    return prompts.find((x) => x.amount === amount)!;
  };
  let nextAmount = 1;
  /** A Nairobi order with its own price, so each test's prompt is told apart by amount. */
  const order = async (opts: { capacity?: number; quantity?: number; at?: Date } = {}) => {
    const price = 100_00 + nextAmount++ * 100;
    const type = await db().ticketType.create({
      data: {
        eventId: demo().nairobi.regular.eventId,
        name: `T${price}`,
        priceMinor: price,
        currency: "KES",
        capacity: opts.capacity ?? 50,
        maxPerOrder: 10,
      },
    });
    const quantity = opts.quantity ?? 2;
    const created = await createOrder(
      db(),
      createOrderSchema.parse({ eventSlug: demo().nairobi.slug, items: [{ ticketTypeId: type.id, quantity }], buyer }),
      opts.at,
    );
    return { ...created, type, amountKes: (price * quantity) / 100 };
  };
  const pay = (reference: string, gateway = "daraja", extra: { phone?: string; method?: string } = {}) =>
    startPayment(db(), { reference, gateway, ...extra }, server().env);

  it("M-Pesa: approve on the phone → callback confirmed by STK query → order paid, seats sold", async () => {
    const o = await order();
    const started = await pay(o.reference);
    expect(started).toMatchObject({
      status: "pending",
      nextAction: { type: "await_customer", message: expect.stringMatching(/PIN/), pollAfterMs: expect.any(Number) },
    });
    const prompt = await promptFor(o.amountKes);
    await sim(`prompts/${prompt.id}`, { outcome: "approve" });
    const p = await settled(started.paymentId);
    expect(p).toMatchObject({ status: "succeeded", gatewayReceipt: expect.any(String) });
    const stored = await db().order.findUniqueOrThrow({ where: { reference: o.reference } });
    expect(stored).toMatchObject({ status: "paid", receiptNumber: expect.stringMatching(/^LR-\d{4}-\d{6}$/) });
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
    // The log's outcome is written just after the payment is applied: wait for it.
    const logs = await until(
      () => db().callbackLog.findMany({ where: { paymentId: p.id } }),
      (l) => l.every((x) => x.outcome !== "received"),
    );
    expect(logs).toEqual([
      expect.objectContaining({
        kind: "stk",
        verified: true,
        outcome: "applied",
        detail: expect.stringMatching(/^payment succeeded, order paid/),
      }),
    ]);
  });

  it("20 concurrent copies of one success callback fulfil the order once", async () => {
    await sim("faults", { gateway: "daraja", fault: "drop_callbacks" });
    const o = await order();
    const started = await pay(o.reference);
    await sim(`prompts/${(await promptFor(o.amountKes)).id}`, { outcome: "approve" });
    const [note] = (
      await until(
        () => sim("notifications?gateway=daraja") as Promise<{ url: string; body: string }[]>,
        (n) => n.length > 0,
      )
    ).slice(-1);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(note.url, { method: "POST", headers: { "content-type": "application/json" }, body: note.body }).then(
          (r) => r.status,
        ),
      ),
    );
    expect(statuses).toEqual(Array(20).fill(200));
    expect((await payment(started.paymentId)).status).toBe("succeeded");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
    const logs = await db().callbackLog.findMany({ where: { paymentId: started.paymentId } });
    expect(logs).toHaveLength(20);
    expect(logs.filter((l) => l.outcome === "applied")).toHaveLength(1);
    expect(logs.filter((l) => l.duplicate).length + logs.filter((l) => l.outcome === "no_change").length).toBe(19);
    // One set of tickets and one confirmation e-mail, holding each ticket's QR image and code.
    const paid = await db().order.findUniqueOrThrow({
      where: { reference: o.reference },
      include: { tickets: true, emails: true },
    });
    expect(paid.tickets).toHaveLength(2);
    expect(paid.emails.map((e) => e.kind)).toEqual(["order_confirmation"]);
    const codes = await ticketCodes(db(), paid.tickets);
    for (const t of paid.tickets) {
      expect(paid.emails[0].html).toContain(`/tickets/${paid.accessToken}/qr/${t.id}.png`);
      expect(paid.emails[0].text).toContain(codes.get(t.id)!);
    }
  });

  it("refuses a callback for an unknown payment, and a forged or wrong-amount success, changing nothing", async () => {
    const o = await order();
    const started = await pay(o.reference);
    const p = await payment(started.paymentId);
    const url = notificationUrl(gatewayById("daraja", server().env), server().url);
    const success = (checkoutId: string, amount: number) =>
      JSON.stringify({
        Body: {
          stkCallback: {
            MerchantRequestID: "1",
            CheckoutRequestID: checkoutId,
            ResultCode: 0,
            ResultDesc: "ok",
            CallbackMetadata: {
              Item: [
                { Name: "Amount", Value: amount },
                { Name: "MpesaReceiptNumber", Value: "FORGED1234" },
                { Name: "PhoneNumber", Value: 254712345678 },
              ],
            },
          },
        },
      });
    const post = (body: string, to = url) =>
      fetch(to, { method: "POST", headers: { "content-type": "application/json" }, body });

    expect((await post(success("ws_CO_unknown", o.amountKes))).status).toBe(403);
    // Forged success while the phone prompt is still open: the STK query says "being processed".
    expect((await post(success(p.gatewayReference!, o.amountKes))).status).toBe(200);
    // A wrong amount for the real checkout id.
    expect((await post(success(p.gatewayReference!, o.amountKes - 1))).status).toBe(200);
    // No token, or a wrong one: rejected before anything is read.
    expect(
      (await post(success(p.gatewayReference!, o.amountKes), `${server().url}/api/callbacks/daraja/stk`)).status,
    ).toBe(401);
    expect(
      (await post(success(p.gatewayReference!, o.amountKes), `${server().url}/api/callbacks/daraja/stk?token=wrong`))
        .status,
    ).toBe(403);

    expect((await payment(p.id)).status).toBe("pending");
    expect((await db().order.findUniqueOrThrow({ where: { reference: o.reference } })).status).toBe("pending");
    const outcomes = (
      await db().callbackLog.findMany({ orderBy: { receivedAt: "asc" }, where: { receivedAt: { gte: p.createdAt } } })
    ).map(outcomeText);
    expect(outcomes).toEqual([
      "rejected: no such payment",
      expect.stringMatching(/^not applied: the gateway says the payment is still pending/),
      expect.stringMatching(/^refused: the notification claims a different amount/),
      expect.stringMatching(/^rejected/),
      expect.stringMatching(/^rejected/),
    ]);

    // The genuine callback still goes through afterwards: the forged one did not take its dedupe key.
    await sim(`prompts/${(await promptFor(o.amountKes)).id}`, { outcome: "approve" });
    expect((await settled(p.id)).status).toBe("succeeded");
    expect((await payment(p.id)).gatewayReceipt).not.toBe("FORGED1234");
  });

  it("a declined prompt reports why, and the order can be paid in a new attempt", async () => {
    const o = await order();
    const first = await pay(o.reference);
    await sim(`prompts/${(await promptFor(o.amountKes)).id}`, { outcome: "decline" });
    expect(await settled(first.paymentId)).toMatchObject({
      status: "cancelled",
      failureReason: expect.stringMatching(/cancel/i),
    });
    const second = await pay(o.reference);
    await sim(`prompts/${(await promptFor(o.amountKes)).id}`, { outcome: "insufficient_funds" });
    expect(await settled(second.paymentId)).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/balance|funds/i),
    });
    const third = await pay(o.reference);
    await sim(`prompts/${(await promptFor(o.amountKes)).id}`, { outcome: "approve" });
    expect((await settled(third.paymentId)).status).toBe("succeeded");
    expect((await db().order.findUniqueOrThrow({ where: { reference: o.reference } })).status).toBe("paid");
  });

  describe("pentest 12.13: one open push prompt per order", () => {
    /** POST /api/orders/{reference}/payments through the route itself, as the payment panel sends it. */
    const startThroughRoute = async (reference: string, phone: string) => {
      const req = new Request(`${server().url}/api/orders/${reference}/payments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ gateway: "daraja", phone }),
      });
      const res = await postPayment(req, { params: Promise.resolve({ reference }) });
      return {
        status: res.status,
        body: (await res.json()) as {
          paymentId?: string;
          error?: { code: string; message: string; paymentId?: string };
        },
      };
    };
    const appUrl = process.env.APP_URL;
    beforeEach(() => {
      // The route reads the app's URL (where the gateway calls back) from the environment.
      process.env.APP_URL = server().url;
    });
    afterEach(() => {
      if (appUrl === undefined) delete process.env.APP_URL;
      else process.env.APP_URL = appUrl;
    });

    it("8 concurrent starts with 8 phones ring one phone; the rest get 409 naming the open payment", async () => {
      const o = await order();
      const phones = Array.from({ length: 8 }, (_, i) => `07${String(12_345_670 + i)}`);
      const answers = await Promise.all(phones.map((phone) => startThroughRoute(o.reference, phone)));
      const started = answers.filter((a) => a.status === 201);
      const refused = answers.filter((a) => a.status === 409);
      expect(started).toHaveLength(1);
      expect(refused).toHaveLength(7);
      const openId = started[0].body.paymentId!;
      for (const r of refused) {
        expect(r.body.error).toMatchObject({
          code: "payment_in_progress",
          paymentId: openId,
          message: expect.stringMatching(/already waiting on a phone/),
        });
      }
      await new Promise((r) => setTimeout(r, 200));
      const prompts = (await sim("prompts")) as { gateway: string; amount: number }[];
      expect(prompts.filter((p) => p.gateway === "daraja" && p.amount === o.amountKes)).toHaveLength(1);
      expect(await db().payment.count({ where: { order: { reference: o.reference } } })).toBe(1);
    });

    it("a new prompt may start once the open one is declined, or once its window has passed", async () => {
      const o = await order();
      const first = await pay(o.reference);
      await expect(pay(o.reference, "daraja", { phone: "0712345678" })).rejects.toMatchObject({
        code: "payment_in_progress",
        status: 409,
      });
      await sim(`prompts/${(await promptFor(o.amountKes)).id}`, { outcome: "decline" });
      expect((await settled(first.paymentId)).status).toBe("cancelled");

      const second = await pay(o.reference, "daraja", { phone: "0712345678" });
      expect(second.status).toBe("pending");
      // The buyer never saw the prompt; once its window is over they may be prompted again.
      await db().payment.update({ where: { id: second.paymentId }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const third = await pay(o.reference, "daraja", { phone: "0712345679" });
      expect(third).toMatchObject({ status: "pending", nextAction: { type: "await_customer" } });
    });

    it("a prompt that closed on the phone without a word reaching us does not block a new one: M-Pesa is asked first", async () => {
      await sim("faults", { gateway: "daraja", fault: "drop_callbacks" });
      const o = await order();
      const first = await pay(o.reference);
      await sim(`prompts/${(await promptFor(o.amountKes)).id}`, { outcome: "timeout" });
      await new Promise((r) => setTimeout(r, 300));
      expect((await payment(first.paymentId)).status).toBe("pending");
      // Inside the first attempt's window, yet the buyer gets a new prompt: the status query settled the old one.
      const second = await pay(o.reference, "daraja", { phone: "0712345678" });
      expect(second).toMatchObject({ status: "pending", nextAction: { type: "await_customer" } });
      expect((await payment(first.paymentId)).status).not.toBe("pending");
    });

    it("a redirect gateway is not held back by an open prompt", async () => {
      const o = await order();
      await pay(o.reference);
      expect((await pay(o.reference, "dpo")).status).toBe("pending");
    });
  });

  it("with callbacks dropped, the payment completes by status query", async () => {
    await sim("faults", { gateway: "daraja", fault: "drop_callbacks" });
    const o = await order();
    const started = await pay(o.reference);
    await sim(`prompts/${(await promptFor(o.amountKes)).id}`, { outcome: "approve" });
    await new Promise((r) => setTimeout(r, 300));
    expect((await payment(started.paymentId)).status).toBe("pending");
    const outcome = await syncPayment(db(), started.paymentId, server().env);
    expect(outcome).toMatchObject({ changed: true, status: "succeeded", settle: "paid" });
    expect((await db().order.findUniqueOrThrow({ where: { reference: o.reference } })).status).toBe("paid");
  });

  it("late success: accepted while capacity remains, refunded automatically when it is gone", async () => {
    const past = new Date(Date.now() - 14 * 60_000 - 50_000);
    // With capacity left.
    const a = await order({ at: past });
    const pa = await pay(a.reference);
    await db().order.update({ where: { reference: a.reference }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reconcile(db(), server().env);
    expect((await db().order.findUniqueOrThrow({ where: { reference: a.reference } })).status).toBe("expired");
    await sim(`prompts/${(await promptFor(a.amountKes)).id}`, { outcome: "approve" });
    expect((await settled(pa.paymentId)).status).toBe("succeeded");
    expect((await db().order.findUniqueOrThrow({ where: { reference: a.reference } })).status).toBe("paid");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: a.type.id } })).toMatchObject({ sold: 2, held: 0 });

    // Without: someone else bought the seats after the hold ran out.
    const b = await order({ capacity: 2 });
    const pb = await pay(b.reference);
    await db().order.update({ where: { reference: b.reference }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reconcile(db(), server().env);
    await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: demo().nairobi.slug,
        items: [{ ticketTypeId: b.type.id, quantity: 2 }],
        buyer,
      }),
    );
    await sim(`prompts/${(await promptFor(b.amountKes)).id}`, { outcome: "approve" });
    const paidLate = await settled(pb.paymentId);
    expect(["succeeded", "refunded"]).toContain(paidLate.status);
    expect((await db().order.findUniqueOrThrow({ where: { reference: b.reference } })).status).toBe("expired");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: b.type.id } })).toMatchObject({ sold: 0, held: 2 });
    const refund = await until(
      () => db().refund.findFirst({ where: { paymentId: pb.paymentId } }),
      (r) => r?.status === "succeeded",
    );
    expect(refund).toMatchObject({ status: "succeeded", amountMinor: b.total });
    expect((await payment(pb.paymentId)).status).toBe("refunded");
    expect(await db().emailOutbox.count({ where: { kind: "late_payment_refund", orderId: paidLate.orderId } })).toBe(1);
  });

  it("a prompt approved after we gave up on it is still money: recorded, and the order takes it late", async () => {
    const g = await order();
    const pg = await pay(g.reference);
    // We stopped waiting (the order's hold ran out and the attempt was written off)…
    await db().order.update({ where: { reference: g.reference }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reconcile(db(), server().env);
    await applyPaymentResult(db(), pg.paymentId, {
      status: "expired",
      failure: { gatewayCode: "expired", message: "No answer from the phone." },
    });
    expect((await payment(pg.paymentId)).status).toBe("expired");
    // …but the buyer approves the prompt still on their phone, and M-Pesa confirms it.
    await sim(`prompts/${(await promptFor(g.amountKes)).id}`, { outcome: "approve" });
    const p = await until(
      () => payment(pg.paymentId),
      (x) => x.status === "succeeded",
    );
    expect(p).toMatchObject({ status: "succeeded", failureReason: null, gatewayReceipt: expect.any(String) });
    expect(await db().order.findUniqueOrThrow({ where: { reference: g.reference } })).toMatchObject({ status: "paid" });
    expect(await db().ticket.count({ where: { orderId: p.orderId } })).toBe(2);
    // A forged "success" for a written-off attempt the gateway never saw paid changes nothing.
    const h = await order();
    const ph = await pay(h.reference);
    await applyPaymentResult(db(), ph.paymentId, {
      status: "failed",
      failure: { gatewayCode: "x", message: "Declined." },
    });
    const checkout = (await payment(ph.paymentId)).gatewayReference!;
    const forged = {
      Body: {
        stkCallback: {
          MerchantRequestID: "1-1-1",
          CheckoutRequestID: checkout,
          ResultCode: 0,
          ResultDesc: "The service request is processed successfully.",
          CallbackMetadata: {
            Item: [
              { Name: "Amount", Value: h.amountKes },
              { Name: "MpesaReceiptNumber", Value: "SIMFORGED1" },
              { Name: "PhoneNumber", Value: 254712345678 },
            ],
          },
        },
      },
    };
    const url = notificationUrl(gatewayById("daraja", server().env), server().url);
    await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(forged) });
    expect((await payment(ph.paymentId)).status).toBe("failed");
    expect((await db().order.findUniqueOrThrow({ where: { reference: h.reference } })).status).toBe("pending");
  });

  it("two payments confirmed at the same moment with one receipt: both settle, the receipt is stored once, nothing fails", async () => {
    const [a, b] = [await order(), await order()];
    const [pa, pb] = [await pay(a.reference), await pay(b.reference)];
    const outcomes = await Promise.all(
      [pa, pb, pa, pb].map((p) =>
        applyPaymentResult(db(), p.paymentId, { status: "succeeded", receipt: "SIMSAME0001" }),
      ),
    );
    expect(outcomes.filter((o) => o.changed)).toHaveLength(2);
    const stored = await db().payment.findMany({ where: { id: { in: [pa.paymentId, pb.paymentId] } } });
    expect(stored.map((p) => p.status)).toEqual(["succeeded", "succeeded"]);
    expect(stored.filter((p) => p.gatewayReceipt === "SIMSAME0001")).toHaveLength(1);
  });

  it("money that arrives for an order the organiser cancelled goes back automatically and does not revive it", async () => {
    const c = await order();
    const pc = await pay(c.reference);
    const orderId = (await db().order.findUniqueOrThrow({ where: { reference: c.reference } })).id;
    // The organiser cancels while the prompt is still on the phone (the gateway could not be stopped).
    await releaseHold(db(), orderId, "cancelled");
    await sim(`prompts/${(await promptFor(c.amountKes)).id}`, { outcome: "approve" });
    // The money arrived (and may already be on its way back).
    expect(["succeeded", "refunded"]).toContain((await settled(pc.paymentId)).status);
    const refund = await until(
      () => db().refund.findFirst({ where: { paymentId: pc.paymentId } }),
      (r) => r?.status === "succeeded",
    );
    expect(refund).toMatchObject({
      status: "succeeded",
      amountMinor: c.total,
      reason: expect.stringMatching(/cancelled/),
    });
    expect(await db().order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
      status: "cancelled",
      receiptNumber: null,
    });
    expect(await db().ticket.count({ where: { orderId: orderId } })).toBe(0);
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: c.type.id } })).toMatchObject({ sold: 0, held: 0 });
    const notice = await db().emailOutbox.findFirstOrThrow({
      where: { kind: "late_payment_refund", orderId: orderId },
    });
    expect(notice.text).toMatch(/after the organiser had cancelled the order/);
  });

  it("DPO: hosted page → return confirmed by verifyToken → paid; a forged push changes nothing", async () => {
    const type = demo().dar.regular;
    const o = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: demo().dar.slug,
        items: [{ ticketTypeId: type.id, quantity: 1 }],
        buyer: { ...buyer, phone: "0754 123 456" },
      }),
    );
    const started = await pay(o.reference, "dpo", { method: "mpesa" });
    expect(started.nextAction).toMatchObject({
      type: "redirect",
      url: expect.stringContaining("/sim/dpo/payv2.php?ID="),
    });
    const pageUrl = (started.nextAction as { url: string }).url;
    const page = await (await fetch(pageUrl)).text();
    expect(page).toMatch(/selected/);

    // A forged push saying "paid" for the real token: DPO's verifyToken says 900, so nothing changes.
    const p = await payment(started.paymentId);
    const forged = `<?xml version="1.0" encoding="utf-8"?><API3G><Result>000</Result><ResultExplanation>Transaction Paid</ResultExplanation><TransactionToken>${p.gatewayReference}</TransactionToken><CompanyRef>${p.id}</CompanyRef></API3G>`;
    const pushRes = await fetch(`${server().url}/api/callbacks/dpo`, {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: forged,
    });
    expect(await pushRes.text()).toBe("OK");
    expect((await payment(p.id)).status).toBe("pending");

    // A push naming this payment's token but another attempt's CompanyRef is no one's: refused before it
    // could take the dedupe key this payment's genuine push will need.
    const other = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: demo().dar.slug,
        items: [{ ticketTypeId: type.id, quantity: 1 }],
        buyer: { ...buyer, phone: "0754 123 457" },
      }),
    );
    const q = await pay(other.reference, "dpo", { method: "mpesa" });
    const crossed = forged.replace(`<CompanyRef>${p.id}</CompanyRef>`, `<CompanyRef>${q.paymentId}</CompanyRef>`);
    await fetch(`${server().url}/api/callbacks/dpo`, {
      method: "POST",
      headers: { "content-type": "application/xml" },
      body: crossed,
    });
    expect(
      await db().callbackLog.findFirst({
        where: { gateway: "dpo", paymentId: q.paymentId },
        orderBy: { receivedAt: "desc" },
      }),
    ).toMatchObject({ outcome: "rejected", detail: "names another payment's gateway reference", dedupeKey: null });
    expect((await payment(q.paymentId)).status).toBe("pending");

    // The buyer pays by mobile money on the hosted page and comes back.
    const res = await fetch(pageUrl, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ outcome: "mobile", mno: "tanzania:mpesa", phone: "255754123456" }),
    });
    const back = res.headers.get("location")!;
    expect(back).toContain(`/pay/return/dpo?payment=${p.id}&`);
    const landed = await fetch(back, { redirect: "manual" });
    expect(landed.headers.get("location")).toContain(`/orders/${o.reference}`);
    expect((await settled(p.id)).status).toBe("succeeded");
    expect((await db().order.findUniqueOrThrow({ where: { reference: o.reference } })).status).toBe("paid");
  });

  it("DPO: when the hold runs out unpaid, the token is cancelled at DPO and the payment expires", async () => {
    const o = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: demo().dar.slug,
        items: [{ ticketTypeId: demo().dar.regular.id, quantity: 1 }],
        buyer: { ...buyer, phone: "0754 123 456" },
      }),
    );
    const started = await pay(o.reference, "dpo");
    const p = await payment(started.paymentId);
    await db().order.update({ where: { reference: o.reference }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await db().payment.update({ where: { id: p.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const report = await reconcile(db(), server().env);
    expect(report).toMatchObject({ holdsReleased: 1, settled: 1 });
    expect(await payment(p.id)).toMatchObject({ status: "expired" });
    const calls = await until(
      () => db().gatewayCall.findMany({ where: { paymentId: p.id }, orderBy: { createdAt: "asc" } }),
      (c) => c.some((x) => x.operation === "cancelToken"),
    );
    expect(calls.map((c) => c.operation)).toContain("cancelToken");
    // The hosted page no longer takes the money.
    const page = await (await fetch((started.nextAction as { url: string }).url)).text();
    expect(page).toMatch(/cancelled/i);
  });
});
