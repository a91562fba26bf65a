import { beforeAll, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { createOrder } from "./create-order";
import { releaseHold } from "./holds";
import { createOrderSchema } from "./schemas";
import { refundSeatsInTx, settleOrderPaid, settleOrderRefundedInTx } from "./settle";

const DAR = "dar-trade-expo";

describeEachDatabase("settling an order", (database) => {
  checkStockAfterEach(() => database().prisma);
  const db = (): Db => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let n = 0;
  const buyer = () => {
    const i = ++n;
    return {
      name: `Settle ${i}`,
      email: `settle-${i}@example.co.tz`,
      phone: `0754 ${String(200_000 + i * 7919).slice(-6)}`,
    };
  };

  beforeAll(async () => {
    demo = await seedDemo(db());
  });

  /** A pending Dar order: `seats` Regular seats and, if named, a booth. */
  async function placed(seats: number, boothCode?: string) {
    const booth = boothCode
      ? await db().booth.findFirstOrThrow({ where: { event: { slug: DAR }, code: boothCode } })
      : null;
    const { reference } = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        buyer: buyer(),
        items: seats ? [{ ticketTypeId: demo.dar.regular.id, quantity: seats }] : [],
        ...(booth && { booths: [{ boothId: booth.id, company: `Company ${n}` }] }),
      }),
    );
    return db().order.findUniqueOrThrow({ where: { reference } });
  }
  const settle = (orderId: string, now = new Date()) => db().$transaction((tx) => settleOrderPaid(tx, orderId, now));
  const regular = () =>
    db().ticketType.findUniqueOrThrow({ where: { id: demo.dar.regular.id }, select: { sold: true, held: true } });
  const boothOf = (code: string) => db().booth.findFirstOrThrow({ where: { event: { slug: DAR }, code } });
  const orderOf = (id: string) => db().order.findUniqueOrThrow({ where: { id } });
  const validTickets = (orderId: string) => db().ticket.count({ where: { orderId, status: "valid" } });
  const confirmations = (orderId: string) => db().emailOutbox.count({ where: { orderId, kind: "order_confirmation" } });

  it("a payment on time sells the held seats and booth, issues tickets and a receipt, and confirms once", async () => {
    const order = await placed(2, "B3");
    const before = await regular();
    const now = new Date("2026-11-02T10:00:00Z");
    expect(await settle(order.id, now)).toBe("paid");

    expect(await regular()).toEqual({ sold: before.sold + 2, held: before.held - 2 });
    expect(await boothOf("B3")).toMatchObject({ status: "booked", bookedOrderId: order.id, holdOrderId: null });
    const paid = await orderOf(order.id);
    expect(paid).toMatchObject({ status: "paid", paidAt: now, holdReleasedAt: now });
    expect(paid.receiptNumber).toMatch(/^LR-2026-\d{6}$/);
    // Two Regular seats, and the booth's staff passes: every one of them admits at the gate.
    const booth = await boothOf("B3");
    expect(await validTickets(order.id)).toBe(2 + booth.staffPasses);
    expect(await confirmations(order.id)).toBe(1);
  });

  it("receipt numbers follow each other, with the year the money arrived", async () => {
    const [a, b] = [await placed(1), await placed(1)];
    await settle(a.id, new Date("2027-01-03T08:00:00Z"));
    await settle(b.id, new Date("2027-01-03T08:00:01Z"));
    const [ra, rb] = [(await orderOf(a.id)).receiptNumber!, (await orderOf(b.id)).receiptNumber!];
    expect(ra).toMatch(/^LR-2027-\d{6}$/);
    expect(Number(rb.slice(-6))).toBe(Number(ra.slice(-6)) + 1);
  });

  it("the same success reported again changes nothing: no second sale, ticket or receipt", async () => {
    const order = await placed(1);
    expect(await settle(order.id)).toBe("paid");
    const [stock, paid] = [await regular(), await orderOf(order.id)];
    expect(await settle(order.id)).toBe("already_paid");
    expect(await regular()).toEqual(stock);
    expect(await orderOf(order.id)).toMatchObject({ receiptNumber: paid.receiptNumber, status: "paid" });
    expect(await validTickets(order.id)).toBe(1);
    expect(await confirmations(order.id)).toBe(1);
  });

  it("money arriving for an order the organiser cancelled buys nothing and must go back", async () => {
    const order = await placed(2);
    await releaseHold(db(), order.id, "cancelled");
    const stock = await regular();
    expect(await settle(order.id)).toBe("order_cancelled");
    expect(await regular()).toEqual(stock);
    expect(await orderOf(order.id)).toMatchObject({ status: "cancelled", paidAt: null, receiptNumber: null });
    expect(await validTickets(order.id)).toBe(0);
    expect(await confirmations(order.id)).toBe(0);
  });

  it("late money for an expired order sells its seats again while they are free: paid late, with tickets", async () => {
    const order = await placed(3);
    await releaseHold(db(), order.id, "expired");
    const stock = await regular();
    const now = new Date();
    expect(await settle(order.id, now)).toBe("paid_late");
    expect(await regular()).toEqual({ sold: stock.sold + 3, held: stock.held });
    expect(await orderOf(order.id)).toMatchObject({ status: "paid", paidAt: now });
    expect((await orderOf(order.id)).receiptNumber).toMatch(/^LR-\d{4}-\d{6}$/);
    expect(await validTickets(order.id)).toBe(3);
    expect(await confirmations(order.id)).toBe(1);
    expect(await settle(order.id)).toBe("already_paid");
    expect(await regular()).toEqual({ sold: stock.sold + 3, held: stock.held });
  });

  it("late money for an expired booth order books the booth if nobody took it meanwhile", async () => {
    const order = await placed(0, "B4");
    await releaseHold(db(), order.id, "expired");
    expect(await boothOf("B4")).toMatchObject({ status: "available", holdOrderId: null });
    expect(await settle(order.id)).toBe("paid_late");
    expect(await boothOf("B4")).toMatchObject({ status: "booked", bookedOrderId: order.id });
  });

  it("late money for an expired order whose seats were sold meanwhile buys nothing", async () => {
    const order = await placed(2);
    await releaseHold(db(), order.id, "expired");
    const full = await db().ticketType.findUniqueOrThrow({ where: { id: demo.dar.regular.id } });
    await db().ticketType.update({ where: { id: full.id }, data: { capacity: full.sold + full.held + 1 } });
    try {
      const stock = await regular();
      expect(await settle(order.id)).toBe("no_capacity");
      expect(await regular()).toEqual(stock);
      expect(await orderOf(order.id)).toMatchObject({ status: "expired", receiptNumber: null });
      expect(await validTickets(order.id)).toBe(0);
    } finally {
      await db().ticketType.update({ where: { id: full.id }, data: { capacity: full.capacity } });
    }
  });

  it("a full refund takes back every ticket, its seats and its booth, once, and nobody else's", async () => {
    const order = await placed(2, "B5");
    await settle(order.id);
    // Another buyer's paid order, so the refund has tickets and seats around it that are not its own.
    const bystander = await placed(1);
    await settle(bystander.id);
    const sold = await regular();
    const booth = await boothOf("B5");
    // As completeRefund does once the money is back in full: the order is refunded in the same transaction.
    const refunded = () =>
      db().$transaction(async (tx) => {
        await tx.order.update({ where: { id: order.id }, data: { status: "refunded" } });
        return settleOrderRefundedInTx(tx, order.id, new Date());
      });
    const revoked = await refunded();
    // The staff passes are revoked too, but they took no seat.
    expect(revoked).toBe(2 + booth.staffPasses);
    expect(await validTickets(order.id)).toBe(0);
    expect(await regular()).toEqual({ sold: sold.sold - 2, held: sold.held });
    expect(await boothOf("B5")).toMatchObject({ status: "available", bookedOrderId: null });
    expect(await validTickets(bystander.id)).toBe(1);

    expect(await refunded()).toBe(0);
    expect(await regular()).toEqual({ sold: sold.sold - 2, held: sold.held });
  });

  it("a partial refund takes back exactly the named seats, and a ticket already revoked gives nothing", async () => {
    const order = await placed(3);
    await settle(order.id);
    const sold = await regular();
    const [first, second] = await db().ticket.findMany({ where: { orderId: order.id }, orderBy: { id: "asc" } });
    const refund = (ids: string[]) => db().$transaction((tx) => refundSeatsInTx(tx, order.id, ids, new Date()));
    expect(await refund([first.id])).toBe(1);
    expect(await regular()).toEqual({ sold: sold.sold - 1, held: sold.held });
    expect(await refund([first.id, second.id])).toBe(1);
    expect(await regular()).toEqual({ sold: sold.sold - 2, held: sold.held });
    expect(await validTickets(order.id)).toBe(1);
    // Another order's ticket is not this order's to refund.
    const other = await placed(1);
    await settle(other.id);
    const [theirs] = await db().ticket.findMany({ where: { orderId: other.id } });
    expect(await refund([theirs.id])).toBe(0);
    expect((await db().ticket.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("valid");
  });
});
