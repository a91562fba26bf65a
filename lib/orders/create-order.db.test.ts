import { beforeAll, expect, it, vi } from "vitest";
import { invalidateCatalog } from "@/lib/catalog/catalog-cache";
import { getEventDetail } from "@/lib/catalog/events";
import { sqlOf } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { describeEachDatabase } from "@/test/db";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { buyer, seedDemo } from "@/test/fixtures";
import { createOrder } from "./create-order";
import { joinWaitlist } from "@/lib/waitlist/join";
import { releaseExpiredHolds, releaseHold } from "./holds";
import { getOrderView } from "./order-view";
import { createOrderSchema } from "./schemas";

// References a test forces on the next orders (to collide with one already taken); random otherwise.
const forcedReferences = vi.hoisted(() => [] as string[]);
vi.mock("./reference", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./reference")>();
  return { ...actual, newOrderReference: () => forcedReferences.shift() ?? actual.newOrderReference() };
});

// Set by a test: the next free order's confirmation fails after its hold has been placed.
const failConfirmation = vi.hoisted(() => ({ next: false }));
vi.mock("./free-order", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./free-order")>();
  return {
    ...actual,
    confirmFreeOrder: (...args: Parameters<typeof actual.confirmFreeOrder>) => {
      if (!failConfirmation.next) return actual.confirmFreeOrder(...args);
      failConfirmation.next = false;
      return Promise.reject(new AppError("internal_error", "The confirmation failed."));
    },
  };
});

