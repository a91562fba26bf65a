import { beforeAll, describe, expect, it } from "vitest";
import { GET as getEvent } from "@/app/api/events/[slug]/route";
import { cancelOrder, markCashPaid, refundOrder, type Actor } from "@/lib/admin/order-actions";
import { adminUser } from "@/lib/admin/testing";
import { createOrder } from "@/lib/orders/create-order";
import { releaseExpiredHolds } from "@/lib/orders/holds";
import { createOrderSchema } from "@/lib/orders/schemas";
import { refundSeatsInTx } from "@/lib/orders/settle";
import { describeEachDatabase } from "@/test/db";
import { paymentsApp, until } from "@/test/payments-kit";
import { checkStockAfterEach, expectStockConsistent } from "@/test/stock-invariants";
import type { DarajaConfig } from "./gateways/daraja/config";
import { reconcile } from "./reconciler";
import { gatewayById } from "./registry";
import { completeRefund, refundPayment, resendUnansweredRefunds, settleRefundByHand } from "./refunds";
import { startPayment } from "./start-payment";

const NAIROBI = "nairobi-tech-summit";
const DAR = "dar-trade-expo";

describeEachDatabase("refunds and stock", (database) => {
  const { db, server, demo, sim, settled } = paymentsApp(database);
  checkStockAfterEach(db);
  let admin: Actor;
  let n = 0;
  const nonce = () => crypto.randomUUID();
  /** A buyer of their own, so no per-buyer limit on unpaid orders is what a test runs into. */
  const someone = () => {
    const i = ++n;
    return {
      name: `Refund Buyer ${i}`,
      email: `refund-${i}.${Date.now()}@example.com`,
      phone: `0712 ${String(400_000 + i * 7919).slice(-6)}`,
    };
  };
  /** Seats of a ticket type as the public event page offers them. */
  const available = async (ticketTypeId: string) => {
    const res = await getEvent(new Request(`http://test/api/events/${NAIROBI}`), {
      params: Promise.resolve({ slug: NAIROBI }),
    });
    const event = (await res.json()) as { ticketTypes: { id: string; available: number }[] };
    return event.ticketTypes.find((t) => t.id === ticketTypeId)!.available;
  };
  const buy = async (ticketTypeId: string, quantity: number, slug = NAIROBI) => {
    const created = await createOrder(
      db(),
      createOrderSchema.parse({ eventSlug: slug, items: [{ ticketTypeId, quantity }], buyer: someone() }),
    );
    return db().order.findUniqueOrThrow({ where: { reference: created.reference } });
  };
  const cash = (reference: string, totalMinor: number) =>
    markCashPaid(
      db(),
      admin,
      { reference, amount: String(totalMinor / 100), receiptNumber: `RB ${++n}${Date.now()}` },
      server().env,
    );
  const tickets = (orderId: string) => db().ticket.findMany({ where: { orderId }, orderBy: { createdAt: "asc" } });
  const refundRow = (id: string) => db().refund.findUniqueOrThrow({ where: { id } });
  /** The refund once its gateway's Result has settled it (or still pending after the wait). */
  const settledRefund = (id: string) =>
    until(
      () => refundRow(id),
      (r) => r.status !== "pending",
    );
  /** An order of `quantity` seats, paid with M-Pesa: the buyer approves the prompt on the simulator's phone. */
  const paidWithMpesa = async (ticketTypeId: string, quantity: number) => {
    const order = await buy(ticketTypeId, quantity);
    const started = await startPayment(db(), { reference: order.reference, gateway: "daraja" }, server().env);
    const prompts = await until(
      () => sim("prompts") as Promise<{ id: string }[]>,
      (p) => p.length > 0,
    );
    await sim(`prompts/${prompts[0].id}`, { outcome: "approve" });
    expect(await settled(started.paymentId)).toMatchObject({ status: "succeeded" });
    return { order, started };
  };

  /** A refund request for one student seat's price of an M-Pesa payment: a partial refund, sent by B2C. */
  const oneSeatBack = (paymentId: string) => ({
    paymentId,
    amountMinor: demo().nairobi.student.priceMinor,
    reason: "One guest cannot come",
    idempotencyKey: nonce(),
  });

  beforeAll(async () => {
    admin = await adminUser(db());
  });

  describe("pentest 12.4: a full refund gives the seats back", () => {
    it("two student tickets paid by M-Pesa and refunded in full are on sale again, however often M-Pesa reports the refund", async () => {
      const student = demo().nairobi.student;
      const before = await available(student.id);
      const { order } = await paidWithMpesa(student.id, 2);
      expect(await available(student.id)).toBe(before - 2);

      // M-Pesa's refund result (a reversal: the whole payment) is caught and delivered five times at once, as a gateway retrying would.
      await sim("faults", { gateway: "daraja", fault: "drop_callbacks" });
      const form = { reference: order.reference, amount: "", reason: "Event clash", nonce: nonce() };
      const refund = await refundOrder(db(), admin, form, server().env);
      expect(refund.refund.status).toBe("pending");
      const [result] = await until(
        async () =>
          ((await sim("notifications?gateway=daraja")) as { kind: string; url: string; body: string }[]).filter((x) =>
            x.kind.endsWith("-result"),
          ),
        (r) => r.length > 0,
      );
      // The whole payment goes back as a reversal of the buyer's M-Pesa transaction, not as a new payout.
      expect(result.kind).toBe("reversal-result");
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          fetch(result.url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: result.body,
          }).then((r) => r.status),
        ),
      );
      expect(answers).toEqual(Array(5).fill(200));
      const stored = await until(
        () => db().refund.findUniqueOrThrow({ where: { id: refund.refund.refundId } }),
        (r) => r.status !== "pending",
      );
      expect(stored.status).toBe("succeeded");
      expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "refunded" });
      expect((await tickets(order.id)).map((t) => t.status)).toEqual(["revoked", "revoked"]);
      expect(await available(student.id)).toBe(before);

      // Everything else that could try again returns nothing more: the same result once more, the same
      // form submitted again, a new refund (nothing left), a cancellation.
      await completeRefund(db(), stored.id);
      expect(await refundOrder(db(), admin, form, server().env)).toMatchObject({
        message: expect.stringMatching(/^This form was already submitted/),
        refund: { refundId: stored.id },
      });
      await expect(refundOrder(db(), admin, { ...form, nonce: nonce() }, server().env)).rejects.toMatchObject({
        code: "order_not_refundable",
        status: 409,
      });
      await expect(cancelOrder(db(), admin, { reference: order.reference }, server().env)).rejects.toMatchObject({
        code: "order_not_cancellable",
      });
      expect(await available(student.id)).toBe(before);
      await expectStockConsistent(db());
    });

    it("a partial refund that takes one seat back returns exactly that seat, and the full refund after it only the rest", async () => {
      const student = demo().nairobi.student;
      const before = await available(student.id);
      const order = await buy(student.id, 2);
      expect((await cash(order.reference, order.totalMinor)).tone).toBe("info");
      const payment = await db().payment.findFirstOrThrow({ where: { orderId: order.id, status: "succeeded" } });
      const [leaving, staying] = await tickets(order.id);

      // One guest cannot come: their ticket's price goes back and their seat with it, in one transaction.
      await refundPayment(
        db(),
        {
          paymentId: payment.id,
          amountMinor: student.priceMinor,
          reason: "One guest cannot come",
          idempotencyKey: `seat-${leaving.id}`,
        },
        server().env,
      );
      expect(await db().$transaction((tx) => refundSeatsInTx(tx, order.id, [leaving.id], new Date()))).toBe(1);
      expect(await db().$transaction((tx) => refundSeatsInTx(tx, order.id, [leaving.id], new Date()))).toBe(0);
      expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
        status: "partially_refunded",
      });
      expect((await tickets(order.id)).map((t) => [t.id, t.status])).toEqual([
        [leaving.id, "revoked"],
        [staying.id, "valid"],
      ]);
      expect(await available(student.id)).toBe(before - 1);
      await expectStockConsistent(db());

      // The rest: the one seat still sold comes back, the one already returned does not come back twice.
      await refundOrder(db(), admin, { reference: order.reference, amount: "", nonce: nonce() }, server().env);
      expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "refunded" });
      expect(await available(student.id)).toBe(before);
    });

    it("a refunded booth is free again, and another exhibitor can book it", async () => {
      const booth = await db().booth.findFirstOrThrow({
        where: { event: { slug: DAR }, status: "available" },
        orderBy: { code: "asc" },
      });
      const book = () =>
        createOrder(
          db(),
          createOrderSchema.parse({
            eventSlug: DAR,
            items: [],
            booths: [{ boothId: booth.id, company: `Stand ${++n} Ltd` }],
            buyer: someone(),
          }),
        );
      const first = await db().order.findUniqueOrThrow({ where: { reference: (await book()).reference } });
      expect((await cash(first.reference, first.totalMinor)).tone).toBe("info");
      expect(await db().booth.findUniqueOrThrow({ where: { id: booth.id } })).toMatchObject({
        status: "booked",
        bookedOrderId: first.id,
      });
      await expect(book()).rejects.toMatchObject({ code: "booth_unavailable" });

      const refund = await refundOrder(
        db(),
        admin,
        { reference: first.reference, amount: "", nonce: nonce() },
        server().env,
      );
      expect(refund).toMatchObject({
        refund: { status: "succeeded" },
        message: expect.stringContaining("seats and booths are on sale again"),
      });
      expect(await db().booth.findUniqueOrThrow({ where: { id: booth.id } })).toMatchObject({
        status: "available",
        bookedOrderId: null,
      });
      // Its staff passes stop admitting anyone.
      expect((await tickets(first.id)).every((t) => t.status === "revoked")).toBe(true);

      const second = await db().order.findUniqueOrThrow({ where: { reference: (await book()).reference } });
      expect(await db().booth.findUniqueOrThrow({ where: { id: booth.id } })).toMatchObject({
        status: "held",
        holdOrderId: second.id,
      });
    });

    it("money that arrived after the seats were sold to someone else frees nothing when it goes back", async () => {
      const event = await db().event.findUniqueOrThrow({ where: { slug: NAIROBI } });
      const type = await db().ticketType.create({
        data: {
          eventId: event.id,
          name: `Late ${Date.now()}`,
          priceMinor: 700_00,
          currency: "KES",
          capacity: 2,
          maxPerOrder: 2,
        },
      });
      const late = await buy(type.id, 2);
      await db().order.update({ where: { id: late.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await releaseExpiredHolds(db(), { eventId: event.id });
      const winner = await buy(type.id, 2);
      await cash(winner.reference, winner.totalMinor);

      // The late buyer pays at the desk: nothing is left, so the cash goes straight back.
      expect((await cash(late.reference, late.totalMinor)).tone).toBe("warning");
      expect(await db().ticketType.findUniqueOrThrow({ where: { id: type.id } })).toMatchObject({ sold: 2, held: 0 });
      expect((await tickets(winner.id)).map((t) => t.status)).toEqual(["valid", "valid"]);
    });
  });
  it("part of an M-Pesa payment goes back to the buyer's number once, however often the refund is asked for at once", async () => {
    const student = demo().nairobi.student;
    const { order, started } = await paidWithMpesa(student.id, 2);

    const request = oneSeatBack(started.paymentId);
    const answers = await Promise.all([0, 1, 2].map(() => refundPayment(db(), request, server().env)));
    expect(new Set(answers.map((a) => a.refundId)).size).toBe(1);
    // Sent with B2C to the number that paid, and asked of M-Pesa once: a second request would pay twice.
    expect(answers[0]).toMatchObject({ status: "pending", amount: student.priceMinor });
    const calls = () => db().gatewayCall.count({ where: { paymentId: started.paymentId, operation: "b2c" } });
    expect(await until(calls, (n) => n > 1, 1000)).toBe(1);

    const done = await settledRefund(answers[0].refundId);
    expect(done.status).toBe("succeeded");
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "partially_refunded",
      refundedMinor: student.priceMinor,
    });
    expect((await tickets(order.id)).map((t) => t.status)).toEqual(["valid", "valid"]);
  });
  it("a refund M-Pesa accepted stays pending when recording it fails, so M-Pesa's result still completes it", async () => {
    const student = demo().nairobi.student;
    const { order, started } = await paidWithMpesa(student.id, 2);

    // The database fails once, just after M-Pesa accepted the payout of one ticket's price: that is no answer from M-Pesa, and
    // marking the refund failed would let it be paid a second time.
    const real = db();
    let fail = true;
    const flaky = new Proxy(real, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key, target);
        if (key !== "refund") return typeof value === "function" ? value.bind(target) : value;
        return new Proxy(value as object, {
          get(delegate, k) {
            if (k === "update" && fail) {
              fail = false;
              return () => Promise.reject(new Error("connection lost"));
            }
            return Reflect.get(delegate, k, delegate);
          },
        });
      },
    });
    await expect(refundPayment(flaky, oneSeatBack(started.paymentId), server().env)).rejects.toThrow("connection lost");
    const stored = await until(
      () => db().refund.findFirstOrThrow({ where: { paymentId: started.paymentId } }),
      (r) => r.status !== "pending",
    );
    expect(stored.status).toBe("succeeded");
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "partially_refunded",
      refundedMinor: student.priceMinor,
    });
  });
  /** The app's settings with a short wait for M-Pesa's replies, so a slow simulator outlasts it. */
  const impatient = () => ({ ...server().env, vars: { ...server().env.vars, DARAJA_TIMEOUT_MS: "300" } });

  it("M-Pesa takes a full refund but its answer is lost: the refund waits, and M-Pesa's Result completes it", async () => {
    const student = demo().nairobi.student;
    const { order, started } = await paidWithMpesa(student.id, 1);

    // M-Pesa reverses the payment, but answers only after the app has stopped waiting: failing the refund
    // here would let the admin send the money back a second time.
    await sim("settings", { slowMs: 1_500 });
    await sim("faults", { gateway: "daraja", fault: "slow" });
    const refund = await refundPayment(
      db(),
      { paymentId: started.paymentId, reason: "Event clash", idempotencyKey: nonce() },
      impatient(),
    );
    expect(refund).toMatchObject({ status: "pending", failureReason: null });
    expect(await refundRow(refund.refundId)).toMatchObject({ gatewayReference: null });

    // The Result names a ConversationID the app never saw; the receipt it reversed finds the refund.
    const done = await settledRefund(refund.refundId);
    expect(done).toMatchObject({ status: "succeeded", gatewayReference: expect.stringMatching(/^AG_/) });
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "refunded" });
    expect(await db().payment.findUniqueOrThrow({ where: { id: started.paymentId } })).toMatchObject({
      status: "refunded",
      refundedMinor: student.priceMinor,
    });
  });

  it("a partial refund whose answer comes back cut short waits, and M-Pesa's B2C Result completes it once", async () => {
    const student = demo().nairobi.student;
    const { order, started } = await paidWithMpesa(student.id, 2);

    await sim("faults", { gateway: "daraja", fault: "malformed" });
    const refund = await refundPayment(db(), oneSeatBack(started.paymentId), server().env);
    expect(refund).toMatchObject({ status: "pending", failureReason: null });
    const done = await settledRefund(refund.refundId);
    expect(done.status).toBe("succeeded");
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "partially_refunded",
      refundedMinor: student.priceMinor,
    });
    // Still waiting on nothing: the reconciler does not send it again.
    expect(await resendUnansweredRefunds(db(), server().env, new Date(Date.now() + 11 * 60_000))).toBe(0);
    expect(await db().gatewayCall.count({ where: { paymentId: started.paymentId, operation: "b2c" } })).toBe(1);
  });

  it("M-Pesa's Result contradicting a refund settled by hand changes nothing, and says so on the order", async () => {
    const student = demo().nairobi.student;
    const { order, started } = await paidWithMpesa(student.id, 2);
    // M-Pesa takes a partial refund, but its Result is held back: the admin, after checking, says no refund.
    await sim("faults", { gateway: "daraja", fault: "drop_callbacks" });
    const refund = await refundPayment(db(), oneSeatBack(started.paymentId), server().env);
    expect(refund.status).toBe("pending");
    const [result] = await until(
      async () =>
        ((await sim("notifications?gateway=daraja")) as { kind: string; url: string; body: string }[]).filter(
          (x) => x.kind === "b2c-result",
        ),
      (r) => r.length > 0,
    );
    await db().refund.update({ where: { id: refund.refundId }, data: { askedAt: new Date(Date.now() - 11 * 60_000) } });
    await settleRefundByHand(db(), {
      refundId: refund.refundId,
      outcome: "not_refunded",
      note: "Not in the statement",
      by: "desk@lango.test",
    });

    // The Result arrives after all: the money did go back.
    const res = await fetch(result.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: result.body,
    });
    expect(res.status).toBe(200);
    expect(await refundRow(refund.refundId)).toMatchObject({ status: "failed" });
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({
      status: "paid",
      refundedMinor: 0,
    });
    const logged = await until(
      () => db().callbackLog.findMany({ where: { gateway: "daraja", body: { contains: refund.refundId } } }),
      (l) => l.length > 0 && l.every((x) => x.outcome !== "received"),
    );
    expect(logged.map((l) => [l.outcome, l.detail])).toEqual([
      [
        "not_applied",
        `the gateway says refund ${refund.refundId} succeeded, but it is recorded failed: check the gateway's statement`,
      ],
    ]);
    // The same Result again changes nothing either, and says the same.
    expect((await fetch(result.url, { method: "POST", body: result.body })).status).toBe(200);
    const again = await until(
      () =>
        db().callbackLog.findMany({
          where: { gateway: "daraja", body: { contains: refund.refundId } },
          orderBy: { receivedAt: "asc" },
        }),
      (l) => l.length === 2 && l.every((x) => x.outcome !== "received"),
    );
    expect(again.map((l) => l.outcome)).toEqual(["not_applied", "not_applied"]);
    expect(await refundRow(refund.refundId)).toMatchObject({ status: "failed" });
  });

  /**
   * A paid M-Pesa order and a full refund of it as a first request left it when its answer was lost and
   * M-Pesa had not taken it: pending, no gateway reference, asked `minutesAgo`.
   */
  const unansweredRefund = async (minutesAgo: number) => {
    const { order, started } = await paidWithMpesa(demo().nairobi.student.id, 1);
    const payment = await db().payment.findUniqueOrThrow({ where: { id: started.paymentId } });
    const at = new Date(Date.now() - minutesAgo * 60_000);
    const refund = await db().refund.create({
      data: {
        paymentId: payment.id,
        orderId: order.id,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        reason: "Event clash",
        idempotencyKey: nonce(),
        createdAt: at,
        askedAt: at,
      },
    });
    const reversals = () => db().gatewayCall.count({ where: { paymentId: payment.id, operation: "reversal" } });
    return { order, refund, reversals };
  };

  it("a refund request M-Pesa never received is sent again by the reconciler, once, and then completes", async () => {
    const { order, refund, reversals } = await unansweredRefund(11);

    expect((await reconcile(db(), server().env)).refundsResent).toBe(1);
    // The next sweep does not send it again while its answer is on the way.
    expect(await resendUnansweredRefunds(db(), server().env)).toBe(0);
    const done = await settledRefund(refund.id);
    expect(done).toMatchObject({ status: "succeeded", gatewayReference: expect.stringMatching(/^AG_/) });
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "refunded" });
    expect(await reversals()).toBe(1);
  });

  it("two sweeps at once send an unanswered refund again only once", async () => {
    const { refund, reversals } = await unansweredRefund(11);
    const sweeps = await Promise.all([0, 1, 2].map(() => resendUnansweredRefunds(db(), server().env)));
    expect(sweeps.reduce((a, b) => a + b, 0)).toBe(1);
    const done = await settledRefund(refund.id);
    expect(done.status).toBe("succeeded");
    expect(await reversals()).toBe(1);
  });

  it("an unanswered refund is asked again only after ten quiet minutes, and not after a day", async () => {
    const recent = await unansweredRefund(5);
    const old = await unansweredRefund(25 * 60);
    expect(await resendUnansweredRefunds(db(), server().env)).toBe(0);
    expect(await refundRow(old.refund.id)).toMatchObject({ status: "pending", askedAt: old.refund.askedAt });
    expect([await recent.reversals(), await old.reversals()]).toEqual([0, 0]);
    // Left for a person to check against the statement; out of the way of the tests that follow.
    await db().refund.deleteMany({ where: { id: { in: [recent.refund.id, old.refund.id] } } });
  });

  /** A reversal Result as M-Pesa posts it to the app, for a request whose answer (and ConversationID) we never saw. */
  const reversalResult = async (reversed: string | undefined, resultCode: number | string = 0) => {
    const { config } = gatewayById("daraja", server().env) as { config: DarajaConfig };
    const parameters = reversed ? [{ Key: "OriginalTransactionID", Value: reversed }] : [];
    const conversationId = `AG_20261205_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
    const res = await fetch(
      `${server().url}/api/callbacks/daraja/reversal-result?token=${encodeURIComponent(config.callbackToken)}`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          Result: {
            ResultType: 0,
            ResultCode: resultCode,
            ResultDesc: resultCode === 0 ? "The service request is processed successfully." : "Refused",
            OriginatorConversationID: `${Date.now()}-1`,
            ConversationID: conversationId,
            TransactionID: "SIM0REVERSE",
            ...(parameters.length && { ResultParameters: { ResultParameter: parameters } }),
          },
        }),
      },
    );
    return { conversationId, status: res.status };
  };

  it("a reversal Result finds only the unanswered refund of the payment it reversed, and one naming none finds none", async () => {
    const a = await unansweredRefund(1);
    const b = await unansweredRefund(1);
    const receiptOf = async (refundId: string) =>
      (await db().refund.findUniqueOrThrow({ where: { id: refundId }, include: { payment: true } })).payment
        .gatewayReceipt!;

    // A failure Result that names no payment: nothing of ours to settle, and M-Pesa is told so.
    expect((await reversalResult(undefined, "R000002")).status).toBe(403);
    expect((await refundRow(a.refund.id)).status).toBe("pending");
    expect((await refundRow(b.refund.id)).status).toBe("pending");

    const { conversationId, status } = await reversalResult(await receiptOf(b.refund.id));
    expect(status).toBe(200);
    expect(await refundRow(b.refund.id)).toMatchObject({ status: "succeeded", gatewayReference: conversationId });
    expect(await refundRow(a.refund.id)).toMatchObject({ status: "pending", gatewayReference: null });
    expect(await db().refund.count({ where: { gatewayReference: conversationId } })).toBe(1);
    await db().refund.delete({ where: { id: a.refund.id } });
  });

  it("a refund sent again that M-Pesa does not answer either stays pending, to be asked again later", async () => {
    const { refund, reversals } = await unansweredRefund(11);
    await sim("faults", { gateway: "daraja", fault: "http_500" });
    expect(await resendUnansweredRefunds(db(), server().env)).toBe(1);
    expect(await refundRow(refund.id)).toMatchObject({ status: "pending", gatewayReference: null });
    expect(await reversals()).toBe(1);
    await db().refund.delete({ where: { id: refund.id } });
  });

  it("the ten quiet minutes count from the last asking, and other gateways' refunds are never sent again", async () => {
    const { refund, reversals } = await unansweredRefund(30);
    await db().refund.update({ where: { id: refund.id }, data: { askedAt: new Date(Date.now() - 5 * 60_000) } });
    expect(await resendUnansweredRefunds(db(), server().env)).toBe(0);
    expect(await reversals()).toBe(0);
    // One recorded before Lango noted when it asked counts from when it was made.
    await db().refund.update({ where: { id: refund.id }, data: { askedAt: null } });
    expect(await resendUnansweredRefunds(db(), server().env)).toBe(1);
    expect(await reversals()).toBe(1);
    await settledRefund(refund.id);

    // A card refund through DPO left pending without a reference is DPO's to settle, not a repeat's.
    const paid = await unansweredRefund(1);
    await db().refund.delete({ where: { id: paid.refund.id } });
    const { order } = paid;
    const now = new Date();
    const dpo = await db().payment.create({
      data: {
        orderId: order.id,
        gateway: "dpo",
        status: "succeeded",
        amountMinor: 100,
        currency: "KES",
        expiresAt: now,
        succeededAt: now,
        settlement: "already_paid",
      },
    });
    const asked = new Date(Date.now() - 30 * 60_000);
    const card = await db().refund.create({
      data: {
        paymentId: dpo.id,
        orderId: order.id,
        amountMinor: 100,
        currency: "KES",
        reason: "Duplicate card payment",
        idempotencyKey: nonce(),
        createdAt: asked,
        askedAt: asked,
      },
    });
    expect(await resendUnansweredRefunds(db(), server().env)).toBe(0);
    expect(await db().gatewayCall.count({ where: { paymentId: dpo.id } })).toBe(0);
    await db().refund.delete({ where: { id: card.id } });
  });

  it("M-Pesa down during a refund: the refund fails saying so, and the tickets and the money stay as they were", async () => {
    const student = demo().nairobi.student;
    const { order, started } = await paidWithMpesa(student.id, 1);

    await sim("faults", { gateway: "daraja", fault: "http_500" });
    const refund = await refundPayment(
      db(),
      { paymentId: started.paymentId, reason: "Event clash", idempotencyKey: nonce() },
      server().env,
    );
    expect(refund).toMatchObject({
      status: "failed",
      failureReason: expect.stringMatching(/^M-Pesa did not answer: /),
    });
    expect(await db().payment.findUniqueOrThrow({ where: { id: started.paymentId } })).toMatchObject({
      status: "succeeded",
      refundedMinor: 0,
    });
    expect(await db().order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "paid" });
    expect((await tickets(order.id)).map((t) => t.status)).toEqual(["valid"]);
  });
});
