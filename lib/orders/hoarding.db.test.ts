import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as startPaymentRoute } from "@/app/api/orders/[reference]/payments/route";
import { releaseUnpaidHolds } from "@/lib/admin/release-holds";
import { useDatabase, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { describeEachDatabase } from "@/test/db";
import { postOrderRequest } from "@/test/order-requests";
import { seedDemo } from "@/test/fixtures";
import { settleOrderPaid } from "./settle";

const MINUTE = 60_000;
const DAR = "dar-trade-expo";
const NAIROBI = "nairobi-tech-summit";

type Buyer = { name: string; email: string; phone: string };

const post = postOrderRequest;

/** "Pay at the desk", as the order page asks for it. */
const payAtDesk = (reference: string) =>
  startPaymentRoute(
    new Request(`http://test/api/orders/${reference}/payments`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ gateway: "cash" }),
    }),
    { params: Promise.resolve({ reference }) },
  );

/** A different made-up inbox and phone per request, as a hoarding script would send. */
const throwaway = (i: number, country: "KE" | "TZ"): Buyer => ({
  name: `Hoarder ${i}`,
  email: `x${i}.${Math.random().toString(36).slice(2, 8)}@mailinator.com`,
  phone:
    country === "KE" ? `0711 ${String(100_000 + i * 7919).slice(-6)}` : `0754 ${String(300_000 + i * 7919).slice(-6)}`,
});

const refusal = async (res: Response) => ({
  status: res.status,
  ...((await res.json()) as { error: { code: string; message: string } }).error,
});

