import { beforeAll, expect, it } from "vitest";
import { getEventDetail } from "@/lib/catalog/events";
import { sqlOf } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { describeEachDatabase } from "@/test/db";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { buyer, seedDemo } from "@/test/fixtures";
import { createOrder } from "./create-order";
import { releaseExpiredHolds } from "./holds";
import { getOrderView } from "./order-view";
import { createOrderSchema } from "./schemas";

const request = (ticketTypeId: string, quantity: number, slug = "nairobi-tech-summit") =>
  createOrderSchema.parse({ eventSlug: slug, items: [{ ticketTypeId, quantity }], buyer });

describeEachDatabase("orders and holds", (database) => {
  checkStockAfterEach(() => database().prisma);
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    demo = await seedDemo(database().prisma);
  });

  it("holds seats, prices from the database and normalises the phone", async () => {
    const db = database().prisma;
    const input = createOrderSchema.parse({
      eventSlug: demo.nairobi.slug,
      items: [{ ticketTypeId: demo.nairobi.regular.id, quantity: 2, price: 1 }],
      buyer: { ...buyer, email: "Wanjiku@Example.com" },
    });
    const order = await createOrder(db, input);
    expect(order).toMatchObject({ status: "pending", total: 2 * 2_500_00, currency: "KES" });
    const stored = await db.order.findUniqueOrThrow({ where: { reference: order.reference } });
    expect(stored.buyerPhone).toBe("+254712345678");
    expect(stored.buyerEmail).toBe("wanjiku@example.com");
    const type = await db.ticketType.findUniqueOrThrow({ where: { id: demo.nairobi.regular.id } });
    expect(type.held).toBe(2);
    const event = await getEventDetail(db, demo.nairobi.slug);
    expect(event.ticketTypes.find((t) => t.id === type.id)?.available).toBe(type.capacity - 2);
  });

  it("records when the order was made and until when it holds, in UTC, and lists its lines in the order given", async () => {
    const db = database().prisma;
    // Whatever zone the database server runs in, column defaults and stored times are UTC like Prisma's.
    expect((await sqlOf(db).query<{ TimeZone: string }>("SHOW TimeZone")).rows[0].TimeZone).toMatch(
      /^(UTC|Etc\/UTC|GMT)$/,
    );
    const before = Date.now();
    const order = await createOrder(
      db,
      createOrderSchema.parse({
        eventSlug: demo.nairobi.slug,
        items: [
          { ticketTypeId: demo.nairobi.vip.id, quantity: 1 },
          { ticketTypeId: demo.nairobi.regular.id, quantity: 1 },
          { ticketTypeId: demo.nairobi.student.id, quantity: 1 },
        ],
        buyer,
      }),
    );
    const stored = await db.order.findUniqueOrThrow({
      where: { reference: order.reference },
      include: { items: { orderBy: { id: "asc" } } },
    });
    expect(stored.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(stored.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect(stored.expiresAt.toISOString()).toBe(order.expiresAt);
    expect(stored.items.map((i) => i.description)).toEqual(["VIP ticket", "Regular ticket", "Student ticket"]);
  });

  it("refuses what cannot be sold, with codes a caller can act on", async () => {
    const db = database().prisma;
    const code = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: AppError) => `${e.status} ${e.code}`,
      );
    expect(await code(createOrder(db, request(demo.nairobi.vip.id, 5)))).toBe("422 quantity_above_maximum");
    expect(await code(createOrder(db, request(demo.nairobi.earlyBird.id, 1)))).toBe("422 sales_closed");
    expect(await code(createOrder(db, request(demo.dar.tradeDay.id, 1, demo.dar.slug)))).toBe("422 sales_not_started");
    expect(await code(createOrder(db, request(demo.dar.regular.id, 1)))).toBe("422 unknown_ticket_type");
    expect(await code(createOrder(db, request(demo.nairobi.regular.id, 1, "no-such-event")))).toBe(
      "404 event_not_found",
    );
    expect(
      await code(createOrder(db, createOrderSchema.parse({ eventSlug: demo.nairobi.slug, items: [], buyer }))),
    ).toBe("400 empty_order");
    const badPhone = createOrderSchema.parse({
      eventSlug: demo.nairobi.slug,
      items: [{ ticketTypeId: demo.nairobi.regular.id, quantity: 1 }],
      buyer: { ...buyer, phone: "12345" },
    });
    await expect(createOrder(db, badPhone)).rejects.toMatchObject({
      code: "invalid_input",
      fields: { "buyer.phone": expect.any(String) },
    });
    // Two lines of one type cannot dodge the per-order maximum.
    const split = createOrderSchema.parse({
      eventSlug: demo.nairobi.slug,
      items: [
        { ticketTypeId: demo.nairobi.student.id, quantity: 1 },
        { ticketTypeId: demo.nairobi.student.id, quantity: 2 },
      ],
      buyer,
    });
    expect(await code(createOrder(db, split))).toBe("422 quantity_above_maximum");
  });

  it("never oversells under concurrency, and says how many are left", async () => {
    const db = database().prisma;
    const type = await db.ticketType.create({
      data: {
        eventId: demo.nairobi.regular.eventId,
        name: "Flash",
        priceMinor: 100_00,
        currency: "KES",
        capacity: 25,
        maxPerOrder: 3,
      },
    });
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) => createOrder(db, request(type.id, (i % 3) + 1))),
    );
    const held = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    for (const r of refused) expect(r.reason).toMatchObject({ code: "sold_out", status: 409 });
    const after = await db.ticketType.findUniqueOrThrow({ where: { id: type.id } });
    const heldSeats = await db.orderItem.aggregate({ where: { ticketTypeId: type.id }, _sum: { quantity: true } });
    expect(after.held).toBe(heldSeats._sum.quantity);
    expect(after.held).toBeLessThanOrEqual(25);
    // Every refusal happened because the order did not fit in what was left.
    expect(after.held).toBeGreaterThanOrEqual(23);
    expect(held.length).toBeGreaterThan(0);
  });

  it("gives expired holds back, exactly once", async () => {
    const db = database().prisma;
    const type = await db.ticketType.create({
      data: {
        eventId: demo.nairobi.regular.eventId,
        name: "Tiny",
        priceMinor: 100_00,
        currency: "KES",
        capacity: 2,
        maxPerOrder: 2,
      },
    });
    const past = new Date(Date.now() - 60 * 60_000);
    const first = await createOrder(db, request(type.id, 2), past);
    // The hold ran out: a new buyer gets the seats without waiting for the sweep.
    const second = await createOrder(db, request(type.id, 2));
    expect((await db.order.findUniqueOrThrow({ where: { reference: first.reference } })).status).toBe("expired");
    await Promise.all([releaseExpiredHolds(db), releaseExpiredHolds(db), getOrderView(db, first.reference)]);
    const after = await db.ticketType.findUniqueOrThrow({ where: { id: type.id } });
    expect(after.held).toBe(2);
    expect((await getOrderView(db, second.reference)).status).toBe("pending");
  });

  it("shows an expired order as expired on the order page", async () => {
    const db = database().prisma;
    const past = new Date(Date.now() - 60 * 60_000);
    const order = await createOrder(db, request(demo.nairobi.regular.id, 1), past);
    const before = (await db.ticketType.findUniqueOrThrow({ where: { id: demo.nairobi.regular.id } })).held;
    const view = await getOrderView(db, order.reference.toLowerCase());
    expect(view.status).toBe("expired");
    expect(view.buyer.emailMasked).toBe("w***@example.com");
    expect((await db.ticketType.findUniqueOrThrow({ where: { id: demo.nairobi.regular.id } })).held).toBe(before - 1);
  });
});
