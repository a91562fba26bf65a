import { beforeAll, expect, it } from "vitest";
import { useDatabase, type Db } from "@/lib/db/client";
import { sqlOf } from "@/lib/db/sql";
import { setCapacity } from "@/lib/orders/stock";
import { describeEachDatabase } from "@/test/db";
import { orderBody, seedDemo } from "@/test/fixtures";
import { postOrderRequest } from "@/test/order-requests";
import { CATALOG_TTL_MS, invalidateCatalog } from "./catalog-cache";
import { getEventAvailability, getEventDetail } from "./events";

describeEachDatabase("issue 14: the event read during a rush is cached, its stock never", (database) => {
  const db = (): Db => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  const slug = "nairobi-tech-summit";
  const price = async (id: string) => (await getEventDetail(db(), slug)).ticketTypes.find((t) => t.id === id)?.price;

  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
  });

  it("a new price shows within a second everywhere, and at once where the admin saved it", async () => {
    const { id, priceMinor } = demo.nairobi.regular;
    expect(await price(id)).toBe(priceMinor);
    // Saved by another process: nothing told this one, so only the cache's age bounds what buyers see.
    await db().ticketType.update({ where: { id }, data: { priceMinor: priceMinor + 100 } });
    const t0 = Date.now();
    while ((await price(id)) !== priceMinor + 100) {
      expect(Date.now() - t0).toBeLessThanOrEqual(CATALOG_TTL_MS + 250);
      await new Promise((r) => setTimeout(r, 25));
    }
    // Saved here, through the admin's actions: they invalidate, and the very next read has it.
    await price(id);
    await db().ticketType.update({ where: { id }, data: { priceMinor: priceMinor + 200 } });
    invalidateCatalog();
    expect(await price(id)).toBe(priceMinor + 200);
  });

  it("selling the last seat shows sold out on the very next read, cached catalogue or not", async () => {
    const { id } = demo.nairobi.student;
    // Read once first, so the catalogue is cached when the seat goes.
    await getEventAvailability(db(), slug);
    const row = await db().ticketType.findUniqueOrThrow({ where: { id } });
    expect(await setCapacity(sqlOf(db()), id, row.sold + row.held + 1, new Date())).toBe(true);
    expect((await getEventAvailability(db(), slug)).ticketTypes.find((t) => t.id === id)).toEqual({
      id,
      available: 1,
      state: "on_sale",
    });

    const res = await postOrderRequest(
      orderBody(id, 1, slug, { buyer: { name: "Last Seat", email: "last-seat@example.com", phone: "0712 300 001" } }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await getEventAvailability(db(), slug)).ticketTypes.find((t) => t.id === id)).toEqual({
      id,
      available: 0,
      state: "sold_out",
    });
    const detail = (await getEventDetail(db(), slug)).ticketTypes.find((t) => t.id === id);
    expect(detail).toMatchObject({ available: 0, state: "sold_out" });
    // And the order route agrees: nothing is sold past capacity.
    const late = await postOrderRequest(
      orderBody(id, 1, slug, { buyer: { name: "Too Late", email: "too-late@example.com", phone: "0712 300 002" } }),
    );
    expect(late.status).toBe(409);
  });

  it("an order placed from a cached price that another process has since changed is charged the new price", async () => {
    const { id, priceMinor } = demo.nairobi.vip;
    const buyer = (n: number) => ({
      name: `Price Change ${n}`,
      email: `price-change-${n}@example.com`,
      phone: `0712 300 1${n}0`,
    });
    invalidateCatalog();
    const first = await postOrderRequest(orderBody(id, 1, slug, { buyer: buyer(1) }));
    expect(first.status, await first.clone().text()).toBe(201);
    expect((await first.json()).total).toBe(priceMinor);
    // Saved by another process's admin: this process's cached catalogue still has the old price.
    await db().ticketType.update({ where: { id }, data: { priceMinor: priceMinor + 500 } });
    const second = await postOrderRequest(orderBody(id, 2, slug, { buyer: buyer(2) }));
    expect(second.status, await second.clone().text()).toBe(201);
    const { reference, total } = await second.json();
    expect(total).toBe(2 * (priceMinor + 500));
    const items = await db().orderItem.findMany({ where: { order: { reference } } });
    expect(items.map((i) => [i.unitPriceMinor, i.totalMinor])).toEqual([[priceMinor + 500, 2 * (priceMinor + 500)]]);
  });

  it("a seat another process gave back is sold at once, though the cached catalogue still says sold out", async () => {
    const { id } = demo.nairobi.vip;
    const row = await db().ticketType.findUniqueOrThrow({ where: { id } });
    expect(await setCapacity(sqlOf(db()), id, row.sold + row.held, new Date())).toBe(true);
    invalidateCatalog();
    const full = await postOrderRequest(
      orderBody(id, 1, slug, { buyer: { name: "Full", email: "full@example.com", phone: "0712 300 201" } }),
    );
    expect(full.status).toBe(409);
    // Another process frees a seat (a cancelled order) and cannot tell this one.
    expect(await setCapacity(sqlOf(db()), id, row.sold + row.held + 1, new Date())).toBe(true);
    const freed = await postOrderRequest(
      orderBody(id, 1, slug, { buyer: { name: "Freed", email: "freed@example.com", phone: "0712 300 202" } }),
    );
    expect(freed.status, await freed.clone().text()).toBe(201);
  });

  it("a ticket type added, a sale opened or extended, or a maximum raised by another process sells at once, though the cached catalogue does not know it yet", async () => {
    const { vip, earlyBird } = demo.nairobi;
    const buyer = (n: number) => ({
      name: `Catalogue ${n}`,
      email: `catalogue-${n}@example.com`,
      phone: `0712 300 3${n}0`,
    });
    const soon = new Date(Date.now() + 3_600_000);
    const closed = await db().ticketType.update({
      where: { id: earlyBird.id },
      data: { salesEndAt: new Date(Date.now() - 60_000) },
    });
    const later = await db().ticketType.create({
      data: {
        eventId: vip.eventId,
        name: "Late opening",
        priceMinor: 900_00,
        currency: "KES",
        capacity: 10,
        maxPerOrder: 2,
        salesStartAt: soon,
      },
    });
    const capped = await db().ticketType.create({
      data: { eventId: vip.eventId, name: "Capped", priceMinor: 800_00, currency: "KES", capacity: 10, maxPerOrder: 2 },
    });
    const changes: [string, () => Promise<unknown>, ReturnType<typeof orderBody>][] = [
      [
        "a new ticket type",
        () =>
          db().ticketType.create({
            data: {
              eventId: vip.eventId,
              name: "Added",
              priceMinor: 700_00,
              currency: "KES",
              capacity: 10,
              maxPerOrder: 2,
            },
          }),
        orderBody("", 1, slug, { buyer: buyer(1) }),
      ],
      [
        "a sale opened early",
        () =>
          db().ticketType.update({ where: { id: later.id }, data: { salesStartAt: new Date(Date.now() - 60_000) } }),
        orderBody(later.id, 1, slug, { buyer: buyer(2) }),
      ],
      [
        "a sale extended",
        () => db().ticketType.update({ where: { id: closed.id }, data: { salesEndAt: soon } }),
        orderBody(closed.id, 1, slug, { buyer: buyer(3) }),
      ],
      [
        "a maximum raised",
        () => db().ticketType.update({ where: { id: capped.id }, data: { maxPerOrder: 4 } }),
        orderBody(capped.id, 3, slug, { buyer: buyer(4) }),
      ],
    ];
    for (const [i, [change, save, body]] of changes.entries()) {
      invalidateCatalog();
      // This process reads (and caches) the catalogue for an order; another process's admin then saves.
      const primed = await postOrderRequest(orderBody(demo.nairobi.regular.id, 1, slug, { buyer: buyer(5 + i) }));
      expect(primed.status).toBe(201);
      const saved = await save();
      if (!body.items[0].ticketTypeId) body.items[0].ticketTypeId = (saved as { id: string }).id;
      const res = await postOrderRequest(body);
      expect(res.status, `${change}: ${await res.clone().text()}`).toBe(201);
    }
  });

  it("an event another process has just published takes orders at once, though this process last found it unpublished", async () => {
    const event = await db().event.update({ where: { slug: "dar-trade-expo" }, data: { published: false } });
    invalidateCatalog();
    const body = orderBody(demo.dar.regular.id, 1, event.slug, {
      buyer: { name: "Early Bird", email: "early@example.co.tz", phone: "0754 300 401" },
    });
    expect((await postOrderRequest(body)).status).toBe(404);
    await db().event.update({ where: { id: event.id }, data: { published: true } });
    const res = await postOrderRequest(body);
    expect(res.status, await res.clone().text()).toBe(201);
  });

  it("an event unpublished or unknown is a 404 through the availability route", async () => {
    const { GET } = await import("@/app/api/events/[slug]/availability/route");
    const res = await GET(new Request("http://test/api/events/no-such-event/availability"), {
      params: Promise.resolve({ slug: "no-such-event" }),
    });
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe("event_not_found");
    const ok = await GET(new Request(`http://test/api/events/${slug}/availability`), {
      params: Promise.resolve({ slug }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("cache-control")).toMatch(/public.*s-maxage=1/);
    const body = await ok.json();
    expect(body.ticketTypes[0]).toEqual({ id: expect.any(String), available: expect.any(Number), state: "on_sale" });
  });
});
