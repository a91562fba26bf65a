import { afterEach, beforeAll, expect, it, vi } from "vitest";
import { GET as eventRoute } from "@/app/api/events/[slug]/route";
import { getEventDetail } from "@/lib/catalog/events";
import { useDatabase, type Db } from "@/lib/db/client";
import { DIRECT_CLIENT } from "@/lib/http/client-ip";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { postOrderRequest } from "@/test/order-requests";
import { withPromo } from "./event-promo";

const NAIROBI = "nairobi-tech-summit";
const HOUR = 3_600_000;

type Looked = {
  status: number;
  promo?: { valid: boolean; error?: { code: string } };
  ticketTypes?: { name: string }[];
};

describeEachDatabase("promo code guesses", (database) => {
  const db = (): Db => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
  });
  afterEach(() => vi.unstubAllEnvs());

  /** GET /api/events/{slug}?promo=CODE as the event page asks, from `address` (read with TRUST_PROXY). */
  const look = async (code: string, address?: string, slug = NAIROBI): Promise<Looked & { error?: object }> => {
    const res = await eventRoute(
      new Request(`http://test/api/events/${slug}?promo=${encodeURIComponent(code)}`, {
        headers: address ? { "x-forwarded-for": address } : {},
      }),
      { params: Promise.resolve({ slug }) },
    );
    return { status: res.status, ...((await res.json()) as object) };
  };
  const order = (promoCode: string, address?: string) =>
    postOrderRequest(
      { eventSlug: NAIROBI, items: [{ ticketTypeId: demo.nairobi.regular.id, quantity: 1 }], buyer, promoCode },
      address,
    );
  let guess = 0;
  const wrong = () => `GUESS${++guess}`;

  it("one address gets 10 wrong codes per event, then 429 for every code, real ones too; another address is served", async () => {
    vi.stubEnv("TRUST_PROXY", "1");
    const from = "203.0.113.80";
    for (let i = 0; i < 10; i++) {
      expect(await look(wrong(), from)).toMatchObject({
        status: 200,
        promo: { valid: false, error: { code: "promo_invalid" } },
      });
    }
    expect(await look(wrong(), from)).toEqual({
      status: 429,
      error: {
        code: "rate_limited",
        message:
          "Too many promo codes that do not exist have been tried from your network. Check the code you were given, and try again in a few minutes.",
        retryAfterSeconds: 600,
      },
    });
    // The code that works is refused too, and shows nothing of what it unlocks.
    const real = await look("SPEAKER2027", from);
    expect(real.status).toBe(429);
    expect(real).not.toHaveProperty("ticketTypes");
    expect(await look("SPEAKER2027", "203.0.113.81")).toMatchObject({ status: 200, promo: { valid: true } });
  });

  it("guesses at the event page and at checkout add up; once over, an order with any code is refused and nothing is held", async () => {
    vi.stubEnv("TRUST_PROXY", "1");
    const from = "203.0.113.82";
    for (let i = 0; i < 6; i++) expect((await look(wrong(), from)).status).toBe(200);
    for (let i = 0; i < 4; i++) {
      const res = await order(wrong(), from);
      expect(res.status).toBe(422);
      expect((await res.json()).error.code).toBe("promo_invalid");
    }
    const over = await order(wrong(), from);
    expect(over.status).toBe(429);
    expect((await over.json()).error.code).toBe("rate_limited");
    const before = await db().order.count();
    expect((await order("KARIBU10", from)).status).toBe(429);
    expect(await db().order.count()).toBe(before);
    // Without a code the address orders as before.
    expect(
      (
        await postOrderRequest(
          { eventSlug: NAIROBI, items: [{ ticketTypeId: demo.nairobi.regular.id, quantity: 1 }], buyer },
          from,
        )
      ).status,
    ).toBe(201);
  });

  it("tells a buyer their code has expired or is used up however often they try, without counting it as a guess", async () => {
    vi.stubEnv("TRUST_PROXY", "1");
    const from = "203.0.113.83";
    const eventId = demo.nairobi.regular.eventId;
    const make = (code: string, data: object) =>
      db().promoCode.create({
        data: { eventId, code, discountKind: "percent", discountValue: 10, currency: "KES", ...data },
      });
    await make("EARLY2020", { validUntil: new Date(Date.now() - HOUR) });
    await make("GONE", { maxUses: 1, usesUsed: 1 });
    for (let i = 0; i < 8; i++) {
      expect(await look("early2020", from)).toMatchObject({
        status: 200,
        promo: { valid: false, error: { code: "promo_expired", message: "That promo code has expired." } },
      });
      expect(await look("GONE", from)).toMatchObject({
        status: 200,
        promo: { valid: false, error: { code: "promo_exhausted", message: "That promo code has been used up." } },
      });
    }
    const res = await order("EARLY2020", from);
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatchObject({ code: "promo_expired" });
    expect(await look("KARIBU10", from)).toMatchObject({ status: 200, promo: { valid: true } });
  });

  it("counts per event, and per address across events: 30 wrong codes in all", async () => {
    vi.stubEnv("TRUST_PROXY", "1");
    const from = "203.0.113.84";
    for (const slug of [NAIROBI, "dar-trade-expo", "kampala-music-festival"]) {
      for (let i = 0; i < 10; i++) expect((await look(wrong(), from, slug)).status).toBe(200);
    }
    // A fourth event: its own count is fresh, but this address has guessed enough for one window.
    expect((await look(wrong(), from, "bangkok-design-week")).status).toBe(429);
    expect((await look("KARIBU10", from)).status).toBe(429);
    expect((await look("KARIBU10", "203.0.113.86")).status).toBe(200);
  });

  it("clients of unknown address (no TRUST_PROXY) are not one bucket: a hundred mistyped links do not switch real codes off for everyone", async () => {
    for (let i = 0; i < 150; i++) expect((await look(wrong())).status).toBe(200);
    expect((await look("KARIBU10")).status).toBe(200);
    // The checkout page (?promo= carried from the event page) still takes a real code.
    const { id, ...event } = await getEventDetail(db(), NAIROBI);
    const atCheckout = await withPromo(db(), id, event, "SPEAKER2027", new Date(), "en", DIRECT_CLIENT);
    expect(atCheckout.promo).toMatchObject({ valid: true, code: "SPEAKER2027" });
    expect(atCheckout.ticketTypes.map((t) => t.name)).toContain("Speaker pass");
    expect(await db().rateLimit.count({ where: { key: { contains: DIRECT_CLIENT } } })).toBe(0);
  });

  it("a code that works, or no code, writes nothing: the event page stays cheap in a rush", async () => {
    vi.stubEnv("TRUST_PROXY", "1");
    const counters = () => db().rateLimit.findMany({ orderBy: { key: "asc" } });
    const before = await counters();
    for (let i = 0; i < 5; i++) {
      expect(await look("KARIBU10", "203.0.113.85")).toMatchObject({ status: 200, promo: { valid: true } });
      expect((await look("", "203.0.113.85")).status).toBe(200);
    }
    expect(await counters()).toEqual(before);
  });
});
