import { beforeAll, expect, it } from "vitest";
import { POST as postOrder } from "@/app/api/orders/route";
import { useDatabase, type Db } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { createOrder } from "./create-order";
import { createOrderSchema } from "./schemas";

/**
 * What an order is made of and what it costs when it has booths and add-ons: every line priced from the
 * event's own catalogue, never from another event's.
 */
const DAR = "dar-trade-expo";
const NAIROBI = "nairobi-tech-summit";
const exhibitor = { name: "Neema Mushi", email: "neema@example.co.tz", phone: "0754 123 456" };

const post = async (body: unknown) => {
  const res = await postOrder(
    new Request("http://test/api/orders", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    undefined as never,
  );
  return { status: res.status, body: await res.json() };
};

describeEachDatabase("pricing booths and add-ons", (database) => {
  checkStockAfterEach(() => database().prisma);
  const db = (): Db => database().prisma;
  const booth = (code: string) => db().booth.findFirstOrThrow({ where: { event: { slug: DAR }, code } });
  const addon = (code: string) => db().addon.findFirstOrThrow({ where: { event: { slug: DAR }, code } });

  beforeAll(async () => {
    await seedDemo(db());
    useDatabase(database());
  });

  it("prices an order of two booths with add-ons line by line, each add-on at price × quantity on its own booth", async () => {
    const [c1, c2, power, internet] = await Promise.all([
      booth("A10"),
      booth("A11"),
      addon("power"),
      addon("internet"),
    ]);
    const created = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        booths: [
          { boothId: c2.id, company: "Twiga Foods Ltd", addons: [{ code: "power", quantity: 3 }] },
          {
            boothId: c1.id,
            company: "Twiga Foods Ltd",
            addons: [
              { code: "internet", quantity: 2 },
              { addonId: internet.id, quantity: 1 },
            ],
          },
        ],
        buyer: exhibitor,
      }),
    );
    const total = c1.priceMinor + c2.priceMinor + 3 * power.priceMinor + 3 * internet.priceMinor;
    expect(created.total).toBe(total);
    const order = await db().order.findUniqueOrThrow({
      where: { reference: created.reference },
      include: { items: { orderBy: { id: "asc" } } },
    });
    expect(order.totalMinor).toBe(total);
    expect(order.items.map((i) => [i.kind, i.boothId, i.quantity, i.unitPriceMinor, i.totalMinor])).toEqual([
      ["booth", c2.id, 1, c2.priceMinor, c2.priceMinor],
      ["addon", c2.id, 3, power.priceMinor, 3 * power.priceMinor],
      ["booth", c1.id, 1, c1.priceMinor, c1.priceMinor],
      // The same add-on named by code and by id is one line.
      ["addon", c1.id, 3, internet.priceMinor, 3 * internet.priceMinor],
    ]);
    expect(order.items[1].description).toBe(`${power.name} · booth A11`);
    for (const b of [c1, c2]) expect(await booth(b.code)).toMatchObject({ status: "held", holdOrderId: order.id });
  });

  it("answers a booth id that is not the event's with 422 unknown_booth, holding nothing", async () => {
    const c3 = await booth("A12");
    const heldBefore = await db().ticketType.aggregate({ _sum: { held: true } });
    // Another event's booth, ordered through an event that has none: never held, never priced.
    for (const body of [
      { eventSlug: NAIROBI, booths: [{ boothId: c3.id, company: "Wrong Event Ltd" }], buyer },
      { eventSlug: DAR, booths: [{ boothId: "no-such-booth", company: "Nobody Ltd" }], buyer: exhibitor },
    ]) {
      const res = await post(body);
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({
        code: "unknown_booth",
        message: expect.any(String),
        fields: { "booths.0.boothId": expect.any(String) },
      });
    }
    expect(await booth("A12")).toMatchObject({ status: "available", holdOrderId: null });
    expect(await db().ticketType.aggregate({ _sum: { held: true } })).toEqual(heldBefore);
  });

  it("refuses an add-on of another event, named by id or by code, instead of pricing it into this order", async () => {
    const c4 = await booth("A13");
    const nairobi = await db().event.findUniqueOrThrow({ where: { slug: NAIROBI } });
    const foreign = await db().addon.create({
      data: { eventId: nairobi.id, code: "stage-lights", name: "Stage lights", priceMinor: 1, currency: "KES" },
    });
    for (const named of [{ addonId: foreign.id }, { code: "stage-lights" }]) {
      const res = await post({
        eventSlug: DAR,
        booths: [{ boothId: c4.id, company: "Lights Ltd", addons: [{ ...named, quantity: 1 }] }],
        buyer: exhibitor,
      });
      expect(res.status).toBe(422);
      expect(res.body.error).toMatchObject({
        code: "unknown_addon",
        fields: { "booths.0.addons.0": expect.any(String) },
      });
    }
    expect(await booth("A13")).toMatchObject({ status: "available", holdOrderId: null });
  });

  it("a booth line names the booth and its size and keeps the company, contact and requirements; the exhibitor is filed with the order, a ticket buyer never is", async () => {
    const b1 = await booth("B1");
    const created = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        booths: [
          {
            boothId: b1.id,
            company: "Kilimo Bora Ltd",
            contactName: "Asha Juma",
            requirements: "Near the entrance",
            addons: [],
          },
        ],
        buyer: { ...exhibitor, email: "asha@kilimo.example" },
      }),
    );
    const order = await db().order.findUniqueOrThrow({
      where: { reference: created.reference },
      include: { items: true, exhibitor: true },
    });
    expect(order.items).toEqual([
      expect.objectContaining({
        kind: "booth",
        boothId: b1.id,
        ticketTypeId: null,
        addonId: null,
        description: `Booth B1 (${b1.size})`,
        details: { company: "Kilimo Bora Ltd", contactName: "Asha Juma", requirements: "Near the entrance" },
      }),
    ]);
    expect(order.exhibitor).toMatchObject({ email: "asha@kilimo.example", companyName: "Kilimo Bora Ltd" });

    // Left empty, the contact and requirements are stored as nothing rather than as empty text.
    const b2 = await booth("B2");
    const bare = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        booths: [{ boothId: b2.id, company: "Pwani Crafts", contactName: "", requirements: "" }],
        buyer: { ...exhibitor, email: "pwani@crafts.example" },
      }),
    );
    const bareItem = await db().orderItem.findFirstOrThrow({ where: { order: { reference: bare.reference } } });
    expect(bareItem.details).toEqual({ company: "Pwani Crafts", contactName: null, requirements: null });

    const tickets = await db().ticketType.findFirstOrThrow({ where: { event: { slug: DAR }, name: "Regular" } });
    const visitor = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        items: [{ ticketTypeId: tickets.id, quantity: 1 }],
        buyer: { ...exhibitor, email: "visitor@example.co.tz" },
      }),
    );
    expect((await db().order.findUniqueOrThrow({ where: { reference: visitor.reference } })).exhibitorId).toBeNull();
  });

  it("a booth another exhibitor holds is refused with 409 booth_unavailable, naming it, and the order's seats are not held", async () => {
    const b3 = await booth("B3");
    const regular = await db().ticketType.findFirstOrThrow({ where: { event: { slug: DAR }, name: "Regular" } });
    await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        booths: [{ boothId: b3.id, company: "First Come Ltd" }],
        buyer: { ...exhibitor, email: "first@example.co.tz" },
      }),
    );
    const refused = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        items: [{ ticketTypeId: regular.id, quantity: 2 }],
        booths: [{ boothId: b3.id, company: "Second Ltd" }],
        buyer: { ...exhibitor, email: "second@example.co.tz" },
      }),
    ).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      status: 409,
      code: "booth_unavailable",
      message: "Booth B3 has just been taken. Please pick another.",
      details: { boothId: b3.id },
    });
    expect((await db().ticketType.findUniqueOrThrow({ where: { id: regular.id } })).held).toBe(regular.held);
    expect(await db().order.count({ where: { buyerEmail: "second@example.co.tz" } })).toBe(0);
  });

  it("a promo code for booths and VIP takes its percentage off the booth, its add-ons and the VIP tickets, and not off other tickets", async () => {
    const [b4, furniture, regular, dar] = await Promise.all([
      booth("B4"),
      addon("furniture"),
      db().ticketType.findFirstOrThrow({ where: { event: { slug: DAR }, name: "Regular" } }),
      db().event.findUniqueOrThrow({ where: { slug: DAR } }),
    ]);
    const vip = await db().ticketType.findFirstOrThrow({ where: { eventId: dar.id, name: "VIP" } });
    const promo = await db().promoCode.create({
      data: {
        eventId: dar.id,
        code: "EXHIBIT10",
        discountKind: "percent",
        discountValue: 10,
        currency: dar.currency,
        ticketTypeIds: [vip.id],
        appliesToBooths: true,
        maxUses: 1,
      },
    });
    const created = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        items: [
          { ticketTypeId: regular.id, quantity: 1 },
          { ticketTypeId: vip.id, quantity: 2 },
        ],
        booths: [{ boothId: b4.id, company: "Discount Ltd", addons: [{ code: "furniture", quantity: 2 }] }],
        buyer: { ...exhibitor, email: "discount@example.co.tz" },
        promoCode: "exhibit10",
      }),
    );
    // The code's VIP tickets, the booth and its add-ons are discounted; the Regular ticket is not.
    const discounted = 2 * vip.priceMinor + b4.priceMinor + 2 * furniture.priceMinor;
    const discount = Math.floor((discounted * 10 + 50) / 100);
    expect(created).toMatchObject({
      total: discounted + regular.priceMinor - discount,
      discount: { code: "EXHIBIT10", amount: discount },
    });
    expect((await db().order.findUniqueOrThrow({ where: { reference: created.reference } })).totalMinor).toBe(
      created.total,
    );
    expect(await db().promoCode.findUniqueOrThrow({ where: { id: promo.id } })).toMatchObject({ usesHeld: 1 });
    // Its one use is held by that order: the next exhibitor cannot have it.
    const b5 = await booth("B5");
    await expect(
      createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: DAR,
          booths: [{ boothId: b5.id, company: "Too Late Ltd" }],
          buyer: { ...exhibitor, email: "late@example.co.tz" },
          promoCode: "EXHIBIT10",
        }),
      ),
    ).rejects.toMatchObject({ code: "promo_exhausted" });
    expect(await booth("B5")).toMatchObject({ status: "available", holdOrderId: null });
  });

  it("two exhibitors spending a code's last use at once: one is discounted, the other is told promo_exhausted and holds nothing", async () => {
    const dar = await db().event.findUniqueOrThrow({ where: { slug: DAR } });
    await db().promoCode.create({
      data: {
        eventId: dar.id,
        code: "LASTONE",
        discountKind: "percent",
        discountValue: 5,
        currency: dar.currency,
        appliesToBooths: true,
        maxUses: 1,
      },
    });
    const [b6, b7] = await Promise.all([booth("B6"), booth("B7")]);
    const results = await Promise.allSettled(
      [b6, b7].map((b, i) =>
        createOrder(
          db(),
          createOrderSchema.parse({
            eventSlug: DAR,
            booths: [{ boothId: b.id, company: `Racer ${i} Ltd` }],
            buyer: { ...exhibitor, email: `racer${i}@example.co.tz` },
            promoCode: "LASTONE",
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toMatchObject([
      { value: { discount: { code: "LASTONE" } } },
    ]);
    expect(results.filter((r) => r.status === "rejected")).toMatchObject([{ reason: { code: "promo_exhausted" } }]);
    const booths = await Promise.all([booth("B6"), booth("B7")]);
    expect(booths.filter((b) => b.status === "held")).toHaveLength(1);
  });
});
