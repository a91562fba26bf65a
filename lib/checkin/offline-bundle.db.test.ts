import { beforeAll, expect, it } from "vitest";
import { GET } from "@/app/api/checkin/bundle/route";
import { useDatabase } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { eventSigningKeys } from "../tickets/keys";
import { reissueTicket } from "../tickets/reissue.testkit";
import { revokeOrderTicketsInTx } from "../tickets/revoke";
import { paidOrderWithTickets } from "../tickets/testing";
import { offlineBundle } from "./offline-bundle";
import { redeemScan } from "./redeem";
import { sessionCookie } from "./testing";

describeEachDatabase("offline check-in bundle", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let nairobiId: string;
  beforeAll(async () => {
    demo = await seedDemo(db());
    nairobiId = (await db().event.findUniqueOrThrow({ where: { slug: demo.nairobi.slug } })).id;
    useDatabase(database());
  });
  const paid = (quantity: number, attendees?: { name: string }[]) =>
    paidOrderWithTickets(db(), {
      eventSlug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.regular.id,
      quantity,
      attendees,
    });

  it("holds the event's key, its admissible tickets with their state, and what must be refused", async () => {
    const { order, tickets } = await paid(3, [
      { name: "Achieng Odhiambo" },
      { name: "Kipchoge Kamau" },
      { name: "Wanjiru Njeri" },
    ]);
    await redeemScan(
      db(),
      { code: tickets[0].code, gate: "North", userId: null },
      { now: new Date("2030-05-01T07:30:00Z") },
    );
    await reissueTicket(db(), tickets[1].id);
    const cancelled = await paid(2);
    await db().$transaction((tx) => revokeOrderTicketsInTx(tx, cancelled.order.id, new Date()));
    // An order that lost its payment without its tickets being revoked: still refused at the gate.
    const unpaid = await paid(1);
    await db().order.update({ where: { id: unpaid.order.id }, data: { status: "pending" } });
    const dar = await paidOrderWithTickets(db(), { eventSlug: demo.dar.slug, ticketTypeId: demo.dar.regular.id });

    const at = new Date("2030-05-01T08:00:00Z");
    const bundle = await offlineBundle(db(), nairobiId, at);
    expect(bundle).toMatchObject({
      eventId: nairobiId,
      eventName: "Nairobi Tech Summit",
      generatedAt: at.toISOString(),
    });
    expect(bundle.publicKey).toBe((await eventSigningKeys(db(), nairobiId)).publicKeyRaw);

    const byId = new Map(bundle.tickets.map((t) => [t[0], t]));
    expect(byId.get(tickets[0].id)).toEqual([
      tickets[0].id,
      1,
      "Achieng Odhiambo",
      "Regular",
      order.reference,
      "2030-05-01T07:30:00.000Z",
      "North",
    ]);
    expect(byId.get(tickets[1].id)).toEqual([
      tickets[1].id,
      2,
      "Kipchoge Kamau",
      "Regular",
      order.reference,
      null,
      null,
    ]);
    expect(byId.get(tickets[2].id)?.[5]).toBeNull();
    expect(byId.has(dar.tickets[0].id)).toBe(false);

    const refused = new Map(bundle.revoked.map((r) => [r[0], r]));
    for (const t of cancelled.tickets) expect(refused.get(t.id)).toEqual([t.id, 2, "revoked"]);
    expect(refused.get(unpaid.tickets[0].id)).toEqual([unpaid.tickets[0].id, 1, "not_paid"]);
    for (const t of [...cancelled.tickets, ...unpaid.tickets]) expect(byId.has(t.id)).toBe(false);
    // Codes are never in it: a lost gate phone must not be a bag of tickets.
    expect(JSON.stringify(bundle)).not.toContain(tickets[2].code.split(".")[1]);
  });

  it("stays compact for a sold-out hall: under 100 bytes a ticket", async () => {
    for (let i = 0; i < 4; i++) await paid(10);
    const bundle = await offlineBundle(db(), nairobiId);
    const bytes = JSON.stringify(bundle).length;
    expect(bundle.tickets.length).toBeGreaterThanOrEqual(40);
    expect(bytes / (bundle.tickets.length + bundle.revoked.length)).toBeLessThan(100);
  });

  const get = (query: string, cookie?: string) =>
    GET(
      new Request(`http://test/api/checkin/bundle${query}`, { headers: cookie ? { cookie } : {} }),
      undefined as never,
    );

  it("GET /api/checkin/bundle: staff and admins only (401, 403), never cached, 404 for an unknown event", async () => {
    const anonymous = await get(`?eventId=${nairobiId}`);
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error.code).toBe("unauthorized");
    const exhibitor = await get(`?eventId=${nairobiId}`, await sessionCookie(db(), "exhibitor"));
    expect(exhibitor.status).toBe(403);
    expect((await exhibitor.json()).error.code).toBe("forbidden");

    for (const role of ["staff", "admin"] as const) {
      const res = await get(`?eventId=${nairobiId}`, await sessionCookie(db(), role));
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toMatch(/^no-store(, no-transform)?$/); // no-transform when small
      expect(await res.json()).toMatchObject({
        eventId: nairobiId,
        tickets: expect.any(Array),
        revoked: expect.any(Array),
      });
    }
    const staff = await sessionCookie(db(), "staff");
    expect((await get("?eventId=nope", staff)).status).toBe(404);
    expect((await get("", staff)).status).toBe(400);
  });
});
