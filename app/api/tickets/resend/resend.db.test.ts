import { beforeAll, expect, it } from "vitest";
import { useDatabase } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { POST } from "./route";

const post = (email: unknown, ip = "198.51.100.7") =>
  POST(new Request("http://test/api/tickets/resend", { method: "POST", headers: { "content-type": "application/json", "x-real-ip": ip }, body: JSON.stringify({ email }) }), undefined as never);

describeEachDatabase("resend my tickets", (database) => {
  const db = () => database().prisma;
  beforeAll(async () => {
    useDatabase(database());
    const event = await db().event.create({ data: { slug: "e", name: "Expo", description: "", venue: "V", city: "C", country: "KE", currency: "KES", timezone: "Africa/Nairobi", startsAt: new Date(Date.now() + 86_400_000), endsAt: new Date(Date.now() + 2 * 86_400_000), published: true } });
    await db().order.create({ data: { reference: "LGAAAAAAAA", accessToken: "a".repeat(32), eventId: event.id, status: "paid", buyerName: "B", buyerEmail: "buyer@example.com", buyerPhone: "+254712345678", totalMinor: 100, currency: "KES", expiresAt: new Date(), paidAt: new Date() } });
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
    expect((await db().rateLimit.findUniqueOrThrow({ where: { key: "resend:email:buyer@example.com" } })).count).toBeGreaterThan(3);
  });

  it("refuses a malformed address with a readable 400", async () => {
    const res = await post("not-an-email");
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("invalid_input");
  });
});
