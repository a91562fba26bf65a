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

type SimNotification = { url: string; body: string; contentType: string; headers?: Record<string, string> };

const HASH = "lango-simulator-verif-hash";

describeEachDatabase("Flutterwave over HTTP against its simulator", (database) => {
  const { db, server, sim, payment, settled, callbackLogs: logs } = paymentsApp(database);
  let eventIds: { kampala: string; nairobi: string };
  let nextPrice = 1;

  /** An order with its own ticket type: Kampala in UGX (no minor unit) unless Nairobi is asked for. */
  const order = async (
    opts: { city?: "kampala" | "nairobi"; capacity?: number; quantity?: number; at?: Date } = {},
  ) => {
    const city = opts.city ?? "kampala";
    const price = city === "kampala" ? 40_000 + nextPrice++ * 1_000 : 1_000_00 + nextPrice++ * 100;
    const slug = city === "kampala" ? "kampala-music-festival" : "nairobi-tech-summit";
    const type = await db().ticketType.create({
      data: {
        eventId: eventIds[city],
        name: `F${price}`,
        priceMinor: price,
        currency: city === "kampala" ? "UGX" : "KES",
        capacity: opts.capacity ?? 50,
        maxPerOrder: 10,
      },
    });
    const quantity = opts.quantity ?? 2;
    const phone = city === "kampala" ? "0772 123 456" : buyer.phone;
    const created = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: slug,
        items: [{ ticketTypeId: type.id, quantity }],
        buyer: { ...buyer, phone },
      }),
      opts.at,
    );
    return { ...created, type };
  };
  const pay = async (reference: string, method?: string) => {
    const started = await startPayment(
      db(),
      { reference, gateway: "flutterwave", ...(method && { method }) },
      server().env,
    );
    expect(started).toMatchObject({
      status: "pending",
      nextAction: { type: "redirect", url: expect.stringContaining("/sim/flutterwave/v3/hosted/pay/") },
    });
    return { ...started, link: (started.nextAction as { url: string }).url };
  };
  /** The payer's press on the hosted page; returns where Flutterwave sends the browser. */
  const choose = async (link: string, outcome: string, extra: Record<string, string> = {}) => {
    const res = await fetch(link, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ outcome, ...extra }),
    });
    expect(res.status).toBe(303);
    return res.headers.get("location")!;
  };
  /** The browser arriving back at /pay/return/flutterwave; returns where the app sends it. */
  const comeBack = async (location: string) => (await fetch(location, { redirect: "manual" })).headers.get("location")!;
  const orderStatus = async (reference: string) =>
    (await db().order.findUniqueOrThrow({ where: { reference } })).status;
  const webhook = (body: unknown, hash: string | null = HASH) =>
    fetch(`${server().url}/api/callbacks/flutterwave`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(hash !== null && { "verif-hash": hash }) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
  const charge = (txRef: string, amount: number, currency: string, status = "successful", id = 900_000_001) => ({
    event: "charge.completed",
    data: {
      id,
      tx_ref: txRef,
      flw_ref: "FLW-MOCK-forged",
      amount,
      currency,
      charged_amount: amount,
      status,
      payment_type: "card",
    },
  });

  beforeAll(async () => {
    const events = await db().event.findMany({
      where: { slug: { in: ["kampala-music-festival", "nairobi-tech-summit"] } },
    });
    eventIds = {
      kampala: events.find((e) => e.slug === "kampala-music-festival")!.id,
      nairobi: events.find((e) => e.slug === "nairobi-tech-summit")!.id,
    };
  });

  it("UGX by mobile money: hosted page → return confirmed by verify → paid, seats sold, one webhook applied or seen as done", async () => {
    const o = await order();
    const started = await pay(o.reference, "mobilemoneyuganda");
    const page = await (await fetch(started.link)).text();
    expect(page).toContain(`UGX ${o.total.toLocaleString("en-US")}`);
    expect(page).toContain("Pay with Uganda Mobile Money");
    expect(page).not.toContain("Pay with Card"); // narrowed to the buyer's pick

    const back = await choose(started.link, "pay:mobilemoneyuganda", { phone: "256772123456" });
    expect(back).toContain(
      `/pay/return/flutterwave?payment=${started.paymentId}&status=successful&tx_ref=${started.paymentId}&transaction_id=`,
    );
    expect(await comeBack(back)).toContain(`/orders/${o.reference}?payment=${started.paymentId}`);
    const p = await settled(started.paymentId);
    expect(p).toMatchObject({
      status: "succeeded",
      amountMinor: o.total,
      currency: "UGX",
      gatewayReference: started.paymentId,
      gatewayReceipt: new URL(back).searchParams.get("transaction_id"),
    });
    expect(await orderStatus(o.reference)).toBe("paid");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
    expect(await db().ticket.count({ where: { orderId: p.orderId } })).toBe(2);
    // The webhook raced the return: whichever came second changed nothing.
    const entries = await logs(p.id);
    expect(entries).toEqual([
      expect.objectContaining({
        kind: "notification",
        verified: true,
        outcome: expect.stringMatching(/^(applied|no_change)$/),
      }),
    ]);
    const calls = await db().gatewayCall.findMany({ where: { paymentId: p.id } });
    // The return and the webhook name the transaction: it is verified by id, as Flutterwave asks.
    expect(calls.map((c) => c.operation)).toEqual(expect.arrayContaining(["payments", "verify"]));
    expect(JSON.stringify(calls)).not.toContain("FLWSECK_TEST");
  });

  it("20 concurrent copies of one webhook fulfil the order once", async () => {
    await sim("faults", { gateway: "flutterwave", fault: "drop_callbacks" });
    const o = await order({ city: "nairobi" });
    const started = await pay(o.reference);
    await choose(started.link, "pay:card");
    const [note] = ((await sim("notifications?gateway=flutterwave")) as SimNotification[]).slice(-1);
    expect(note.headers).toEqual({ "verif-hash": HASH });
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(note.url, {
          method: "POST",
          headers: { "content-type": note.contentType, ...note.headers },
          body: note.body,
        }).then((r) => r.status),
      ),
    );
    expect(statuses).toEqual(Array(20).fill(200));
    expect((await payment(started.paymentId)).status).toBe("succeeded");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
    const entries = await db().callbackLog.findMany({ where: { paymentId: started.paymentId } });
    expect(entries).toHaveLength(20);
    expect(entries.filter((l) => l.outcome === "applied")).toHaveLength(1);
    expect(entries.filter((l) => l.duplicate || l.outcome === "no_change")).toHaveLength(19);
    const paid = await db().order.findUniqueOrThrow({
      where: { reference: o.reference },
      include: { tickets: true, emails: true },
    });
    expect(paid.tickets).toHaveLength(2);
    expect(paid.emails.map((e) => e.kind)).toEqual(["order_confirmation"]);
  });

  it("forged webhooks change nothing: no hash, a wrong hash, a success verify contradicts, an unknown payment, a wrong amount", async () => {
    const o = await order();
    const started = await pay(o.reference);
    const id = started.paymentId;

    expect((await webhook(charge(id, o.total, "UGX"), null)).status).toBe(401);
    expect((await webhook(charge(id, o.total, "UGX"), "not-the-hash")).status).toBe(401);
    // With the right hash but before anything was paid: verify finds no transaction, so nothing changes.
    expect((await webhook(charge(id, o.total, "UGX"))).status).toBe(200);
    // The legacy flat shape is read too, and confirmed the same way.
    expect(
      (
        await webhook({
          id: 900_000_002,
          txRef: id,
          flwRef: "FLW-MOCK-x",
          amount: o.total,
          currency: "UGX",
          status: "successful",
          "event.type": "CARD_TRANSACTION",
        })
      ).status,
    ).toBe(200);
    expect((await webhook(charge("cm-no-such-payment", o.total, "UGX"))).status).toBe(401);
    expect((await webhook(charge(id, o.total - 1_000, "UGX", "successful", 900_000_003))).status).toBe(200);
    expect((await webhook(charge(id, o.total, "KES", "successful", 900_000_004))).status).toBe(200);

    expect((await payment(id)).status).toBe("pending");
    expect(await orderStatus(o.reference)).toBe("pending");
    const outcomes = (
      await db().callbackLog.findMany({
        where: { gateway: "flutterwave", receivedAt: { gte: (await payment(id)).createdAt } },
        orderBy: { receivedAt: "asc" },
      })
    ).map(outcomeText);
    expect(outcomes).toEqual([
      "rejected: missing verif-hash header",
      "rejected: verif-hash does not match the secret hash",
      expect.stringMatching(/^not applied: the gateway says the payment is still pending \(claimed succeeded\)/),
      expect.stringMatching(/^not applied: the gateway says the payment is still pending/),
      "rejected: no such payment",
      expect.stringMatching(/^refused: the notification claims a different amount/),
      expect.stringMatching(/^refused: the notification claims a different amount/),
    ]);

    // The genuine payment still goes through afterwards: no forged copy took its dedupe key.
    await choose(started.link, "pay:card");
    expect((await settled(id)).status).toBe("succeeded");
    expect(await orderStatus(o.reference)).toBe("paid");
  });

  it("a return for another payment's tx_ref, or a 'successful' typed into the URL, settles nothing", async () => {
    const a = await order();
    const pa = await pay(a.reference);
    const b = await order();
    const pb = await pay(b.reference);
    const forgedReturn = `${server().url}/pay/return/flutterwave?payment=${pa.paymentId}&status=successful&tx_ref=${pb.paymentId}&transaction_id=123456789`;
    expect(await comeBack(forgedReturn)).toContain(`/orders/${a.reference}`);
    const typed = `${server().url}/pay/return/flutterwave?payment=${pa.paymentId}&status=successful&tx_ref=${pa.paymentId}&transaction_id=123456789`;
    expect(await comeBack(typed)).toContain(`/orders/${a.reference}?payment=${pa.paymentId}`);
    expect((await payment(pa.paymentId)).status).toBe("pending");
    expect((await payment(pb.paymentId)).status).toBe("pending");

    // B pays for real; a return for A that names B's genuine transaction confirms nothing for A.
    const backB = await choose(pb.link, "pay:card");
    await comeBack(backB);
    expect((await settled(pb.paymentId)).status).toBe("succeeded");
    const stolen = `${server().url}/pay/return/flutterwave?payment=${pa.paymentId}&status=successful&tx_ref=${pa.paymentId}&transaction_id=${new URL(backB).searchParams.get("transaction_id")}`;
    await comeBack(stolen);
    expect((await payment(pa.paymentId)).status).toBe("pending");
    expect(await orderStatus(a.reference)).toBe("pending");

    // Anyone holding C's payment id "cancels" it with a return naming B's transaction: Flutterwave was never
    // asked about C, so the buyer still on the hosted page keeps their attempt.
    const c = await order();
    const pc = await pay(c.reference);
    const cancelled = `${server().url}/pay/return/flutterwave?payment=${pc.paymentId}&status=cancelled&tx_ref=${pc.paymentId}&transaction_id=${new URL(backB).searchParams.get("transaction_id")}`;
    expect(await comeBack(cancelled)).toContain(`/orders/${c.reference}?payment=${pc.paymentId}`);
    expect((await payment(pc.paymentId)).status).toBe("pending");
  });

  it("a return URL opened over and over asks Flutterwave at most twice in a few seconds", async () => {
    const o = await order();
    const started = await pay(o.reference);
    const typed = `${server().url}/pay/return/flutterwave?payment=${started.paymentId}&status=successful&tx_ref=${started.paymentId}`;
    for (let i = 0; i < 6; i++) await comeBack(typed);
    const asked = () =>
      db().gatewayCall.count({
        where: { paymentId: started.paymentId, operation: { in: ["verify", "verify_by_reference"] } },
      });
    expect(await until(asked, (n) => n >= 2)).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await asked()).toBe(2);
    // The buyer's own way back still works: paid on the page, the return settles it once the window passed.
    const back = await choose(started.link, "pay:card");
    await new Promise((r) => setTimeout(r, 3_000));
    await comeBack(back);
    expect((await payment(started.paymentId)).status).toBe("succeeded");
  });

  it("a failed charge says why, and a new attempt on the same order pays", async () => {
    const o = await order();
    const first = await pay(o.reference);
    await comeBack(await choose(first.link, "fail:insufficient"));
    expect(await settled(first.paymentId)).toMatchObject({
      status: "failed",
      failureCode: "failed: Insufficient funds",
      failureReason: expect.stringMatching(/enough money/),
    });
    expect(await orderStatus(o.reference)).toBe("pending");

    const second = await pay(o.reference);
    await comeBack(await choose(second.link, "fail:declined"));
    expect(await settled(second.paymentId)).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/declined on your phone/),
    });

    const third = await pay(o.reference);
    await comeBack(await choose(third.link, "pay:card"));
    expect((await settled(third.paymentId)).status).toBe("succeeded");
    expect(await orderStatus(o.reference)).toBe("paid");
  });

  it("pentest 12.14: a declined card payment is worded for a card, a declined mobile-money one for the phone", async () => {
    const o = await order();
    const card = await pay(o.reference, "card");
    await comeBack(await choose(card.link, "fail:declined"));
    const cardFailure = (await settled(card.paymentId)).failureReason;
    expect(cardFailure).toMatch(/^The card payment was declined\./);
    expect(cardFailure).not.toMatch(/phone/);

    const phone = await pay(o.reference, "mobilemoneyuganda");
    await comeBack(await choose(phone.link, "fail:declined"));
    expect((await settled(phone.paymentId)).failureReason).toMatch(/declined on your phone/);
  });

  it("a cancel on the hosted page shows the attempt cancelled, unpaid, and the order payable", async () => {
    const o = await order();
    const first = await pay(o.reference);
    const back = await choose(first.link, "cancel");
    expect(back).toContain("status=cancelled");
    await comeBack(back);
    // Flutterwave, asked, has nothing paid: the buyer sees "cancelled", not "finish paying on Flutterwave".
    expect(await payment(first.paymentId)).toMatchObject({
      status: "cancelled",
      failureReason: expect.stringMatching(/^You cancelled on Flutterwave's page\. Nothing was taken/),
    });
    expect(await orderStatus(o.reference)).toBe("pending");
    const second = await pay(o.reference);
    await comeBack(await choose(second.link, "pay:card"));
    expect((await settled(second.paymentId)).status).toBe("succeeded");
  });

  it("with webhooks dropped and no return, the status query settles the payment", async () => {
    await sim("faults", { gateway: "flutterwave", fault: "drop_callbacks" });
    const o = await order();
    const started = await pay(o.reference);
    await choose(started.link, "pay:card");
    expect((await payment(started.paymentId)).status).toBe("pending");
    expect(await syncPayment(db(), started.paymentId, server().env)).toMatchObject({
      changed: true,
      status: "succeeded",
      settle: "paid",
    });
    expect(await orderStatus(o.reference)).toBe("paid");
  });

  it("late success: accepted while capacity remains, refunded automatically when it is gone", async () => {
    // With capacity left: the hold ran out while the buyer was still on the hosted page.
    const a = await order({ at: new Date(Date.now() - 14 * 60_000) });
    const pa = await pay(a.reference);
    await db().order.update({ where: { reference: a.reference }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reconcile(db(), server().env);
    expect(await orderStatus(a.reference)).toBe("expired");
    await comeBack(await choose(pa.link, "pay:card"));
    expect((await settled(pa.paymentId)).status).toBe("succeeded");
    expect(await orderStatus(a.reference)).toBe("paid");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: a.type.id } })).toMatchObject({ sold: 2, held: 0 });

    // Without: someone else bought the seats meanwhile; the money goes back through Flutterwave's refund.
    const b = await order({ capacity: 2 });
    const pb = await pay(b.reference);
    await db().order.update({ where: { reference: b.reference }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await reconcile(db(), server().env);
    await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: "kampala-music-festival",
        items: [{ ticketTypeId: b.type.id, quantity: 2 }],
        buyer,
      }),
    );
    await comeBack(await choose(pb.link, "pay:mobilemoneyuganda"));
    // Succeeded, and possibly refunded already: the automatic refund follows at once.
    expect(["succeeded", "refunded"]).toContain((await settled(pb.paymentId)).status);
    expect(await orderStatus(b.reference)).toBe("expired");
    const refund = await until(
      () => db().refund.findFirst({ where: { paymentId: pb.paymentId } }),
      (r) => r?.status === "succeeded",
    );
    expect(refund).toMatchObject({
      status: "succeeded",
      amountMinor: b.total,
      gatewayReference: expect.stringMatching(/^\d+$/),
    });
    expect((await payment(pb.paymentId)).status).toBe("refunded");
  });

  it("refunds in part, then the rest, idempotently; Flutterwave refuses more than was paid", async () => {
    const o = await order({ city: "nairobi" });
    const started = await pay(o.reference);
    await comeBack(await choose(started.link, "pay:mpesa"));
    const p = await settled(started.paymentId);
    expect(p.status).toBe("succeeded");

    const part = await refundPayment(
      db(),
      { paymentId: p.id, amountMinor: 300_00, reason: "One ticket returned", idempotencyKey: `part:${p.id}` },
      server().env,
    );
    expect(part).toMatchObject({ status: "succeeded", amount: 300_00, currency: "KES" });
    expect(
      await refundPayment(
        db(),
        { paymentId: p.id, amountMinor: 300_00, reason: "One ticket returned", idempotencyKey: `part:${p.id}` },
        server().env,
      ),
    ).toEqual(part);
    expect(await db().order.findUniqueOrThrow({ where: { reference: o.reference } })).toMatchObject({
      status: "partially_refunded",
      refundedMinor: 300_00,
    });

    const rest = await refundPayment(
      db(),
      { paymentId: p.id, reason: "Event cancelled", idempotencyKey: `rest:${p.id}` },
      server().env,
    );
    expect(rest).toMatchObject({ status: "succeeded", amount: o.total - 300_00 });
    expect(await db().order.findUniqueOrThrow({ where: { reference: o.reference } })).toMatchObject({
      status: "refunded",
      refundedMinor: o.total,
    });
    expect((await payment(p.id)).status).toBe("refunded");

    // What Flutterwave recorded: two refunds on the one transaction, adding up to the payment.
    const verify = await fetch(`${server().url}/sim/flutterwave/v3/transactions/${p.gatewayReceipt}/verify`, {
      headers: { authorization: "Bearer FLWSECK_TEST-4c1f2b7e9d3a45f6b8e0c2d4a6f8b1e3-X" },
    }).then((r) => r.json());
    expect(verify.data).toMatchObject({ tx_ref: p.id, status: "successful" });
    const calls = await db().gatewayCall.findMany({
      where: { paymentId: p.id, operation: "refund" },
      orderBy: { createdAt: "asc" },
    });
    expect(calls.map((c) => JSON.parse(c.request!).amount)).toEqual([300, (o.total - 300_00) / 100]);

    // A refund Flutterwave refuses is recorded as failed, with its reason, and changes nothing.
    const o2 = await order({ city: "nairobi" });
    const s2 = await pay(o2.reference);
    await comeBack(await choose(s2.link, "pay:card"));
    const p2 = await settled(s2.paymentId);
    await db().payment.update({ where: { id: p2.id }, data: { amountMinor: p2.amountMinor + 100 } }); // our record says more than Flutterwave took
    const over = await refundPayment(
      db(),
      { paymentId: p2.id, reason: "Over", idempotencyKey: `over:${p2.id}` },
      server().env,
    );
    expect(over).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(
        /^Flutterwave refused the refund: Refund amount cannot be more than the refundable balance/,
      ),
    });
    expect((await payment(p2.id)).refundedMinor).toBe(0);
  });
});
