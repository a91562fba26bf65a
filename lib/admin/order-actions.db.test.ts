import { afterAll, beforeAll, expect, it } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { startAppServer } from "@/test/app-server";
import { describeEachDatabase } from "@/test/db";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { seedDemo } from "@/test/fixtures";
import { cancelOrder, markCashPaid, refundOrder, resendOrderTickets, settleRefund, type Actor } from "./order-actions";
import { getAdminOrder, payingPayment, refundableMinor } from "./orders";
import { adminOrderKit, adminUser, until } from "./testing";

type Server = Awaited<ReturnType<typeof startAppServer>>;

const rejects = async (p: Promise<unknown>, code: string, status?: number) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe(code);
  if (status) expect((err as AppError).status).toBe(status);
  return err as AppError;
};

describeEachDatabase("admin order actions", (database) => {
  checkStockAfterEach(() => database().prisma);
  let server: Server;
  let admin: Actor;
  const db = () => database().prisma;
  const kit = adminOrderKit(db, () => server, "nairobi-tech-summit");
  const nonce = () => crypto.randomUUID();
  const refundsOf = (orderId: string) => db().refund.findMany({ where: { orderId }, orderBy: { createdAt: "asc" } });

  beforeAll(async () => {
    await seedDemo(db());
    useDatabase(database());
    server = await startAppServer();
    admin = await adminUser(db());
  });
  afterAll(() => server?.close());

  it("refunds part, then the rest, through the M-Pesa simulator: partially refunded, then refunded with tickets revoked", async () => {
    const o = await kit.paidByMpesa({ quantity: 2 });
    expect(o.order.status).toBe("paid");
    const total = o.order.totalMinor;

    const partial = await refundOrder(
      db(),
      admin,
      { reference: o.order.reference, amount: "100", reason: "One guest cannot come", nonce: nonce() },
      server.env,
    );
    // M-Pesa answers a B2C refund later, at its result URL.
    expect(partial).toMatchObject({ tone: "warning", refund: { status: "pending", amount: 100_00 } });
    await until(
      () => refundsOf(o.order.id),
      (r) => r[0]?.status !== "pending",
    );
    let order = await db().order.findUniqueOrThrow({ where: { id: o.order.id }, include: { tickets: true } });
    expect(order).toMatchObject({ status: "partially_refunded", refundedMinor: 100_00 });
    expect(order.tickets.every((t) => t.status === "valid")).toBe(true);

    // A refund still waiting for M-Pesa blocks another; once it is done, the rest can go.
    const rest = await refundOrder(
      db(),
      admin,
      { reference: o.order.reference, amount: "", nonce: nonce() },
      server.env,
    );
    expect(rest.refund).toMatchObject({ amount: total - 100_00 });
    await until(
      () => refundsOf(o.order.id),
      (r) => r.length === 2 && r[1].status !== "pending",
    );
    order = await db().order.findUniqueOrThrow({ where: { id: o.order.id }, include: { tickets: true } });
    expect(order).toMatchObject({ status: "refunded", refundedMinor: total });
    expect(order.tickets).toHaveLength(2);
    expect(order.tickets.every((t) => t.status === "revoked")).toBe(true);
    expect(await db().payment.findUniqueOrThrow({ where: { id: o.payment.id } })).toMatchObject({
      status: "refunded",
      refundedMinor: total,
    });
    expect(await db().emailOutbox.count({ where: { orderId: o.order.id, kind: "refund" } })).toBe(2);
    expect(
      await db().auditLog.count({
        where: { entity: "order", entityId: o.order.id, action: "order.refund", actorId: admin.id },
      }),
    ).toBe(2);

    // Nothing is left to refund.
    await rejects(
      refundOrder(db(), admin, { reference: o.order.reference, nonce: nonce() }, server.env),
      "order_not_refundable",
      409,
    );
  });

  it("refuses a refund above what is left, or in cents on M-Pesa, and a second one while the first is pending", async () => {
    const o = await kit.paidByMpesa({ quantity: 1 });
    const max = o.order.totalMinor / 100;
    await rejects(
      refundOrder(db(), admin, { reference: o.order.reference, amount: String(max + 1), nonce: nonce() }, server.env),
      "invalid_input",
    );
    await rejects(
      refundOrder(db(), admin, { reference: o.order.reference, amount: "10.50", nonce: nonce() }, server.env),
      "invalid_input",
    );
    await rejects(
      refundOrder(db(), admin, { reference: o.order.reference, amount: "ten", nonce: nonce() }, server.env),
      "invalid_input",
    );
    await kit.sim("faults", { gateway: "daraja", fault: "drop_callbacks" });
    try {
      await refundOrder(db(), admin, { reference: o.order.reference, amount: "50", nonce: nonce() }, server.env);
      // The refund form offers only what is not already on its way back (it said the full amount before).
      const shown = await getAdminOrder(db(), o.order.reference);
      expect(refundableMinor(payingPayment(shown)!)).toEqual({
        refundable: o.order.totalMinor - 50_00,
        pending: 50_00,
      });
      const err = await rejects(
        refundOrder(db(), admin, { reference: o.order.reference, amount: "50", nonce: nonce() }, server.env),
        "order_not_refundable",
      );
      expect(err.message).toMatch(/still waiting/);
    } finally {
      await kit.sim("faults", { gateway: "daraja", fault: "none" });
    }
    expect(await refundsOf(o.order.id)).toHaveLength(1);
  });

  it("settles by hand a refund whose result never came: not refunded frees the money, refunded completes the order", async () => {
    const o = await kit.paidByMpesa({ quantity: 2 });
    const other = await kit.paidByMpesa({ quantity: 1 });
    const reference = o.order.reference;
    /** A full refund M-Pesa took but whose Result never arrives, asked `minutes` ago. */
    const stuck = async (minutes: number) => {
      const { refund } = await refundOrder(db(), admin, { reference, nonce: nonce() }, server.env);
      expect(refund.status).toBe("pending");
      const at = new Date(Date.now() - minutes * 60_000);
      return db().refund.update({ where: { id: refund.refundId }, data: { createdAt: at, askedAt: at } });
    };
    const settle = (refundId: string, outcome: string, note = "Checked the M-Pesa statement") =>
      settleRefund(db(), admin, { reference, refundId, outcome, note });

    await kit.sim("faults", { gateway: "daraja", fault: "drop_callbacks" });
    try {
      const first = await stuck(3);
      // Its Result may still be on the way: too early to decide by hand.
      expect((await rejects(settle(first.id, "not_refunded"), "refund_too_recent", 409)).message).toMatch(
        /in 7 minutes if it has not/,
      );
      await db().refund.update({ where: { id: first.id }, data: { askedAt: new Date(Date.now() - 11 * 60_000) } });

      // What the form must say, and whose refund it is.
      expect((await rejects(settle(first.id, "maybe"), "invalid_input", 400)).fields).toHaveProperty("outcome");
      expect((await rejects(settle(first.id, "refunded", " "), "invalid_input", 400)).fields).toHaveProperty("note");
      await rejects(
        settleRefund(db(), admin, {
          reference: other.order.reference,
          refundId: first.id,
          outcome: "refunded",
          note: "Wrong order",
        }),
        "refund_not_found",
        404,
      );
      expect(await db().refund.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: "pending" });

      const notRefunded = await settle(first.id, "not_refunded", "Not in the M-Pesa statement of today");
      expect(notRefunded).toMatchObject({ tone: "warning", message: expect.stringMatching(/can be refunded again/) });
      expect(await db().refund.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({
        status: "failed",
        failureReason: `Not refunded, as checked by ${admin.email}: Not in the M-Pesa statement of today`,
      });
      // Settled once: a second decision on it is refused.
      await rejects(settle(first.id, "refunded"), "refund_not_pending", 409);
      let order = await getAdminOrder(db(), reference);
      expect(order.status).toBe("paid");
      expect(refundableMinor(payingPayment(order)!)).toEqual({ refundable: o.order.totalMinor, pending: 0 });

      const second = await stuck(11);
      const refunded = await settle(second.id, "refunded", "M-Pesa statement: reversal OEI2AK4Q16");
      expect(refunded).toMatchObject({
        tone: "info",
        message: expect.stringMatching(/refunded through M-Pesa\. Its tickets/),
      });
      order = await getAdminOrder(db(), reference);
      expect(order).toMatchObject({ status: "refunded", refundedMinor: o.order.totalMinor });
      expect(order.tickets.every((t) => t.status === "revoked")).toBe(true);
      expect(await db().emailOutbox.count({ where: { orderId: o.order.id, kind: "refund" } })).toBe(1);
      const audits = await db().auditLog.findMany({
        where: { entityId: o.order.id, action: "order.refund_settled_by_hand", actorId: admin.id },
        orderBy: { createdAt: "asc" },
      });
      expect(audits.map((a) => a.data)).toMatchObject([
        { refundId: first.id, outcome: "not_refunded", note: "Not in the M-Pesa statement of today" },
        { refundId: second.id, outcome: "refunded", note: "M-Pesa statement: reversal OEI2AK4Q16" },
      ]);
    } finally {
      await kit.sim("faults", { gateway: "daraja", fault: "none" });
    }
  });

  it("a double-submitted refund form refunds once", async () => {
    const o = await kit.paidByMpesa({ quantity: 1 });
    const form = { reference: o.order.reference, amount: "", nonce: nonce() };
    const [a, b] = await Promise.all([
      refundOrder(db(), admin, form, server.env),
      refundOrder(db(), admin, form, server.env),
    ]);
    expect(a.refund.refundId).toBe(b.refund.refundId);
    await until(
      () => refundsOf(o.order.id),
      (r) => r[0]?.status === "succeeded",
    );
    // Submitted again after it went through: the same refund, reported, not a new one.
    const again = await refundOrder(db(), admin, form, server.env);
    expect(again).toMatchObject({
      refund: { refundId: a.refund.refundId, status: "succeeded" },
      message: expect.stringMatching(/already submitted/),
    });
    expect(await refundsOf(o.order.id)).toHaveLength(1);
    const reversals = await db().gatewayCall.count({
      where: { paymentId: o.payment.id, operation: { in: ["reversal", "b2c"] } },
    });
    expect(reversals).toBe(1);
    expect((await db().order.findUniqueOrThrow({ where: { id: o.order.id } })).status).toBe("refunded");
  });

  it("marks cash paid: tickets issued and one confirmation e-mail; a wrong amount or a used receipt number is refused", async () => {
    const o = await kit.pendingOrder({ quantity: 2 });
    const total = o.order.totalMinor / 100;
    const wrong = await rejects(
      markCashPaid(
        db(),
        admin,
        { reference: o.order.reference, amount: String(total - 1), receiptNumber: "A-0042" },
        server.env,
      ),
      "amount_mismatch",
      422,
    );
    expect(wrong.fields?.amount).toMatch(/total is KES/);
    expect(await db().payment.count({ where: { orderId: o.order.id } })).toBe(0);

    const paid = await markCashPaid(
      db(),
      admin,
      { reference: o.order.reference, amount: total.toLocaleString("en"), receiptNumber: " a-0042 " },
      server.env,
    );
    expect(paid).toMatchObject({ tone: "info", message: expect.stringMatching(/receipt A-0042/) });
    const order = await db().order.findUniqueOrThrow({
      where: { id: o.order.id },
      include: { tickets: true, emails: true, payments: true },
    });
    expect(order.status).toBe("paid");
    expect(order.tickets).toHaveLength(2);
    expect(order.emails.map((e) => e.kind)).toEqual(["order_confirmation"]);
    expect(order.payments).toEqual([
      expect.objectContaining({
        gateway: "cash",
        status: "succeeded",
        gatewayReceipt: "A-0042",
        amountMinor: order.totalMinor,
        settlement: "paid",
        metadata: {
          cash: expect.objectContaining({
            receiptNumber: "A-0042",
            receivedById: admin.id,
            receivedBy: admin.email,
            receivedAt: expect.any(String),
          }),
        },
      }),
    ]);
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
    expect(await db().auditLog.findFirst({ where: { entityId: o.order.id, action: "order.cash_paid" } })).toMatchObject(
      { actorId: admin.id, data: expect.objectContaining({ receiptNumber: "A-0042" }) },
    );

    // Submitted twice: recorded once.
    expect(
      (
        await markCashPaid(
          db(),
          admin,
          { reference: o.order.reference, amount: String(total), receiptNumber: "A-0042" },
          server.env,
        )
      ).message,
    ).toMatch(/already recorded/);
    expect(await db().payment.count({ where: { orderId: o.order.id } })).toBe(1);
    expect(await db().emailOutbox.count({ where: { orderId: o.order.id } })).toBe(1);

    // The same receipt-book number on another order is a mistake at the desk.
    const other = await kit.pendingOrder({ quantity: 1 });
    const used = await rejects(
      markCashPaid(
        db(),
        admin,
        { reference: other.order.reference, amount: String(other.order.totalMinor / 100), receiptNumber: "A-0042" },
        server.env,
      ),
      "receipt_already_used",
      409,
    );
    expect(used.fields?.receiptNumber).toContain(o.order.reference);
    expect((await db().order.findUniqueOrThrow({ where: { id: other.order.id } })).status).toBe("pending");

    // Refunding a cash order is money handed back at the desk: recorded as done at once.
    const back = await refundOrder(db(), admin, { reference: o.order.reference, nonce: nonce() }, server.env);
    expect(back).toMatchObject({
      tone: "info",
      refund: { status: "succeeded" },
      message: expect.stringMatching(/at the desk/),
    });
    expect((await db().order.findUniqueOrThrow({ where: { id: o.order.id } })).status).toBe("refunded");
  });

  it("takes cash for an expired order while its seats are still free", async () => {
    const o = await kit.pendingOrder({ quantity: 1, at: new Date(Date.now() - 60 * 60_000) });
    const res = await markCashPaid(
      db(),
      admin,
      { reference: o.order.reference, amount: String(o.order.totalMinor / 100), receiptNumber: "B-7" },
      server.env,
    );
    expect(res.tone).toBe("info");
    const order = await db().order.findUniqueOrThrow({ where: { id: o.order.id }, include: { tickets: true } });
    expect(order).toMatchObject({ status: "paid" });
    expect(order.tickets).toHaveLength(1);
  });

  it("cancels a pending order: the hold is released and the seats are on sale again; a paid order must be refunded instead", async () => {
    const o = await kit.pendingOrder({ quantity: 3, capacity: 5 });
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ held: 3, sold: 0 });
    // An attempt whose phone prompt has closed without an answer is stopped with the order.
    const attempt = await db().payment.create({
      data: {
        orderId: o.order.id,
        gateway: "daraja",
        amountMinor: o.order.totalMinor,
        currency: "KES",
        expiresAt: new Date(Date.now() - 1000),
      },
    });

    const res = await cancelOrder(db(), admin, { reference: o.order.reference, reason: "Buyer asked" }, server.env);
    expect(res.message).toMatch(/cancelled/);
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ held: 0, sold: 0 });
    expect(await db().order.findUniqueOrThrow({ where: { id: o.order.id } })).toMatchObject({
      status: "cancelled",
      cancelledAt: expect.any(Date),
    });
    expect((await db().payment.findUniqueOrThrow({ where: { id: attempt.id } })).status).not.toBe("pending");
    // A cancelled order takes no late money.
    await rejects(
      markCashPaid(
        db(),
        admin,
        { reference: o.order.reference, amount: String(o.order.totalMinor / 100), receiptNumber: "C-1" },
        server.env,
      ),
      "order_not_payable",
    );
    // Repeating changes nothing.
    expect((await cancelOrder(db(), admin, { reference: o.order.reference }, server.env)).message).toMatch(
      /already cancelled/,
    );
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ held: 0 });
    expect(await db().auditLog.count({ where: { entityId: o.order.id, action: "order.cancel" } })).toBe(1);

    const paid = await kit.paidByMpesa({ quantity: 1 });
    const err = await rejects(
      cancelOrder(db(), admin, { reference: paid.order.reference }, server.env),
      "order_not_cancellable",
      409,
    );
    expect(err.message).toMatch(/refund/i);
  });

  it("does not cancel while an M-Pesa prompt is still open on the buyer's phone", async () => {
    const o = await kit.pendingOrder({ quantity: 1 });
    await db().payment.create({
      data: {
        orderId: o.order.id,
        gateway: "daraja",
        phone: "+254712000111",
        amountMinor: o.order.totalMinor,
        currency: "KES",
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    const err = await rejects(
      cancelOrder(db(), admin, { reference: o.order.reference }, server.env),
      "order_not_cancellable",
    );
    expect(err.message).toMatch(/prompt is still open on \+254712000111/);
    expect((await db().order.findUniqueOrThrow({ where: { id: o.order.id } })).status).toBe("pending");
  });

  it("resends the tickets as a new e-mail per request, once per form, at most five an hour", async () => {
    const o = await kit.pendingOrder({ quantity: 1 });
    await markCashPaid(
      db(),
      admin,
      {
        reference: o.order.reference,
        amount: String(o.order.totalMinor / 100),
        receiptNumber: `R-${o.order.reference}`,
      },
      server.env,
    );
    const form = { reference: o.order.reference, nonce: nonce() };
    await resendOrderTickets(db(), admin, form);
    await resendOrderTickets(db(), admin, form);
    const count = () => db().emailOutbox.count({ where: { orderId: o.order.id, kind: "order_confirmation" } });
    expect(await count()).toBe(2);
    for (let i = 0; i < 4; i++) await resendOrderTickets(db(), admin, { reference: o.order.reference, nonce: nonce() });
    expect(await count()).toBe(6);
    await rejects(
      resendOrderTickets(db(), admin, { reference: o.order.reference, nonce: nonce() }),
      "rate_limited",
      429,
    );
    expect(await count()).toBe(6);
    const resent = await db().emailOutbox.findMany({ where: { orderId: o.order.id }, orderBy: { createdAt: "asc" } });
    expect(resent.every((e) => e.to === o.buyer.email)).toBe(true);
  });
});
