import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { POST } from "./route";

const post = (email: unknown, ip = "198.51.100.7") =>
  POST(
    new Request("http://test/api/tickets/resend", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": ip },
      body: JSON.stringify({ email }),
    }),
    undefined as never,
  );

describeEachDatabase("resend my tickets", (database) => {
  const db = () => database().prisma;
  // Behind a proxy that appends the client's address, so each test IP is its own caller.
  beforeAll(() => void vi.stubEnv("TRUST_PROXY", "1"));
  afterAll(() => void vi.unstubAllEnvs());
  beforeAll(async () => {
    useDatabase(database());
    const event = await db().event.create({
      data: {
        slug: "e",
        name: "Expo",
        description: "",
        venue: "V",
        city: "C",
        country: "KE",
        currency: "KES",
        timezone: "Africa/Nairobi",
        startsAt: new Date(Date.now() + 86_400_000),
        endsAt: new Date(Date.now() + 2 * 86_400_000),
        published: true,
      },
    });
    await db().order.create({
      data: {
        reference: "LGAAAAAAAA",
        accessToken: "a".repeat(32),
        eventId: event.id,
        status: "paid",
        buyerName: "B",
        buyerEmail: "buyer@example.com",
        buyerPhone: "+254712345678",
        totalMinor: 100,
        currency: "KES",
        expiresAt: new Date(),
        paidAt: new Date(),
      },
    });
  });

  it("answers the same for known and unknown addresses, and e-mails only the known one", async () => {
    const known = await post("Buyer@Example.com");
    const unknown = await post("nobody@example.com");
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await known.json()).toEqual(await unknown.json());
    const mails = await db().emailOutbox.findMany({ where: { kind: "ticket_links" } });
    expect(mails.map((m) => m.to)).toEqual(["buyer@example.com"]);
    expect(mails[0].text).toContain(`/tickets/${"a".repeat(32)}`);
  });

  it("sends at most one message per address per ten minutes, and rate-limits the address", async () => {
    for (let i = 0; i < 5; i++) expect((await post("buyer@example.com")).status).toBe(202);
    expect(await db().emailOutbox.count({ where: { kind: "ticket_links" } })).toBe(1);
    expect(
      (await db().rateLimit.findUniqueOrThrow({ where: { key: "resend:email:buyer@example.com" } })).count,
    ).toBeGreaterThan(3);
  });

  it("refuses a malformed address with a readable 400", async () => {
    const res = await post("not-an-email");
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_input");
  });

  it("finds orders whose address was typed with capitals at checkout, and not an address that only looks alike", async () => {
    const event = await db().event.findUniqueOrThrow({ where: { slug: "e" } });
    const order = (reference: string, buyerEmail: string) =>
      db().order.create({
        data: {
          reference,
          accessToken: reference.padEnd(32, "z"),
          eventId: event.id,
          status: "paid",
          buyerName: "B",
          buyerEmail,
          buyerPhone: "+254712345678",
          totalMinor: 100,
          currency: "KES",
          expiresAt: new Date(),
          paidAt: new Date(),
        },
      });
    await order("LGBBBBBBBB", "Wanjiku.Kamau@Example.com");
    await order("LGCCCCCCCC", "wanjikuxkamau@example.com");
    expect((await post("wanjiku.kamau@example.com", "198.51.100.8")).status).toBe(202);
    expect((await post("wanjiku_kamau@example.com", "198.51.100.8")).status).toBe(202);
    const mails = await db().emailOutbox.findMany({ where: { kind: "ticket_links", to: { startsWith: "wanjiku" } } });
    expect(mails.map((m) => m.to)).toEqual(["wanjiku.kamau@example.com"]);
    expect(mails[0].text).toContain("LGBBBBBBBB");
    expect(mails[0].text).not.toContain("LGCCCCCCCC");
  });

  it("limits each IP across addresses, still answering 202 with the same message", async () => {
    const event = await db().event.findUniqueOrThrow({ where: { slug: "e" } });
    await db().order.create({
      data: {
        reference: "LGDDDDDDDD",
        accessToken: "d".repeat(32),
        eventId: event.id,
        status: "paid",
        buyerName: "B",
        buyerEmail: "fresh@example.com",
        buyerPhone: "+254712345678",
        totalMinor: 100,
        currency: "KES",
        expiresAt: new Date(),
        paidAt: new Date(),
      },
    });
    const ip = "203.0.113.9";
    const first = await post("someone-0@example.com", ip);
    for (let i = 1; i < 20; i++) await post(`someone-${i}@example.com`, ip);
    // A known address with nothing sent yet, from the same IP: refused silently.
    const limited = await post("fresh@example.com", ip);
    expect(limited.status).toBe(202);
    expect(await limited.json()).toEqual(await first.json());
    expect(await db().emailOutbox.count({ where: { to: "fresh@example.com" } })).toBe(0);
    // From another IP the same address is served.
    await post("fresh@example.com", "203.0.113.10");
    expect(await db().emailOutbox.count({ where: { to: "fresh@example.com" } })).toBe(1);
  });
});