// Set by a test: another admin raises this ticket type's price by 1.00 just after each of the next
// `times` orders has read the catalogue (the event's questions are read between the two).
const movingPrice = vi.hoisted(() => ({ ticketTypeId: "", times: 0 }));
vi.mock("@/lib/questions/answers", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@/lib/questions/answers")>();
  return {
    ...actual,
    eventQuestions: async (...args: Parameters<typeof actual.eventQuestions>) => {
      if (movingPrice.times > 0) {
        movingPrice.times--;
        await args[0].ticketType.update({
          where: { id: movingPrice.ticketTypeId },
          data: { priceMinor: { increment: 100 } },
        });
      }
      return actual.eventQuestions(...args);
    },
  };
});

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

  it("an order that still does not fit after expired holds are given back is told how many seats are left", async () => {
    const db = database().prisma;
    const type = await db.ticketType.create({
      data: {
        eventId: demo.nairobi.regular.eventId,
        name: "Small room",
        priceMinor: 100_00,
        currency: "KES",
        capacity: 4,
        maxPerOrder: 4,
      },
    });
    const lapsed = await createOrder(db, request(type.id, 2), new Date(Date.now() - 60 * 60_000));
    await createOrder(db, request(type.id, 2));
    await expect(createOrder(db, request(type.id, 3))).rejects.toMatchObject({
      status: 409,
      code: "sold_out",
      message: "Only 2 Small room tickets are left.",
      details: { available: 2 },
    });
    expect((await db.order.findUniqueOrThrow({ where: { reference: lapsed.reference } })).status).toBe("expired");
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

  it("tells the buyer in words why an order is refused, under the field to fix", async () => {
    const db = database().prisma;
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => "accepted",
        (e: AppError) => ({ status: e.status, code: e.code, message: e.message, fields: e.fields, details: e.details }),
      );
    const order = (body: Record<string, unknown>) =>
      createOrder(db, createOrderSchema.parse({ eventSlug: demo.nairobi.slug, buyer, ...body }));
    const { regular, vip, student, earlyBird } = demo.nairobi;

    expect(await refusal(order({ items: [{ ticketTypeId: vip.id, quantity: 5 }] }))).toEqual({
      status: 422,
      code: "quantity_above_maximum",
      message: "You can buy at most 4 VIP tickets per order.",
      fields: { "items.0.quantity": "At most 4." },
      details: { ticketTypeId: vip.id, maxPerOrder: 4 },
    });
    // Lines of one type are counted together; the error points at the type's first line.
    expect(
      await refusal(
        order({
          items: [
            { ticketTypeId: regular.id, quantity: 1 },
            { ticketTypeId: student.id, quantity: 1 },
            { ticketTypeId: regular.id, quantity: 1 },
            { ticketTypeId: student.id, quantity: 2 },
          ],
        }),
      ),
    ).toMatchObject({ code: "quantity_above_maximum", fields: { "items.1.quantity": "At most 2." } });
    expect(await refusal(order({ items: [{ ticketTypeId: earlyBird.id, quantity: 1 }] }))).toEqual({
      status: 422,
      code: "sales_closed",
      message: "Early bird ticket sales have closed.",
      fields: undefined,
      details: { ticketTypeId: earlyBird.id },
    });
    expect(await refusal(createOrder(db, request(demo.dar.tradeDay.id, 1, demo.dar.slug)))).toEqual({
      status: 422,
      code: "sales_not_started",
      message: "Trade day pass tickets are not on sale yet.",
      fields: undefined,
      details: { ticketTypeId: demo.dar.tradeDay.id },
    });
    expect(
      await refusal(
        order({
          items: [
            { ticketTypeId: regular.id, quantity: 1 },
            { ticketTypeId: demo.dar.regular.id, quantity: 1 },
          ],
        }),
      ),
    ).toMatchObject({
      code: "unknown_ticket_type",
      message: "That ticket type is not sold for this event.",
      fields: { "items.1.ticketTypeId": "Unknown ticket type." },
    });
    expect(await refusal(createOrder(db, request(regular.id, 1, "no-such-event")))).toMatchObject({
      code: "event_not_found",
      message: 'There is no event "no-such-event".',
    });
    expect(await refusal(order({ items: [] }))).toMatchObject({
      code: "empty_order",
      message: "Choose at least one ticket or booth.",
    });
    expect(
      await refusal(order({ items: [{ ticketTypeId: regular.id, quantity: 1 }], buyer: { ...buyer, phone: "12345" } })),
    ).toMatchObject({
      code: "invalid_input",
      message: "Enter a valid phone number.",
      fields: { "buyer.phone": "Enter a valid phone number for Kenya, or start with + and the country code." },
    });
    expect(
      await refusal(
        order({ items: [{ ticketTypeId: regular.id, quantity: 1, attendees: [{ name: "A" }, { name: "B" }] }] }),
      ),
    ).toMatchObject({
      code: "invalid_input",
      message: "There are more attendee names than tickets.",
      fields: { "items.0.attendees": "One name per ticket." },
    });
    const [a1, a2] = await db.booth.findMany({ where: { event: { slug: demo.dar.slug } }, orderBy: { code: "asc" } });
    const exhibit = (booths: unknown[]) =>
      createOrder(db, createOrderSchema.parse({ eventSlug: demo.dar.slug, booths, buyer }));
    expect(
      await refusal(
        exhibit([
          { boothId: a1.id, company: "Twice Ltd" },
          { boothId: a1.id, company: "Twice Ltd" },
        ]),
      ),
    ).toMatchObject({ code: "invalid_input", message: "A booth can only be booked once per order." });
    expect(
      await refusal(
        exhibit([
          { boothId: a1.id, company: "Known Ltd" },
          { boothId: "no-such-booth", company: "Unknown Ltd" },
        ]),
      ),
    ).toMatchObject({
      code: "unknown_booth",
      message: "That booth is not part of this event.",
      fields: { "booths.1.boothId": "Unknown booth." },
    });
    expect(
      await refusal(
        exhibit([
          {
            boothId: a2.id,
            company: "Extras Ltd",
            addons: [
              { code: "power", quantity: 1 },
              { code: "fireworks", quantity: 1 },
            ],
          },
        ]),
      ),
    ).toMatchObject({
      code: "unknown_addon",
      message: "That add-on is not offered for this event.",
      fields: { "booths.0.addons.1": "Unknown add-on." },
    });
  });

  it("sells exactly the per-order maximum and exactly the seats left, with one name per ticket", async () => {
    const db = database().prisma;
    const type = await db.ticketType.create({
      data: {
        eventId: demo.nairobi.regular.eventId,
        name: "Exact",
        priceMinor: 300_00,
        currency: "KES",
        capacity: 5,
        maxPerOrder: 3,
      },
    });
    const first = await createOrder(
      db,
      createOrderSchema.parse({
        eventSlug: demo.nairobi.slug,
        items: [
          {
            ticketTypeId: type.id,
            quantity: 3,
            attendees: [{ name: "Akinyi", email: "akinyi@example.com" }, { name: "Baraka", email: "" }, {}],
          },
        ],
        buyer,
      }),
    );
    expect(first.total).toBe(3 * 300_00);
    const item = await db.orderItem.findFirstOrThrow({ where: { order: { reference: first.reference } } });
    expect(item).toMatchObject({ kind: "ticket", quantity: 3, unitPriceMinor: 300_00, totalMinor: 900_00 });
    expect(item.details).toEqual({
      attendees: [{ name: "Akinyi", email: "akinyi@example.com" }, { name: "Baraka" }, { name: "" }],
    });
    // Two seats are left: two are sold, a third is not, and the buyer is told how many remain.
    const last = await createOrder(db, request(type.id, 2));
    expect(last.total).toBe(2 * 300_00);
    // Tickets ordered without names have empty ones, for the buyer to fill in.
    const unnamed = await db.orderItem.findFirstOrThrow({ where: { order: { reference: last.reference } } });
    expect(unnamed.details).toEqual({ attendees: [{ name: "" }, { name: "" }] });
    await expect(createOrder(db, request(type.id, 1))).rejects.toMatchObject({
      code: "sold_out",
      message: "Exact tickets are sold out.",
      details: { ticketTypeId: type.id, available: 0 },
    });
    const few = await db.ticketType.create({
      data: {
        eventId: demo.nairobi.regular.eventId,
        name: "Few",
        priceMinor: 300_00,
        currency: "KES",
        capacity: 2,
        maxPerOrder: 3,
      },
    });
    await expect(createOrder(db, request(few.id, 3))).rejects.toMatchObject({
      code: "sold_out",
      message: "Only 2 Few tickets are left.",
      details: { ticketTypeId: few.id, available: 2 },
    });
    await createOrder(db, request(few.id, 1));
    await expect(createOrder(db, request(few.id, 2))).rejects.toMatchObject({
      message: "Only 1 Few ticket is left.",
      details: { available: 1 },
    });
  });

  it("holds an order for the event's hold minutes from when it was placed, and answers its status and currency", async () => {
    const db = database().prisma;
    const now = new Date(Date.now() - 60_000);
    const order = await createOrder(db, request(demo.nairobi.regular.id, 1), now);
    expect(order).toMatchObject({
      status: "pending",
      total: demo.nairobi.regular.priceMinor,
      currency: "KES",
      expiresAt: new Date(now.getTime() + 15 * 60_000).toISOString(),
      accessToken: expect.any(String),
    });
    expect(order).not.toHaveProperty("discount");
    const stored = await db.order.findUniqueOrThrow({ where: { reference: order.reference } });
    expect(stored).toMatchObject({ status: "pending", accessToken: order.accessToken, answers: null, lang: "en" });
  });

  it("a free ticket is confirmed at once, without a gateway", async () => {
    const db = database().prisma;
    const free = await db.ticketType.create({
      data: {
        eventId: demo.nairobi.regular.eventId,
        name: "Community",
        priceMinor: 0,
        currency: "KES",
        capacity: 10,
        maxPerOrder: 2,
      },
    });
    const order = await createOrder(db, request(free.id, 2));
    expect(order).toMatchObject({ status: "paid", total: 0 });
    const stored = await db.order.findUniqueOrThrow({
      where: { reference: order.reference },
      include: { tickets: true },
    });
    expect(stored.status).toBe("paid");
    expect(stored.tickets).toHaveLength(2);
    expect((await db.ticketType.findUniqueOrThrow({ where: { id: free.id } })).sold).toBe(2);
  });

  it("a failure after the order is placed reaches the caller once, and never places the order a second time", async () => {
    const db = database().prisma;
    const free = await db.ticketType.create({
      data: {
        eventId: demo.nairobi.regular.eventId,
        name: "Open rehearsal",
        priceMinor: 0,
        currency: "KES",
        capacity: 10,
        maxPerOrder: 2,
      },
    });
    invalidateCatalog(); // so this order is priced from a catalogue cached with the new type
    failConfirmation.next = true;
    await expect(createOrder(db, request(free.id, 1))).rejects.toMatchObject({ code: "internal_error" });
    expect(await db.order.count({ where: { items: { some: { ticketTypeId: free.id } } } })).toBe(1);
    expect((await db.ticketType.findUniqueOrThrow({ where: { id: free.id } })).held).toBe(1);
  });

  it("a price changed while the order is placed is charged as it is now; one that keeps changing answers 409 catalog_changed", async () => {
    const db = database().prisma;
    const type = await db.ticketType.create({
      data: {
        eventId: demo.nairobi.regular.eventId,
        name: "Moving price",
        priceMinor: 1_000_00,
        currency: "KES",
        capacity: 10,
        maxPerOrder: 2,
      },
    });
    invalidateCatalog();
    // Changed under the cached read and two fresh ones: the third fresh read holds at the new price.
    Object.assign(movingPrice, { ticketTypeId: type.id, times: 3 });
    const order = await createOrder(db, request(type.id, 1));
    expect(order.total).toBe(1_000_00 + 300);
    expect(movingPrice.times).toBe(0);
    // Changed under every read: the buyer is asked to look at the prices again, and nothing is held.
    Object.assign(movingPrice, { times: 4 });
    await expect(createOrder(db, request(type.id, 1))).rejects.toMatchObject({
      status: 409,
      code: "catalog_changed",
      message: "The prices for this event changed while you were ordering. Please check them and order again.",
    });
    expect(movingPrice.times).toBe(0);
    expect((await db.ticketType.findUniqueOrThrow({ where: { id: type.id } })).held).toBe(1);
  });

  it("names a ticket line in the language the buyer ordered in, with the organiser's own words", async () => {
    const db = database().prisma;
    const sw = await createOrder(db, request(demo.nairobi.regular.id, 1), new Date(), undefined, { lang: "sw" });
    const stored = await db.order.findUniqueOrThrow({ where: { reference: sw.reference }, include: { items: true } });
    expect(stored.lang).toBe("sw");
    expect(stored.items.map((i) => i.description)).toEqual(["Tiketi ya Kawaida"]);
  });

  it("a hidden ticket type is sold only with a code that unlocks it", async () => {
    const db = database().prisma;
    const speaker = await db.ticketType.findFirstOrThrow({
      where: { eventId: demo.nairobi.regular.eventId, name: "Speaker pass" },
    });
    await expect(createOrder(db, request(speaker.id, 1))).rejects.toMatchObject({ code: "unknown_ticket_type" });
    await db.promoCode.create({
      data: {
        eventId: speaker.eventId,
        code: "SPEAKER",
        discountKind: "none",
        currency: "KES",
        unlocksTicketTypeIds: [speaker.id],
      },
    });
    const order = await createOrder(db, createOrderSchema.parse({ ...request(speaker.id, 1), promoCode: "speaker" }));
    expect(order).toMatchObject({ total: speaker.priceMinor, discount: { code: "SPEAKER", amount: 0 } });
  });

  it("at the box office: no phone needed, past the online maximum, and no question required; online all three apply", async () => {
    const db = database().prisma;
    const workshop = await db.ticketType.create({
      data: {
        eventId: demo.nairobi.regular.eventId,
        name: "Workshop",
        priceMinor: 500_00,
        currency: "KES",
        capacity: 20,
        maxPerOrder: 2,
      },
    });
    const ask = (data: { label: string; scope: "order" | "attendee"; required: boolean; kind?: "text" | "phone" }) =>
      db.checkoutQuestion.create({
        data: { eventId: workshop.eventId, kind: "text", ticketTypeIds: [workshop.id], ...data },
      });
    const diet = await ask({ label: "Dietary needs", scope: "attendee", required: true });
    const company = await ask({ label: "Company", scope: "order", required: false });
    const contact = await ask({ label: "Emergency contact", scope: "attendee", required: false, kind: "phone" });
    invalidateCatalog(); // as the admin's question editor does
    const input = (quantity: number, phone: string, extra: Record<string, unknown> = {}) => {
      const parsed = createOrderSchema.parse({
        eventSlug: demo.nairobi.slug,
        items: [{ ticketTypeId: workshop.id, quantity }],
        buyer,
        ...extra,
      });
      return { ...parsed, buyer: { ...parsed.buyer, phone } };
    };

    const door = await createOrder(db, input(3, "  "), new Date(), undefined, { door: true });
    const sold = await db.order.findUniqueOrThrow({ where: { reference: door.reference }, include: { items: true } });
    expect(sold.buyerPhone).toBe("");
    expect(sold.items[0].quantity).toBe(3);
    // What is answered at the door is still checked.
    const badContact = input(1, "", {
      items: [
        { ticketTypeId: workshop.id, quantity: 1, attendees: [{ name: "Esi", answers: { [contact.id]: "12" } }] },
      ],
    });
    await expect(createOrder(db, badContact, new Date(), undefined, { door: true })).rejects.toMatchObject({
      code: "invalid_input",
      fields: { [`items.0.attendees.0.answers.${contact.id}`]: "Enter a valid phone number." },
    });

    await expect(createOrder(db, input(1, ""))).rejects.toMatchObject({
      code: "invalid_input",
      fields: { "buyer.phone": expect.any(String) },
    });
    const answered = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: `Guest ${i}`, answers: { [diet.id]: "None" } }));
    await expect(
      createOrder(
        db,
        input(3, buyer.phone, { items: [{ ticketTypeId: workshop.id, quantity: 3, attendees: answered(3) }] }),
      ),
    ).rejects.toMatchObject({ code: "quantity_above_maximum" });
    await expect(createOrder(db, input(1, buyer.phone))).rejects.toMatchObject({
      code: "invalid_input",
      fields: { [`items.0.attendees.0.answers.${diet.id}`]: expect.any(String) },
    });
    const online = await createOrder(
      db,
      input(2, buyer.phone, {
        items: [
          {
            ticketTypeId: workshop.id,
            quantity: 1,
            attendees: [{ name: "Chebet", answers: { [diet.id]: "Vegetarian" } }],
          },
          { ticketTypeId: workshop.id, quantity: 1, attendees: [{ name: "Dede", answers: { [diet.id]: "None" } }] },
        ],
        answers: { [company.id]: "Savannah Labs" },
      }),
    );
    const stored = await db.order.findUniqueOrThrow({
      where: { reference: online.reference },
      include: { items: true },
    });
    expect(stored.buyerPhone).toBe("+254712345678");
    expect(stored.answers).toEqual({ [company.id]: "Savannah Labs" });
    expect(stored.items).toHaveLength(1);
    expect(stored.items[0].details).toEqual({
      attendees: [
        { name: "Chebet", answers: { [diet.id]: "Vegetarian" } },
        { name: "Dede", answers: { [diet.id]: "None" } },
      ],
    });
  });

  it("a waiting-list offer buys the seats it holds of a sold-out type; seats the order does not take go to the next in line", async () => {
    const db = database().prisma;
    const type = await db.ticketType.create({
      data: {
        eventId: demo.nairobi.regular.eventId,
        name: "Waitlisted",
        priceMinor: 400_00,
        currency: "KES",
        capacity: 2,
        maxPerOrder: 4,
      },
    });
    invalidateCatalog(); // written straight to the database, not through the admin
    const holding = await createOrder(db, request(type.id, 2));
    const join = (name: string, email: string, phone: string, quantity: number) =>
      joinWaitlist(db, demo.nairobi.slug, { ticketTypeId: type.id, name, email, phone, quantity }, undefined);
    await join("Pair", "pair@example.com", "0712 400 001", 2);
    await join("Next", "next@example.com", "0712 400 002", 1);
    await releaseHold(
      db,
      (await db.order.findUniqueOrThrow({ where: { reference: holding.reference } })).id,
      "cancelled",
    );
    const entry = (email: string) => db.waitlistEntry.findFirstOrThrow({ where: { email } });
    const { offerCode } = await entry("pair@example.com");
    expect((await entry("next@example.com")).status).toBe("waiting");
    // Without the code the offered seats are not for sale.
    await expect(createOrder(db, request(type.id, 1))).rejects.toMatchObject({ code: "sold_out" });
    // Read now, the catalogue shows the type full (its seats held for the offer): the offer still buys them.
    invalidateCatalog();
    // A double tap: the code buys once, the other order is told it was used.
    const taps = await Promise.allSettled(
      [1, 2].map(() => createOrder(db, createOrderSchema.parse({ ...request(type.id, 1), offerCode }))),
    );
    expect(taps.filter((t) => t.status === "fulfilled")).toMatchObject([
      { value: { status: "pending", total: 400_00 } },
    ]);
    expect(taps.filter((t) => t.status === "rejected")).toMatchObject([{ reason: { code: "offer_used" } }]);
    expect((await entry("next@example.com")).status).toBe("offered");
    expect(await db.ticketType.findUniqueOrThrow({ where: { id: type.id } })).toMatchObject({ held: 2 });
  });

  it("an order whose new reference is already taken is placed under another; four in a row give up instead of looping", async () => {
    const db = database().prisma;
    const first = await createOrder(db, request(demo.nairobi.student.id, 1));
    forcedReferences.push(first.reference, first.reference, first.reference);
    const second = await createOrder(db, request(demo.nairobi.student.id, 1));
    expect(forcedReferences).toEqual([]);
    expect(second.reference).not.toBe(first.reference);
    expect(await db.order.count({ where: { reference: { in: [first.reference, second.reference] } } })).toBe(2);

    const held = (await db.ticketType.findUniqueOrThrow({ where: { id: demo.nairobi.student.id } })).held;
    forcedReferences.push(...Array<string>(4).fill(first.reference));
    await expect(createOrder(db, request(demo.nairobi.student.id, 1))).rejects.toThrow();
    expect(forcedReferences).toEqual([]);
    expect((await db.ticketType.findUniqueOrThrow({ where: { id: demo.nairobi.student.id } })).held).toBe(held);
  });
});
