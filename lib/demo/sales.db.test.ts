import { expect, it } from "vitest";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { seedDemoSales } from "./sales";

describeEachDatabase("demo box-office sales", (database) => {
  const db = () => database().prisma;

  it("a fresh simulator-mode demo gets two weeks of paid desk sales with tickets and receipts, once", async () => {
    const now = new Date();
    await seedDemo(db(), now);
    const made = await seedDemoSales(db(), { PAYMENTS_MODE: "simulator" }, now);
    expect(made).toBeGreaterThanOrEqual(15);
    expect(await seedDemoSales(db(), { PAYMENTS_MODE: "simulator" }, now)).toBe(0);

    const orders = await db().order.findMany({ include: { payments: true, _count: { select: { tickets: true } } } });
    expect(orders).toHaveLength(made);
    for (const o of orders) {
      expect(o.status).toBe("paid");
      expect(o.receiptNumber).toMatch(/^LR-\d{4}-\d{6}$/);
      expect(o.payments).toMatchObject([{ gateway: "cash", status: "succeeded", amountMinor: o.totalMinor }]);
      expect(o._count.tickets).toBeGreaterThan(0);
      expect(o.paidAt!.getTime()).toBeLessThan(now.getTime());
      // Created before it was paid, and its payment in between.
      expect(o.createdAt.getTime()).toBeLessThan(o.paidAt!.getTime());
      expect(o.payments[0].createdAt.getTime()).toBeLessThanOrEqual(o.paidAt!.getTime());
    }
    // Spread over the days before the start, for the dashboard's sales-by-day chart.
    const days = new Set(orders.map((o) => o.paidAt!.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(8);
    // Nothing oversold or left held; each buyer got their confirmation.
    for (const t of await db().ticketType.findMany()) expect(t.sold + t.held).toBeLessThanOrEqual(t.capacity);
    expect(await db().ticketType.aggregate({ _sum: { held: true } })).toMatchObject({ _sum: { held: 0 } });
    expect(await db().emailOutbox.count({ where: { kind: "order_confirmation" } })).toBe(made);
  });

  it("never in live mode", async () => {
    expect(await seedDemoSales(db(), { PAYMENTS_MODE: "live" })).toBe(0);
  });
});
