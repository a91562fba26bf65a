import { beforeAll, expect, it } from "vitest";
import { GET as getEvent } from "@/app/api/events/[slug]/route";
import { GET as getAvailability } from "@/app/api/events/[slug]/availability/route";
import { useDatabase, type Db } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { orderBody, seedDemo } from "@/test/fixtures";
import { postOrderRequest } from "@/test/order-requests";
import { CATALOG_TTL_MS, cachedCatalogSize, invalidateCatalog } from "./catalog-cache";
import { getEventDetail } from "./events";

describeEachDatabase("security review: the catalogue cache keeps no entry for a made-up slug", (database) => {
  const db = (): Db => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
  });

  it("a 2 KB slug is a 404 from the event API and availability, and a long one from the order route, with nothing kept", async () => {
    invalidateCatalog();
    const slug = `x${"%41".repeat(700)}`;
    for (const route of [getEvent, getAvailability]) {
      for (let i = 0; i < 20; i++) {
        const res = await route(new Request(`http://test/api/events/${slug}${i}`), {
          params: Promise.resolve({ slug: `${decodeURIComponent(slug)}${i}` }),
        });
        expect(res.status).toBe(404);
        expect((await res.json()).error.code).toBe("event_not_found");
      }
    }
    const order = await postOrderRequest(orderBody(demo.nairobi.regular.id, 1, "Nairobi-Tech-Summit-".repeat(5)));
    expect(order.status).toBe(404);
    expect((await order.json()).error.code).toBe("event_not_found");
    expect(cachedCatalogSize(db())).toEqual({ kept: 0, missed: 0 });
    // The real event is still found, and kept.
    const ok = await getEvent(new Request("http://test/api/events/nairobi-tech-summit"), {
      params: Promise.resolve({ slug: "nairobi-tech-summit" }),
    });
    expect(ok.status).toBe(200);
    expect(cachedCatalogSize(db()).kept).toBeGreaterThan(0);
  });

  it("an event another process publishes shows within a second, though this process last found none", async () => {
    const event = await db().event.update({ where: { slug: "dar-trade-expo" }, data: { published: false } });
    invalidateCatalog();
    await expect(getEventDetail(db(), event.slug)).rejects.toMatchObject({ code: "event_not_found" });
    expect(cachedCatalogSize(db()).missed).toBe(1);
    await db().event.update({ where: { id: event.id }, data: { published: true } });
    const t0 = Date.now();
    for (;;) {
      const found = await getEventDetail(db(), event.slug).catch(() => null);
      if (found) break;
      expect(Date.now() - t0).toBeLessThanOrEqual(CATALOG_TTL_MS + 250);
      await new Promise((r) => setTimeout(r, 25));
    }
  });
});
