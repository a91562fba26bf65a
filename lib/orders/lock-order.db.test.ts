import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markCashPaid, type Actor } from "@/lib/admin/order-actions";
import { adminUser } from "@/lib/admin/testing";
import { redeemScan } from "@/lib/checkin/redeem";
import type { Database, Db } from "@/lib/db/client";
import { refundPayment } from "@/lib/payments/refunds";
import { paymentsEnv } from "@/lib/payments/registry";
import { ticketCodes } from "@/lib/tickets/codes";
import { createTestDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { expectStockConsistent } from "@/test/stock-invariants";
import { createOrder } from "./create-order";
import { releaseExpiredHolds } from "./holds";
import { createOrderSchema } from "./schemas";
import { settleOrderPaid } from "./settle";

/**
 * What only a server with real concurrent transactions can show: PGlite runs one transaction at a time, so
 * on it a lock taken in the wrong order, or a check made before another transaction's write, never races
 * anything. These run on the PostgreSQL server of TEST_DATABASE_URL (`npm test` runs them when it is set).
 */
describe.runIf(!!process.env.TEST_DATABASE_URL)("lock ordering and races [postgres]", () => {
  let database: Database;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let admin: Actor;
  const db = (): Db => database.prisma;
  const env = paymentsEnv({ PAYMENTS_MODE: "simulator", APP_URL: "http://localhost:3000" });
  let n = 0;
  const buyer = () => {
    const i = ++n;
    return {
      name: `Racer ${i}`,
      email: `racer-${i}@example.com`,
      phone: `0712 ${String(100_000 + i * 7919).slice(-6)}`,
    };
  };
  const order = (eventSlug: string, body: object) =>
    createOrder(db(), createOrderSchema.parse({ eventSlug, buyer: buyer(), ...body }));
  const orderId = async (reference: string) => (await db().order.findUniqueOrThrow({ where: { reference } })).id;
  const settle = (id: string) => db().$transaction((tx) => settleOrderPaid(tx, id, new Date()), { timeout: 20_000 });
  /** Seats per ticket type ids, for comparing before and after. */
  const stock = (ids: string[]) =>
    db().ticketType.findMany({
      where: { id: { in: ids } },
      select: { id: true, sold: true, held: true },
      orderBy: { id: "asc" },
    });

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    demo = await seedDemo(db());
    admin = await adminUser(db());
    // Room for every racer: these tests are about locks, not sell-outs (except where a test sets its own).
    await db().ticketType.updateMany({ data: { capacity: 10_000, maxPerOrder: 10 } });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it("orders for the same two ticket types, listed in opposite orders, all hold their seats: none deadlocks", async () => {
    const { regular, vip } = demo.nairobi;
    const before = await stock([regular.id, vip.id]);
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => {
        const lines = [
          { ticketTypeId: regular.id, quantity: 1 },
          { ticketTypeId: vip.id, quantity: 1 },
        ];
        return order(demo.nairobi.slug, { items: i % 2 ? lines : lines.reverse() });
      }),
    );
    expect(results.filter((r) => r.status === "rejected").map((r) => String(r.reason))).toEqual([]);
    const after = await stock([regular.id, vip.id]);
    expect(after.map((t, i) => t.held - before[i].held)).toEqual([12, 12]);
    await expectStockConsistent(db());
  });

  it("two exhibitors racing for the same two booths, picked in opposite orders: one gets both, the other is told", async () => {
    const booths = await db().booth.findMany({
      where: { event: { slug: demo.dar.slug }, status: "available" },
      orderBy: { code: "asc" },
      take: 6,
    });
    for (let round = 0; round < 3; round++) {
      const [a, b] = booths.slice(round * 2, round * 2 + 2);
      const pick = (first: typeof a, second: typeof a, company: string) =>
        order(demo.dar.slug, {
          booths: [
            { boothId: first.id, company },
            { boothId: second.id, company },
          ],
        });
      const results = await Promise.allSettled([pick(a, b, "Alpha Ltd"), pick(b, a, "Beta Ltd")]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: "booth_unavailable", status: 409 });
      const holders = await db().booth.findMany({ where: { id: { in: [a.id, b.id] } }, select: { holdOrderId: true } });
      expect(new Set(holders.map((h) => h.holdOrderId)).size).toBe(1);
    }
    await expectStockConsistent(db());
  });

  it("payments settling orders of the same two ticket types at once all sell their seats: none deadlocks", async () => {
    const { regular, vip } = demo.nairobi;
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const lines = [
        { ticketTypeId: regular.id, quantity: 1 },
        { ticketTypeId: vip.id, quantity: 1 },
      ];
      ids.push(await orderId((await order(demo.nairobi.slug, { items: i % 2 ? lines : lines.reverse() })).reference));
    }
    const before = await stock([regular.id, vip.id]);
    const outcomes = await Promise.allSettled(ids.map(settle));
    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : String(o.reason)))).toEqual(
      Array(10).fill("paid"),
    );
    const after = await stock([regular.id, vip.id]);
    expect(after.map((t, i) => [t.sold - before[i].sold, before[i].held - t.held])).toEqual([
      [10, 10],
      [10, 10],
    ]);
    await expectStockConsistent(db());
  });

  it("late payments for expired orders of the same two ticket types, at once, all sell: none deadlocks", async () => {
    const { regular, vip } = demo.nairobi;
    const placed = new Date(Date.now() - 3 * 60 * 60_000);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const lines = [
        { ticketTypeId: regular.id, quantity: 1 },
        { ticketTypeId: vip.id, quantity: 1 },
      ];
      const body = createOrderSchema.parse({
        eventSlug: demo.nairobi.slug,
        buyer: buyer(),
        items: i % 2 ? lines : lines.reverse(),
      });
      ids.push(await orderId((await createOrder(db(), body, placed)).reference));
    }
    await releaseExpiredHolds(db(), { eventId: regular.eventId });
    const outcomes = await Promise.allSettled(ids.map(settle));
    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : String(o.reason)))).toEqual(
      Array(8).fill("paid_late"),
    );
    await expectStockConsistent(db());
  });

  it("the same payment's success delivered twice at once settles the order once", async () => {
    const { student } = demo.nairobi;
    const id = await orderId(
      (await order(demo.nairobi.slug, { items: [{ ticketTypeId: student.id, quantity: 2 }] })).reference,
    );
    const [before] = await stock([student.id]);
    const outcomes = await Promise.all([settle(id), settle(id), settle(id)]);
    expect(outcomes.sort()).toEqual(["already_paid", "already_paid", "paid"]);
    const [after] = await stock([student.id]);
    expect(after.sold - before.sold).toBe(2);
    expect(await db().ticket.count({ where: { orderId: id } })).toBe(2);
    expect((await db().order.findUniqueOrThrow({ where: { id } })).receiptNumber).toMatch(/^LR-\d{4}-\d{6}$/);
    await expectStockConsistent(db());
  });

  it("a late payment delivered twice at once for an expired order sells its seats once", async () => {
    const { student } = demo.nairobi;
    const placed = new Date(Date.now() - 3 * 60 * 60_000);
    const body = createOrderSchema.parse({
      eventSlug: demo.nairobi.slug,
      buyer: buyer(),
      items: [{ ticketTypeId: student.id, quantity: 3 }],
    });
    const id = await orderId((await createOrder(db(), body, placed)).reference);
    await releaseExpiredHolds(db(), { eventId: student.eventId });
    const [before] = await stock([student.id]);
    const outcomes = await Promise.all([settle(id), settle(id)]);
    expect(outcomes.sort()).toEqual(["already_paid", "paid_late"]);
    const [after] = await stock([student.id]);
    expect(after.sold - before.sold).toBe(3);
    expect(await db().ticket.count({ where: { orderId: id } })).toBe(3);
    await expectStockConsistent(db());
  });

  it("the last seat sought by ten buyers at once goes to exactly one", async () => {
    const { regular } = demo.dar;
    const fresh = await db().ticketType.findUniqueOrThrow({ where: { id: regular.id } });
    await db().ticketType.update({ where: { id: regular.id }, data: { capacity: fresh.sold + fresh.held + 1 } });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => order(demo.dar.slug, { items: [{ ticketTypeId: regular.id, quantity: 1 }] })),
    );
    expect(
      results.map((r) => (r.status === "fulfilled" ? "held" : (r.reason as { code: string }).code)).sort(),
    ).toEqual(["held", ...Array(9).fill("sold_out")]);
    for (const r of results.filter((r) => r.status === "rejected"))
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "sold_out", status: 409 });
    await expectStockConsistent(db());
  });

  it("a full refund racing a scan at the gate: the guest is admitted only on a ticket not yet revoked", async () => {
    const { vip } = demo.nairobi;
    for (let round = 0; round < 4; round++) {
      const created = await order(demo.nairobi.slug, { items: [{ ticketTypeId: vip.id, quantity: 1 }] });
      const paid = await db().order.findUniqueOrThrow({ where: { reference: created.reference } });
      await markCashPaid(
        db(),
        admin,
        { reference: paid.reference, amount: String(paid.totalMinor / 100), receiptNumber: `RACE-${round}-${n}` },
        env,
      );
      const payment = await db().payment.findFirstOrThrow({ where: { orderId: paid.id, status: "succeeded" } });
      const { tickets } = await paidOrderCodes(paid.id);
      const [scan, refund] = await Promise.all([
        redeemScan(db(), { code: tickets[0].code, userId: admin.id, gate: "A" }),
        refundPayment(db(), { paymentId: payment.id, reason: "Race", idempotencyKey: `race-${round}` }, env),
      ]);
      expect(refund.status).toBe("succeeded");
      const ticket = await db().ticket.findUniqueOrThrow({ where: { id: tickets[0].id } });
      expect(ticket.status).toBe("revoked");
      // Admitted means the scan's update ran before the revocation; never a revoked ticket let in afterwards.
      if (scan.result === "ok") expect(ticket.checkedInAt).not.toBeNull();
      else {
        expect(["revoked", "not_paid"]).toContain(scan.result);
        expect(ticket.checkedInAt).toBeNull();
      }
      // Whoever won, the code admits nobody now.
      expect(["revoked", "not_paid"]).toContain(
        (await redeemScan(db(), { code: tickets[0].code, userId: admin.id, gate: "B" })).result,
      );
    }
    await expectStockConsistent(db());
  });

  /** The order's tickets with their current codes (as the buyer's e-mail has them). */
  async function paidOrderCodes(id: string) {
    const tickets = await db().ticket.findMany({ where: { orderId: id }, orderBy: { id: "asc" } });
    const codes = await ticketCodes(db(), tickets);
    return { tickets: tickets.map((t) => ({ ...t, code: codes.get(t.id)! })) };
  }
});
