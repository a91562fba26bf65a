import { beforeAll, expect, it } from "vitest";
import { redeemScan } from "@/lib/checkin/redeem";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema, type CreateOrderInput } from "@/lib/orders/schemas";
import { applyPaymentResult } from "@/lib/payments/apply-result";
import { ticketCodes } from "@/lib/tickets/codes";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import {
  boothOccupancy,
  checkinByEvent,
  dashboardReport,
  lastDays,
  salesByDay,
  salesByEvent,
  salesByGateway,
  salesByTicketType,
} from "./reports";

// 12:00 in Nairobi and Dar es Salaam (both UTC+3).
const NOW = new Date("2026-06-15T09:00:00Z");
const DAY = 24 * 3_600_000;
const tzBuyer = { ...buyer, phone: "0754 123 456" };

describeEachDatabase("admin sales reports", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let receipt = 0;

  /** An order paid through `gateway` at `paidAt`, the way a confirmed payment pays it. */
  const paidOrder = async (input: CreateOrderInput, paidAt: Date, gateway = "daraja") => {
    const { reference } = await createOrder(db(), createOrderSchema.parse(input), new Date(paidAt.getTime() - 60_000));
    const order = await db().order.findUniqueOrThrow({ where: { reference } });
    const payment = await db().payment.create({
      data: {
        orderId: order.id,
        gateway,
        amountMinor: order.totalMinor,
        currency: order.currency,
        expiresAt: paidAt,
        createdAt: paidAt,
      },
    });
    expect(
      await applyPaymentResult(db(), payment.id, { status: "succeeded", receipt: `RCPT${++receipt}` }, paidAt),
    ).toMatchObject({ changed: true });
    return order;
  };
  const tickets = (ticketTypeId: string, quantity: number, slug: string) => ({
    eventSlug: slug,
    items: [{ ticketTypeId, quantity }],
    buyer: slug === demo.dar.slug ? tzBuyer : buyer,
  });

  let refundedOrderId: string;
  let boothIds: string[];

  beforeAll(async () => {
    // Seeded 25 days back, so ticket sales are open over the whole window the tests pay in.
    demo = await seedDemo(db(), new Date(NOW.getTime() - 25 * DAY));
    const n = demo.nairobi;
    const d = demo.dar;
    // 01:30 on 15 June in Nairobi, still 14 June in UTC: must count for the 15th.
    await paidOrder(tickets(n.regular.id, 2, n.slug), new Date("2026-06-14T22:30:00Z"));
    const vip = await paidOrder(tickets(n.vip.id, 1, n.slug), new Date("2026-06-13T10:00:00Z"));
    refundedOrderId = vip.id;
    // Outside the 14-day chart, inside the totals.
    await paidOrder(tickets(n.regular.id, 1, n.slug), new Date(NOW.getTime() - 20 * DAY));
    await paidOrder(tickets(d.regular.id, 3, d.slug), new Date("2026-06-15T08:00:00Z"), "dpo");

    const booths = await db().booth.findMany({
      where: { eventId: d.regular.eventId },
      orderBy: { code: "asc" },
      take: 3,
    });
    boothIds = booths.map((b) => b.id);
    const power = await db().addon.findFirstOrThrow({ where: { eventId: d.regular.eventId, code: "power" } });
    const boothOrder = await paidOrder(
      { eventSlug: d.slug, booths: [{ boothId: booths[0].id, company: "Mlimani Foods" }], buyer: tzBuyer },
      new Date("2026-06-14T08:00:00Z"),
      "dpo",
    );
    // Add-ons are sold with a booth; the report keeps them apart from the booth price.
    await db().orderItem.create({
      data: {
        orderId: boothOrder.id,
        kind: "addon",
        addonId: power.id,
        description: power.name,
        quantity: 1,
        unitPriceMinor: power.priceMinor,
        totalMinor: power.priceMinor,
      },
    });
    await db().order.update({ where: { id: boothOrder.id }, data: { totalMinor: { increment: power.priceMinor } } });

    // Pending: holds a booth and seats, sells nothing.
    await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: d.slug,
        items: [{ ticketTypeId: d.regular.id, quantity: 4 }],
        booths: [{ boothId: booths[1].id, company: "Kariakoo Traders" }],
        buyer: tzBuyer,
      }),
      new Date(NOW.getTime() - 5 * 60_000),
    );
    await db().booth.update({ where: { id: booths[2].id }, data: { status: "blocked" } });
    // A failed attempt on a pending Nairobi order: not revenue anywhere.
    const pending = await createOrder(db(), createOrderSchema.parse(tickets(n.student.id, 1, n.slug)), NOW);
    const po = await db().order.findUniqueOrThrow({ where: { reference: pending.reference } });
    await db().payment.create({
      data: {
        orderId: po.id,
        gateway: "daraja",
        status: "failed",
        amountMinor: po.totalMinor,
        currency: "KES",
        expiresAt: NOW,
        failureCode: "1032",
      },
    });
    // Half of the VIP ticket refunded.
    await db().order.update({
      where: { id: refundedOrderId },
      data: { status: "partially_refunded", refundedMinor: 2_500_00 },
    });
    await db().payment.updateMany({ where: { orderId: refundedOrderId }, data: { refundedMinor: 2_500_00 } });
  });

  it("per event: paid orders, tickets and revenue in the event's own currency, with refunds apart", async () => {
    const events = await salesByEvent(db());
    const nairobi = events.find((e) => e.slug === demo.nairobi.slug)!;
    const dar = events.find((e) => e.slug === demo.dar.slug)!;
    const kes = 2 * 2_500_00 + 7_500_00 + 2_500_00;
    expect(nairobi).toMatchObject({
      ordersPaid: 3,
      ticketsSold: 4,
      gross: [{ currency: "KES", amountMinor: kes }],
      refunded: [{ currency: "KES", amountMinor: 2_500_00 }],
      net: [{ currency: "KES", amountMinor: kes - 2_500_00 }],
    });
    const booth = await db().booth.findUniqueOrThrow({ where: { id: boothIds[0] } });
    const tzs = 3 * 30_000_00 + booth.priceMinor + 150_000_00;
    // Never mixed with the Nairobi shillings.
    expect(dar).toMatchObject({
      ordersPaid: 2,
      ticketsSold: 3,
      gross: [{ currency: "TZS", amountMinor: tzs }],
      net: [{ currency: "TZS", amountMinor: tzs }],
    });
  });

  it("per ticket type: sold and held against capacity, and revenue of the sold seats", async () => {
    const types = await salesByTicketType(db());
    const of = (id: string) => types.find((t) => t.ticketTypeId === id)!;
    expect(of(demo.nairobi.regular.id)).toMatchObject({
      sold: 3,
      held: 0,
      capacity: 400,
      revenue: [{ currency: "KES", amountMinor: 3 * 2_500_00 }],
    });
    expect(of(demo.nairobi.student.id)).toMatchObject({ sold: 0, held: 1, revenue: [] });
    expect(of(demo.dar.regular.id)).toMatchObject({
      sold: 3,
      held: 4,
      revenue: [{ currency: "TZS", amountMinor: 3 * 30_000_00 }],
    });
    expect(
      (await salesByTicketType(db(), { eventId: demo.dar.regular.eventId })).every(
        (t) => t.eventId === demo.dar.regular.eventId,
      ),
    ).toBe(true);
  });

  it("per gateway: succeeded payments and their money per currency; failures do not count", async () => {
    const gateways = await salesByGateway(db());
    expect(gateways).toEqual([
      {
        gateway: "daraja",
        currency: "KES",
        succeeded: 3,
        amountMinor: 2 * 2_500_00 + 7_500_00 + 2_500_00,
        refundedMinor: 2_500_00,
      },
      expect.objectContaining({ gateway: "dpo", currency: "TZS", succeeded: 2, refundedMinor: 0 }),
    ]);
  });

  it("per day: the last 14 days in the zone's calendar, zeros included, revenue per currency", async () => {
    const { timeZone, days } = await salesByDay(db(), { now: NOW });
    expect(timeZone).toBe("Africa/Nairobi");
    expect(days).toHaveLength(14);
    expect(days[0].day).toBe("2026-06-02");
    expect(days[13]).toEqual({
      day: "2026-06-15",
      orders: 2,
      tickets: 5,
      revenue: expect.arrayContaining([
        { currency: "KES", amountMinor: 2 * 2_500_00 },
        { currency: "TZS", amountMinor: 3 * 30_000_00 },
      ]),
    });
    expect(days[13].revenue).toHaveLength(2);
    // The booth order: one order, no seats.
    expect(days[12]).toMatchObject({ day: "2026-06-14", orders: 1, tickets: 0 });
    expect(days[11]).toMatchObject({
      day: "2026-06-13",
      orders: 1,
      tickets: 1,
      revenue: [{ currency: "KES", amountMinor: 7_500_00 }],
    });
    expect(days.slice(0, 11).every((d) => d.orders === 0 && d.revenue.length === 0)).toBe(true);

    // In UTC the 01:30-Nairobi order belongs to the 14th.
    const utc = await salesByDay(db(), { now: NOW, timeZone: "UTC" });
    expect(utc.days.find((d) => d.day === "2026-06-14")).toMatchObject({ orders: 2, tickets: 2 });
    // One event: its own zone, its own orders.
    const dar = await salesByDay(db(), { now: NOW, eventId: demo.dar.regular.eventId });
    expect(dar.timeZone).toBe("Africa/Dar_es_Salaam");
    expect(dar.days[13]).toMatchObject({
      orders: 1,
      tickets: 3,
      revenue: [{ currency: "TZS", amountMinor: 3 * 30_000_00 }],
    });
  });

  it("counts days by the zone's calendar even across a month end", () => {
    expect(lastDays("Africa/Nairobi", new Date("2026-03-01T22:00:00Z"), 3)).toEqual([
      "2026-02-28",
      "2026-03-01",
      "2026-03-02",
    ]);
  });

  it("booth occupancy: available, held, booked and blocked, and booth and add-on revenue apart", async () => {
    const [dar] = await boothOccupancy(db());
    const booth = await db().booth.findUniqueOrThrow({ where: { id: boothIds[0] } });
    const total = await db().booth.count({ where: { eventId: demo.dar.regular.eventId } });
    expect(dar).toMatchObject({
      eventId: demo.dar.regular.eventId,
      total,
      booked: 1,
      held: 1,
      blocked: 1,
      available: total - 3,
      boothRevenue: [{ currency: "TZS", amountMinor: booth.priceMinor }],
      addonRevenue: [{ currency: "TZS", amountMinor: 150_000_00 }],
    });
  });

  it("check-in progress per event that sold tickets", async () => {
    const ticket = await db().ticket.findFirstOrThrow({
      where: { eventId: demo.nairobi.regular.eventId, ticketTypeId: demo.nairobi.regular.id },
    });
    const codes = await ticketCodes(db(), [ticket]);
    const staff = await db().user.create({ data: { email: "gate-main@example.com", role: "staff" } });
    await redeemScan(db(), { code: codes.get(ticket.id)!, gate: "Main", userId: staff.id });
    const progress = await checkinByEvent(db(), NOW);
    expect(progress.find((p) => p.eventId === demo.nairobi.regular.eventId)).toMatchObject({
      total: 4,
      checkedIn: 1,
      byGate: { Main: 1 },
    });
    expect(progress.find((p) => p.eventId === demo.dar.regular.eventId)).toMatchObject({ checkedIn: 0 });
    const report = await dashboardReport(db(), NOW);
    expect(report.daily.days).toHaveLength(14);
    expect(report.events.map((e) => e.slug).sort()).toEqual([
      "bangkok-design-week",
      "dar-trade-expo",
      "kampala-music-festival",
      "nairobi-tech-summit",
    ]);
  });
});
