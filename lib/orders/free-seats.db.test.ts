import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { useDatabase, type Db } from "@/lib/db/client";
import { DIRECT_CLIENT } from "@/lib/http/client-ip";
import { describeEachDatabase } from "@/test/db";
import { postOrderRequest } from "@/test/order-requests";
import { seedDemo } from "@/test/fixtures";
import { createOrder } from "./create-order";
import { holdLimits } from "./order-limits";
import { createOrderSchema } from "./schemas";

const KAMPALA = "kampala-music-festival";

describeEachDatabase("free seats per client", (database) => {
  const db = (): Db => database().prisma;
  let eventId: string;
  let free: { id: string; name: string };
  let regular: { id: string };
  let fullCode: string;

  beforeAll(async () => {
    await seedDemo(db());
    useDatabase(database());
    const event = await db().event.findUniqueOrThrow({ where: { slug: KAMPALA }, include: { ticketTypes: true } });
    eventId = event.id;
    regular = event.ticketTypes.find((t) => t.name === "Regular")!;
    free = await db().ticketType.create({
      data: {
        eventId,
        name: "Community day",
        priceMinor: 0,
        currency: event.currency,
        capacity: 10_000,
        maxPerOrder: 4,
      },
    });
    fullCode = (
      await db().promoCode.create({
        data: { eventId, code: "ALLFREE", discountKind: "percent", discountValue: 100, currency: event.currency },
      })
    ).code;
  });
  afterEach(() => vi.unstubAllEnvs());

  // A new made-up buyer for every order, as a script emptying a free event sends them.
  let n = 0;
  const order = (ticketTypeId: string, quantity: number, extra: Record<string, unknown> = {}) => {
    n++;
    return {
      eventSlug: KAMPALA,
      items: [{ ticketTypeId, quantity }],
      buyer: { name: `Taker ${n}`, email: `taker.${n}@mailinator.com`, phone: `+25677${String(2_000_000 + n)}` },
      ...extra,
    };
  };
  const refusal = async (res: Response) => ({
    status: res.status,
    ...((await res.json()) as { error: { code: string; message: string } }).error,
  });
  const takenFrom = async (clientKey: string) =>
    (
      await db().orderItem.aggregate({
        _sum: { quantity: true },
        where: { kind: "ticket", order: { eventId, clientKey, status: "paid", totalMinor: 0 } },
      })
    )._sum.quantity ?? 0;

  it("with FREE_SEATS_PER_IP=40 one address gets at most 40 free tickets, free ticket types and 100 % codes alike, whoever it says is buying; then a readable 409, and another address is served", async () => {
    vi.stubEnv("TRUST_PROXY", "1");
    vi.stubEnv("FREE_SEATS_PER_IP", "40");
    vi.stubEnv("ORDER_RATE_LIMIT_PER_IP", "0"); // no order rate: the cap on free seats alone stops it
    const from = "198.51.100.70";
    for (let i = 0; i < 5; i++) {
      const res = await postOrderRequest(order(free.id, 4), from);
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ status: "paid", total: 0 });
    }
    for (let i = 0; i < 5; i++) {
      const res = await postOrderRequest(order(regular.id, 4, { promoCode: fullCode }), from);
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ status: "paid", total: 0 });
    }
    expect(await takenFrom(from)).toBe(40);

    expect(await refusal(await postOrderRequest(order(free.id, 1), from))).toEqual({
      status: 409,
      code: "free_limit_reached",
      message: "Too many free tickets for this event have been taken from your network (at most 40, and 40 are taken).",
      held: 40,
      limit: 40,
    });
    expect((await refusal(await postOrderRequest(order(regular.id, 1, { promoCode: fullCode }), from))).status).toBe(
      409,
    );
    // A paid ticket is not free: the address may still buy.
    expect((await postOrderRequest(order(regular.id, 1), from)).status).toBe(201);
    expect((await postOrderRequest(order(free.id, 4), "198.51.100.71")).status).toBe(201);
    expect(await takenFrom(from)).toBe(40);
  });

  it("simultaneous orders from one address cannot slip under the cap together", async () => {
    vi.stubEnv("TRUST_PROXY", "1");
    vi.stubEnv("FREE_SEATS_PER_IP", "40");
    vi.stubEnv("ORDER_RATE_LIMIT_PER_IP", "0");
    const from = "198.51.100.72";
    const responses = await Promise.all(Array.from({ length: 15 }, () => postOrderRequest(order(free.id, 4), from)));
    const refused = await Promise.all(responses.filter((r) => r.status !== 201).map(refusal));
    expect(responses.filter((r) => r.status === 201)).toHaveLength(10);
    expect(await takenFrom(from)).toBe(40);
    // Each refusal is readable: over the free cap, or (while the winners are being confirmed) too many at once.
    for (const r of refused) expect(["free_limit_reached", "too_many_unpaid_orders"]).toContain(r.code);
  });

  it("by default, and for clients of unknown address always, nothing caps free seats per client: shared addresses are real buyers", async () => {
    // A campus or a carrier's NAT: one address, many real people, each taking their own free seats.
    vi.stubEnv("TRUST_PROXY", "1");
    vi.stubEnv("ORDER_RATE_LIMIT_PER_IP", "0");
    for (let i = 0; i < 12; i++) expect((await postOrderRequest(order(free.id, 4), "198.51.100.80")).status).toBe(201);
    expect(await takenFrom("198.51.100.80")).toBe(48);
    // With a cap set, clients of unknown address are still not one bucket: it would end the event for all.
    vi.stubEnv("TRUST_PROXY", "");
    vi.stubEnv("FREE_SEATS_PER_IP", "4");
    for (let i = 0; i < 3; i++) expect((await postOrderRequest(order(free.id, 4))).status).toBe(201);
    expect(await takenFrom(DIRECT_CLIENT)).toBe(12);

    // A cashier at the door sells to walk-ins whatever the online buyers took.
    const door = await createOrder(
      db(),
      createOrderSchema.parse(order(free.id, 10)),
      new Date(),
      { clientKey: DIRECT_CLIENT, limits: holdLimits({}) },
      { door: true },
    );
    expect(door.status).toBe("paid");
  });
});
