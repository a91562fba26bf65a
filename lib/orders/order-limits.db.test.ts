import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { useDatabase, type Db } from "@/lib/db/client";
import { registerSql, sqlOf } from "@/lib/db/sql";
import { describeEachDatabase } from "@/test/db";
import { postOrderRequest } from "@/test/order-requests";
import { orderBody, seedDemo } from "@/test/fixtures";
import { AppError } from "@/lib/errors";
import { createOrder } from "./create-order";
import { holdLimits, MAX_OPEN_BOOTH_HOLDS } from "./order-limits";
import { createOrderSchema } from "./schemas";
import { settleOrderPaid } from "./settle";

const DAR = "dar-trade-expo";

const post = postOrderRequest;

describeEachDatabase("order limits", (database) => {
  const db = (): Db => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  const booths = () =>
    db().booth.findMany({ where: { event: { slug: DAR }, status: "available" }, orderBy: { code: "asc" } });
  const boothOrder = (boothIds: string[], email: string, phone = "+255 754 000 222") => ({
    eventSlug: DAR,
    booths: boothIds.map((boothId) => ({ boothId, company: "Holder Ltd" })),
    buyer: { name: "Holder", email, phone },
  });
  // A buyer of their own per order: these tests are about the client's limits, not one buyer's.
  let n = 0;
  const ticketFor = (ticketTypeId: string) => {
    n++;
    return orderBody(ticketTypeId, 1, undefined, {
      buyer: { name: `Buyer ${n}`, email: `ip-buyer-${n}@example.com`, phone: `0712 ${String(400_000 + n)}` },
    });
  };

  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
  });
  afterEach(() => vi.unstubAllEnvs());

  it("limits orders per client IP behind a trusted proxy, with a readable 429; other IPs are served", async () => {
    vi.stubEnv("TRUST_PROXY", "1");
    vi.stubEnv("ORDER_RATE_LIMIT_PER_IP", "3");
    const ticket = () => ticketFor(demo.nairobi.regular.id);
    for (let i = 0; i < 3; i++) expect((await post(ticket(), "198.51.100.40")).status).toBe(201);
    // Writing another address in front does not make a new caller: the proxy's entry is the last one.
    const limited = await post(ticket(), "192.0.2.99, 198.51.100.40");
    expect(limited.status).toBe(429);
    expect((await limited.json()).error).toMatchObject({
      code: "rate_limited",
      message: expect.stringContaining("Too many orders"),
      retryAfterSeconds: 600,
    });
    expect((await post(ticket(), "198.51.100.41")).status).toBe(201);
    // An IPv6 client is its /64: a new address inside it for every order is still the one caller.
    for (let i = 1; i <= 3; i++) expect((await post(ticket(), `2001:db8:40:1::${i}`)).status).toBe(201);
    expect((await post(ticket(), "2001:db8:40:1:abcd::99")).status).toBe(429);
    expect((await post(ticket(), "2001:db8:40:2::1")).status).toBe(201);
  });

  it("has no per-IP limit when it is 0, or when the IP is unknown (no TRUST_PROXY: one bucket for all would stop every sale)", async () => {
    vi.stubEnv("ORDER_RATE_LIMIT_PER_IP", "2");
    const ticket = () => ticketFor(demo.nairobi.regular.id);
    for (let i = 0; i < 4; i++) expect((await post(ticket(), "198.51.100.50")).status).toBe(201);
    vi.stubEnv("TRUST_PROXY", "1");
    vi.stubEnv("ORDER_RATE_LIMIT_PER_IP", "0");
    for (let i = 0; i < 4; i++) expect((await post(ticket(), "198.51.100.51")).status).toBe(201);
    expect(
      await db().rateLimit.count({ where: { key: { in: ["orders:ip:198.51.100.50", "orders:ip:198.51.100.51"] } } }),
    ).toBe(0);
  });

  it(`one e-mail holds at most ${MAX_OPEN_BOOTH_HOLDS} unpaid booths per event, even booking them all at once; paying frees a place`, async () => {
    const free = await booths();
    const email = "hoarder@example.co.tz";
    // Five bookings at the same moment, each for another booth.
    const responses = await Promise.all(free.slice(0, 5).map((b) => post(boothOrder([b.id], email))));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    const refused = await responses.find((r) => r.status === 429)!.json();
    expect(refused.error).toMatchObject({
      code: "too_many_unpaid_orders",
      held: 3,
      limit: 3,
      message: expect.stringContaining("at most 3 unpaid booths"),
    });
    const mine = await db().order.findMany({ where: { buyerEmail: email }, select: { id: true } });
    expect(await db().booth.count({ where: { status: "held", holdOrderId: { in: mine.map((o) => o.id) } } })).toBe(3);
    // The same address typed with capitals is the same address.
    expect((await post(boothOrder([free[5].id], email.toUpperCase()))).status).toBe(429);
    // Another exhibitor is not affected.
    expect((await post(boothOrder([free[6].id], "someone.else@example.co.tz", "+255 754 000 333"))).status).toBe(201);

    // Once one is paid, the address may hold another.
    const paid = await db().order.findFirstOrThrow({ where: { buyerEmail: email, status: "pending" } });
    expect(await db().$transaction((tx) => settleOrderPaid(tx, paid.id, new Date()))).toBe("paid");
    expect((await post(boothOrder([free[7].id], email))).status).toBe(201);
    // One order with more booths than are left under the limit is refused whole.
    const fresh = "big.stand@example.co.tz";
    const big = await post(
      boothOrder(
        free.slice(8, 8 + MAX_OPEN_BOOTH_HOLDS + 1).map((b) => b.id),
        fresh,
        "+255 754 000 444",
      ),
    );
    expect(big.status).toBe(429);
    // Holding none yet, the refusal does not say "you already hold 0".
    expect((await big.json()).error.message).toMatch(
      /^One buyer \(the same e-mail address or phone number\) can hold at most 3 unpaid booths per event\. Pay for them on the order page/,
    );
    expect(
      await db().booth.count({ where: { id: { in: free.slice(8, 12).map((b) => b.id) }, status: "available" } }),
    ).toBe(4);
  });

  it("one buyer holds at most 12 unpaid seats across lines and orders, or one full order of the event's largest kind, and takes as many free ones", async () => {
    const source = (perBuyer: number) => ({
      clientKey: "ip:203.0.113.7",
      limits: { ...holdLimits({}), perBuyer, perClient: 0 },
    });
    const { regular, vip, student } = demo.nairobi;
    const phones: Record<string, string> = {
      "seats@example.com": "0712 500 001",
      "single@example.com": "0712 500 002",
      "free@example.com": "0712 500 003",
    };
    const order = (email: string, perBuyer: number, items: [string, number][]) =>
      createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: demo.nairobi.slug,
          items: items.map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity })),
          buyer: { name: "Seat Counter", email, phone: phones[email] },
        }),
        new Date(),
        source(perBuyer),
      ).then(
        (o) => o.status,
        (e: AppError) => e.code,
      );
    // Three orders of up to 12 seats in all (Regular's maximum is 10: one full order of it fits too).
    expect(await order("seats@example.com", 3, [[regular.id, 10]])).toBe("pending");
    expect(
      await order("seats@example.com", 3, [
        [student.id, 1],
        [vip.id, 2],
      ]),
    ).toBe("too_many_unpaid_orders");
    expect(
      await order("seats@example.com", 3, [
        [student.id, 1],
        [vip.id, 1],
      ]),
    ).toBe("pending");
    // One order allowed: one full order of the largest kind, not one seat more.
    expect(
      await order("single@example.com", 1, [
        [regular.id, 10],
        [vip.id, 1],
      ]),
    ).toBe("too_many_unpaid_orders");
    expect(await order("single@example.com", 1, [[regular.id, 10]])).toBe("pending");

    const free = await db().ticketType.create({
      data: {
        eventId: regular.eventId,
        name: "Open day",
        priceMinor: 0,
        currency: "KES",
        capacity: 100,
        maxPerOrder: 10,
      },
    });
    expect(await order("free@example.com", 3, [[free.id, 10]])).toBe("paid");
    expect(
      await order("free@example.com", 3, [
        [free.id, 2],
        [student.id, 1],
      ]),
    ).toBe("pending");
    expect(await order("free@example.com", 3, [[free.id, 3]])).toBe("free_limit_reached");
  });

  it("one client address holds at most its number of unpaid orders, whoever orders; another address is served", async () => {
    const from = (clientKey: string, i: number) =>
      createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: demo.nairobi.slug,
          items: [{ ticketTypeId: demo.nairobi.regular.id, quantity: 1 }],
          buyer: { name: `Client ${i}`, email: `client-${i}@example.com`, phone: `0712 600 00${i}` },
        }),
        new Date(),
        { clientKey, limits: { ...holdLimits({}), perBuyer: 0, perClient: 2 } },
      ).then(
        (o) => o.status,
        (e: AppError) => e.code,
      );
    expect(await from("ip:203.0.113.20", 1)).toBe("pending");
    expect(await from("ip:203.0.113.20", 2)).toBe("pending");
    expect(await from("ip:203.0.113.20", 3)).toBe("too_many_unpaid_orders");
    expect(await from("ip:203.0.113.21", 4)).toBe("pending");
  });

  it("a limit that refuses every time, yet is never reached when asked why, answers a 429 (never a 500)", async () => {
    // The one hold this client may keep belongs to it when the guard counts and to another address when
    // the refusal is explained, every time: as if its holds changed between every two looks.
    const limits = { ...holdLimits({}), perBuyer: 0, perClient: 1 };
    const order = (on: Db) =>
      createOrder(on, createOrderSchema.parse(ticketFor(demo.nairobi.regular.id)), new Date(), {
        clientKey: "ip:203.0.113.30",
        limits,
      });
    const held = await order(db());
    const flickering = new Proxy(db(), {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const sql = sqlOf(db());
    let looks = 0;
    registerSql(flickering, {
      ...sql,
      transaction: async (fn) => {
        const clientKey = looks++ % 2 === 0 ? "ip:203.0.113.30" : "ip:203.0.113.31";
        await db().order.update({ where: { reference: held.reference }, data: { clientKey } });
        return sql.transaction(fn);
      },
    });
    await expect(order(flickering)).rejects.toMatchObject({ code: "too_many_unpaid_orders", status: 429 });
    // Four refusals, each asked about once, and nothing held by the refused order.
    expect(looks).toBe(8);
    expect(await db().order.count({ where: { clientKey: { startsWith: "ip:203.0.113.3" } } })).toBe(1);
  });

  it("a refusal says which limit, what is held, the limit and when the first hold runs out; a phone is one buyer", async () => {
    const now = new Date();
    const holdMinutes = (await db().event.findUniqueOrThrow({ where: { slug: demo.nairobi.slug } })).holdMinutes;
    const retryAfterSeconds = holdMinutes * 60;
    const { regular, vip } = demo.nairobi;
    const place = (
      buyer: { email: string; phone: string },
      items: [string, number][],
      limits: { perBuyer: number; perClient: number },
      clientKey = "ip:203.0.113.40",
    ) =>
      createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: demo.nairobi.slug,
          items: items.map(([ticketTypeId, quantity]) => ({ ticketTypeId, quantity })),
          buyer: { name: "Limit Reader", ...buyer },
        }),
        now,
        { clientKey, limits: { ...holdLimits({}), ...limits } },
      ).then(
        (o) => o.status,
        (e: AppError) => ({ code: e.code, message: e.message, ...e.details }),
      );
    const buyer = { email: "reader@example.com", phone: "0712 700 001" };
    const twoOrders = { perBuyer: 2, perClient: 0 };
    expect(await place(buyer, [[vip.id, 1]], twoOrders)).toBe("pending");
    // Another inbox with the same phone, typed another way, is the same buyer.
    expect(await place({ email: "reader.two@example.com", phone: "+254712700001" }, [[vip.id, 1]], twoOrders)).toBe(
      "pending",
    );
    expect(await place({ email: "reader.three@example.com", phone: "0712 700 001" }, [[vip.id, 1]], twoOrders)).toEqual(
      {
        code: "too_many_unpaid_orders",
        message:
          "One buyer (the same e-mail address or phone number) can have at most 2 unpaid orders for this event at once, " +
          `and you have 2. Pay for one on its order page, or wait until a hold runs out, then order again. The first of those holds runs out in about ${holdMinutes} min.`,
        held: 2,
        limit: 2,
        retryAfterSeconds,
      },
    );

    const seats = { email: "seat.reader@example.com", phone: "0712 700 002" };
    expect(await place(seats, [[regular.id, 10]], { perBuyer: 3, perClient: 0 })).toBe("pending");
    expect(await place(seats, [[regular.id, 3]], { perBuyer: 3, perClient: 0 })).toEqual({
      code: "too_many_unpaid_orders",
      message:
        "One buyer (the same e-mail address or phone number) can hold at most 12 unpaid tickets for this event at once; " +
        `you already hold 10. Pay for them on the order page first, or order fewer. The first of those holds runs out in about ${holdMinutes} min.`,
      held: 10,
      limit: 12,
      retryAfterSeconds,
    });

    const client = { perBuyer: 0, perClient: 2 };
    for (const i of [3, 4]) {
      expect(
        await place(
          { email: `net${i}@example.com`, phone: `0712 700 00${i}` },
          [[vip.id, 1]],
          client,
          "ip:203.0.113.41",
        ),
      ).toBe("pending");
    }
    expect(
      await place({ email: "net5@example.com", phone: "0712 700 005" }, [[vip.id, 1]], client, "ip:203.0.113.41"),
    ).toEqual({
      code: "too_many_unpaid_orders",
      message: `Too many unpaid orders for this event from your network (at most 2 at once). Pay for the ones you have, or wait until a hold runs out, then try again. The first of those holds runs out in about ${holdMinutes} min.`,
      held: 2,
      limit: 2,
      retryAfterSeconds,
    });
  });

  it("a booth refusal counts the booths already held in the plural; an internal order is limited by e-mail alone", async () => {
    const free = await booths();
    const email = "two.stands@example.co.tz";
    expect((await post(boothOrder([free[0].id, free[1].id], email, "+255 754 000 666"))).status).toBe(201);
    const refused = await post(boothOrder([free[2].id, free[3].id], email, "+255 754 000 666"));
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toMatchObject({
      message:
        "One buyer (the same e-mail address or phone number) can hold at most 3 unpaid booths per event. You already hold 2 unpaid booths for this event. " +
        "Pay for them on the order page, or wait until a hold runs out, then book again. The first of those holds runs out in about 15 min.",
      held: 2,
      limit: 3,
    });
    // Demo data and admin tools order without a public source: one phone may serve many buyers there, and
    // only the booth limit per e-mail applies.
    const internal = (boothIds: string[], phone: string) =>
      createOrder(db(), createOrderSchema.parse(boothOrder(boothIds, "desk.clerk@example.co.tz", phone))).then(
        (o) => o.status,
        (e: AppError) => e.message,
      );
    expect(await internal([free[4].id, free[5].id, free[6].id], "+255 754 000 777")).toBe("pending");
    expect(await internal([free[7].id], "+255 754 000 778")).toMatch(
      /^One e-mail address can hold at most 3 unpaid booths per event\. You already hold 3 unpaid booths for this event\./,
    );
  });

  it("a booth refusal counts the booths already held, in the singular too", async () => {
    const free = await booths();
    const email = "one.stand@example.co.tz";
    expect(free.length).toBeGreaterThan(MAX_OPEN_BOOTH_HOLDS);
    expect((await post(boothOrder([free[0].id], email, "+255 754 000 555"))).status).toBe(201);
    const refused = await post(
      boothOrder(
        free.slice(1, 1 + MAX_OPEN_BOOTH_HOLDS).map((b) => b.id),
        email,
        "+255 754 000 555",
      ),
    );
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toMatchObject({
      code: "too_many_unpaid_orders",
      message:
        "One buyer (the same e-mail address or phone number) can hold at most 3 unpaid booths per event. You already hold 1 unpaid booth for this event. " +
        "Pay for it on the order page, or wait until a hold runs out, then book again. The first of those holds runs out in about 15 min.",
      held: 1,
      limit: 3,
    });
  });
});