describeEachDatabase("pentest 12.3: seats and booths can be hoarded", (database) => {
  const db = (): Db => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let n = 0;
  /** A ticket type of its own per test, so tests do not share stock. */
  const newType = async (capacity: number, maxPerOrder = 4) =>
    db().ticketType.create({
      data: {
        eventId: demo.nairobi.regular.eventId,
        name: `Hoard ${++n}`,
        priceMinor: 7_500_00,
        currency: "KES",
        capacity,
        maxPerOrder,
      },
    });
  const ticketOrder = (ticketTypeId: string, quantity: number, buyer: Buyer) => ({
    eventSlug: NAIROBI,
    items: [{ ticketTypeId, quantity }],
    buyer,
  });
  const created = async (res: Response) => {
    expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
    return (await res.json()) as { reference: string; expiresAt: string };
  };
  /** Live unpaid orders of the Nairobi event from clients of unknown address (earlier tests leave some). */
  const liveDirect = (deskOnly = false) =>
    db().order.count({
      where: {
        eventId: demo.nairobi.regular.eventId,
        clientKey: "direct",
        status: "pending",
        expiresAt: { gt: new Date() },
        ...(deskOnly && { deskHoldAt: { not: null } }),
      },
    });
  const orderOf = (reference: string) =>
    db().order.findUniqueOrThrow({ where: { reference }, include: { payments: true } });

  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
  });
  beforeEach(async () => {
    await db().rateLimit.deleteMany();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it("26 throwaway buyers choosing the desk for Nairobi VIP no longer take every seat for two days: a real buyer still gets seats", async () => {
    const vip = demo.nairobi.vip;
    const results: { order: number; desk?: number; refusal?: { status: number; code: string; message: string } }[] = [];
    for (let i = 0; i < 26; i++) {
      const res = await post(ticketOrder(vip.id, 2, throwaway(i, "KE")));
      if (res.status !== 201) {
        results.push({ order: res.status });
        continue;
      }
      const { reference } = await res.json();
      const desk = await payAtDesk(reference);
      results.push({ order: 201, desk: desk.status, ...(desk.status !== 201 && { refusal: await refusal(desk) }) });
    }
    // At most a fifth of the 50 seats wait at the desk; the other orders keep their 15-minute hold.
    const atDesk = results.filter((r) => r.desk === 201);
    expect(atDesk).toHaveLength(5);
    const refused = results.find((r) => r.desk === 409)!;
    expect(refused.refusal).toMatchObject({
      code: "desk_holds_full",
      message: expect.stringMatching(/VIP.*mobile money or card/),
    });
    const longHolds = await db().orderItem.aggregate({
      _sum: { quantity: true },
      where: {
        ticketTypeId: vip.id,
        order: { status: "pending", expiresAt: { gt: new Date(Date.now() + 24 * 60 * MINUTE) } },
      },
    });
    expect(longHolds._sum.quantity).toBe(10);

    // Twenty minutes later the short holds have run out: a real buyer is served, not told "sold out".
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 20 * MINUTE });
    const real = await post(
      ticketOrder(vip.id, 2, { name: "Wanjiru Mwangi", email: "wanjiru@example.com", phone: "0712 480 115" }),
    );
    expect(real.status).toBe(201);
  });

  it("16 throwaway exhibitors choosing the desk no longer take every Dar es Salaam booth for two days: a real exhibitor still books", async () => {
    const free = await db().booth.findMany({
      where: { event: { slug: DAR }, status: "available" },
      orderBy: { code: "asc" },
    });
    const total = await db().booth.count({ where: { event: { slug: DAR } } });
    // Every free booth, spread over 16 requests of one or two booths each, then each sent to the desk.
    const chunks = Array.from({ length: 16 }, (_, i) => free.filter((_, j) => j % 16 === i)).filter((c) => c.length);
    let deskHeld = 0;
    for (const [i, chunk] of chunks.entries()) {
      const { reference } = await created(
        await post({
          eventSlug: DAR,
          booths: chunk.map((b) => ({ boothId: b.id, company: `Shell ${i} Ltd` })),
          buyer: throwaway(i, "TZ"),
        }),
      );
      const desk = await payAtDesk(reference);
      if (desk.status === 201) deskHeld += chunk.length;
      else
        expect(await refusal(desk)).toMatchObject({
          status: 409,
          code: "desk_holds_full",
          message: expect.stringContaining("mobile money or card"),
        });
    }
    expect(await db().booth.count({ where: { event: { slug: DAR }, status: "available" } })).toBe(0);
    expect(deskHeld).toBeLessThanOrEqual(Math.ceil(total / 5));
    expect(
      await db().booth.count({
        where: { event: { slug: DAR }, status: "held", holdExpiresAt: { gt: new Date(Date.now() + 24 * 60 * MINUTE) } },
      }),
    ).toBe(deskHeld);

    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 20 * MINUTE });
    const real = await post({
      eventSlug: DAR,
      booths: [{ boothId: free.at(-1)!.id, company: "Kilimo Bora Ltd" }],
      buyer: { name: "Neema Mushi", email: "neema@kilimobora.co.tz", phone: "0754 123 456" },
    });
    expect(real.status).toBe(201);
  });

  describe("one buyer, by e-mail and by phone", () => {
    it("holds at most 3 unpaid orders per event, however the e-mail is written or the phone typed; another buyer is served", async () => {
      const type = await newType(100);
      const phone = "0712 555 001";
      for (const email of ["amina.hassan@gmail.com", "Amina.Hassan+2@gmail.com", "aminahassan@googlemail.com"]) {
        await created(await post(ticketOrder(type.id, 1, { name: "Amina", email, phone })));
      }
      // The same inbox again (Gmail ignores dots and +tags), from another phone.
      const byEmail = await refusal(
        await post(
          ticketOrder(type.id, 1, { name: "Amina", email: "A.MINA.HASSAN+4@GMAIL.COM", phone: "0712 555 999" }),
        ),
      );
      expect(byEmail).toMatchObject({
        status: 429,
        code: "too_many_unpaid_orders",
        message: expect.stringContaining("at most 3 unpaid orders"),
      });
      // Another inbox, the same phone written the international way.
      const byPhone = await refusal(
        await post(ticketOrder(type.id, 1, { name: "Amina", email: "amina@work.example", phone: "+254 712 555 001" })),
      );
      expect(byPhone).toMatchObject({ status: 429, code: "too_many_unpaid_orders" });
      await created(
        await post(ticketOrder(type.id, 1, { name: "Otieno", email: "otieno@example.com", phone: "0722 301 944" })),
      );

      // Paying one frees a place.
      const first = await db().order.findFirstOrThrow({
        where: { buyerEmailKey: "aminahassan@gmail.com", status: "pending" },
      });
      expect(await db().$transaction((tx) => settleOrderPaid(tx, first.id, new Date()))).toBe("paid");
      await created(await post(ticketOrder(type.id, 1, { name: "Amina", email: "amina.hassan@gmail.com", phone })));
    });

    it("holds at most 12 unpaid seats (or one full order of the largest kind), so a family of six is fine and a hoarder is not", async () => {
      const type = await newType(200, 10);
      const family = { name: "Kamau family", email: "kamau.family@example.com", phone: "0712 555 101" };
      await created(await post(ticketOrder(type.id, 6, family)));
      await created(await post(ticketOrder(type.id, 6, family)));
      const more = await refusal(await post(ticketOrder(type.id, 1, family)));
      expect(more).toMatchObject({
        status: 429,
        code: "too_many_unpaid_orders",
        message: expect.stringContaining("at most 12 unpaid tickets"),
      });
    });

    it("keeps at most 2 of them waiting at the desk; a third is asked to pay online and keeps its short hold", async () => {
      const type = await newType(100);
      const buyer = { name: "Halima", email: "halima@example.com", phone: "0727 556 804" };
      const orders = [];
      for (let i = 0; i < 3; i++) orders.push(await created(await post(ticketOrder(type.id, 1, buyer))));
      expect((await payAtDesk(orders[0].reference)).status).toBe(201);
      expect((await payAtDesk(orders[1].reference)).status).toBe(201);
      const third = await refusal(await payAtDesk(orders[2].reference));
      expect(third).toMatchObject({
        status: 429,
        code: "too_many_desk_holds",
        message: expect.stringContaining("mobile money or card"),
      });
      const kept = await orderOf(orders[2].reference);
      expect(kept).toMatchObject({ status: "pending", deskHoldAt: null, payments: [] });
      expect(kept.expiresAt.toISOString()).toBe(orders[2].expiresAt);
    });

    it("20 simultaneous orders from one buyer: exactly 3 are held", async () => {
      const type = await newType(200);
      const buyer = { name: "Script", email: "script@example.com", phone: "0712 555 201" };
      const statuses = await Promise.all(
        Array.from({ length: 20 }, () => post(ticketOrder(type.id, 1, buyer)).then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 201)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(17);
      expect((await db().ticketType.findUniqueOrThrow({ where: { id: type.id } })).held).toBe(3);
    });
  });

  it("desk holds take at most DESK_HOLD_PERCENT (20 %) of a ticket type at once; ordinary holds still work", async () => {
    const type = await newType(10);
    const a = await created(await post(ticketOrder(type.id, 2, throwaway(101, "KE"))));
    const b = await created(await post(ticketOrder(type.id, 1, throwaway(102, "KE"))));
    expect((await payAtDesk(a.reference)).status).toBe(201);
    const full = await refusal(await payAtDesk(b.reference));
    expect(full).toMatchObject({
      status: 409,
      code: "desk_holds_full",
      message: expect.stringContaining("Please pay by mobile money or card instead"),
    });
    expect(await orderOf(b.reference)).toMatchObject({ status: "pending", deskHoldAt: null });
    // The rest of the type is still on sale with the ordinary hold.
    await created(await post(ticketOrder(type.id, 4, throwaway(103, "KE"))));

    // The organiser can allow more.
    vi.stubEnv("DESK_HOLD_PERCENT", "30");
    expect((await payAtDesk(b.reference)).status).toBe(201);
  });

  it("one client: 10 unpaid orders per address behind a trusted proxy; clients of unknown address (no TRUST_PROXY) share one larger bucket", async () => {
    const type = await newType(1000);
    vi.stubEnv("TRUST_PROXY", "1");
    vi.stubEnv("ORDER_RATE_LIMIT_PER_IP", "0");
    for (let i = 0; i < 10; i++)
      await created(await post(ticketOrder(type.id, 1, throwaway(200 + i, "KE")), "198.51.100.80"));
    expect(await refusal(await post(ticketOrder(type.id, 1, throwaway(210, "KE")), "198.51.100.80"))).toMatchObject({
      status: 429,
      code: "too_many_unpaid_orders",
      message: expect.stringContaining("from your network"),
    });
    await created(await post(ticketOrder(type.id, 1, throwaway(211, "KE")), "198.51.100.81"));

    // Without TRUST_PROXY every client is "direct": 100 times the per-address limit, counted atomically.
    vi.stubEnv("TRUST_PROXY", "");
    vi.stubEnv("UNPAID_HOLDS_PER_IP", "1");
    const room = 100 - (await liveDirect());
    const statuses = await Promise.all(
      Array.from({ length: 110 }, (_, i) =>
        post(ticketOrder(type.id, 1, throwaway(300 + i, "KE")), "198.51.100.82").then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(room);
    expect(statuses.filter((s) => s === 429)).toHaveLength(110 - room);

    // Desk holds from unknown addresses share a bucket of 20 times one address's (one, at UNPAID_HOLDS_PER_IP=1).
    vi.stubEnv("DESK_HOLD_PERCENT", "100");
    const deskRoom = 20 - (await liveDirect(true));
    const direct = await db().order.findMany({
      where: { clientKey: "direct", status: "pending", items: { some: { ticketTypeId: type.id } } },
      take: deskRoom + 1,
      orderBy: { createdAt: "asc" },
    });
    const desk = [];
    for (const o of direct) desk.push((await payAtDesk(o.reference)).status);
    expect(desk.filter((s) => s === 201)).toHaveLength(deskRoom);
    expect(desk.at(-1)).toBe(429);
  }, 120_000);

  describe("admins release unpaid holds in bulk", () => {
    it("releases an event's desk holds or one buyer's, returning the seats; staff and signed-out callers are refused", async () => {
      const type = await newType(10);
      const admin = await db().user.create({
        data: { email: `release-admin-${Date.now()}@lango.test`, role: "admin" },
      });
      const staff = await db().user.create({
        data: { email: `release-staff-${Date.now()}@lango.test`, role: "staff" },
      });
      const a = await created(await post(ticketOrder(type.id, 2, throwaway(401, "KE"))));
      const b = await created(
        await post(ticketOrder(type.id, 4, { name: "Greedy", email: "greedy@example.com", phone: "0712 555 401" })),
      );
      const c = await created(
        await post(ticketOrder(type.id, 4, { name: "Greedy", email: "Greedy+2@example.com", phone: "0712 555 402" })),
      );
      expect((await payAtDesk(a.reference)).status).toBe(201);
      const stock = () =>
        db().ticketType.findUniqueOrThrow({ where: { id: type.id }, select: { sold: true, held: true } });
      expect(await stock()).toEqual({ sold: 0, held: 10 });
      const form = { eventId: type.eventId, deskOnly: "on", confirm: "on" };

      for (const [who, code] of [
        [{ id: staff.id, role: "staff" as const }, "forbidden"],
        [null, "unauthorized"],
      ] as const) {
        const err = await releaseUnpaidHolds(db(), who, form).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).code).toBe(code);
      }
      const unconfirmed = await releaseUnpaidHolds(
        db(),
        { id: admin.id, role: "admin" },
        { ...form, confirm: undefined },
      ).catch((e: AppError) => e);
      expect(unconfirmed).toMatchObject({
        code: "invalid_input",
        fields: { confirm: expect.stringContaining("Tick the box") },
      });
      expect(await stock()).toEqual({ sold: 0, held: 10 });

      // Every desk hold of the event goes, this test's and those earlier tests left.
      const waiting = await liveDirect(true);
      const desk = await releaseUnpaidHolds(db(), { id: admin.id, role: "admin" }, form);
      expect(desk).toMatchObject({
        tone: "info",
        released: waiting,
        message: expect.stringMatching(/^Released \d+ unpaid orders? waiting at the desk for Nairobi/),
      });
      expect(await liveDirect(true)).toBe(0);
      expect(await stock()).toEqual({ sold: 0, held: 8 });
      expect(await orderOf(a.reference)).toMatchObject({
        status: "cancelled",
        payments: [expect.objectContaining({ gateway: "cash", status: "cancelled" })],
      });

      // One buyer's holds, however the address was written.
      const buyer = await releaseUnpaidHolds(
        db(),
        { id: admin.id, role: "admin" },
        { eventId: type.eventId, email: "GREEDY@example.com", confirm: "on" },
      );
      expect(buyer).toMatchObject({ released: 2 });
      expect(await stock()).toEqual({ sold: 0, held: 0 });
      expect((await orderOf(b.reference)).status).toBe("cancelled");
      expect((await orderOf(c.reference)).status).toBe("cancelled");
      expect(await db().auditLog.count({ where: { action: "order.release_hold", actorId: admin.id } })).toBe(
        waiting + 2,
      );

      // The seats are on sale again.
      await created(
        await post(ticketOrder(type.id, 4, { name: "Real", email: "real.buyer@example.com", phone: "0712 555 403" })),
      );
    });
  });
});
