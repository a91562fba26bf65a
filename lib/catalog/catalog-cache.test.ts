import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { eventSchema } from "../admin/event-schemas";
import { createOrderSchema } from "@/lib/orders/schemas";
import { orderBody } from "@/test/fixtures";
import {
  CATALOG_MAX_ENTRIES,
  CATALOG_MAX_MISSES,
  CATALOG_TTL_MS,
  EVENT_SLUG_MAX_LENGTH,
  cachedCatalog,
  cachedCatalogSize,
  couldBeEventSlug,
  invalidateCatalog,
} from "./catalog-cache";
import { getEventAvailability, getEventDetail } from "./events";

afterEach(() => invalidateCatalog());

/** A read that counts how often it is made; `answer` null is "no such event". */
function loader<T>(answer: T) {
  const read = {
    calls: 0,
    load: async () => {
      read.calls += 1;
      return answer;
    },
  };
  return read;
}

/** A database that fails the test on any use: the impossible slug must be answered before one. */
const untouchable = new Proxy({} as Db, {
  get(_target, name) {
    throw new Error(`the database was used (${String(name)})`);
  },
});

const T0 = 1_000_000;

describe("security review: the catalogue cache cannot grow without bound", () => {
  it("a hit within a second answers from memory, the same read, however often asked", async () => {
    const db = {};
    const summit = loader({ name: "Nairobi Tech Summit" });
    const first = cachedCatalog(db, "event:nairobi-tech-summit", summit.load, T0);
    for (let i = 0; i < 1_000; i++) {
      expect(cachedCatalog(db, "event:nairobi-tech-summit", summit.load, T0 + (i % CATALOG_TTL_MS))).toBe(first);
    }
    expect(await first).toEqual({ name: "Nairobi Tech Summit" });
    expect(summit.calls).toBe(1);
    await cachedCatalog(db, "event:nairobi-tech-summit", summit.load, T0 + CATALOG_TTL_MS);
    expect(summit.calls).toBe(2);
  });

  it("after thousands of made-up slugs it keeps at most CATALOG_MAX_MISSES of them, and the event on sale stays cached", async () => {
    const db = {};
    const onSale = loader({ name: "Nairobi Tech Summit" });
    await cachedCatalog(db, "event:nairobi-tech-summit", onSale.load, T0);
    for (let i = 0; i < 5_000; i++) {
      expect(await cachedCatalog(db, `event:no-such-event-${i}`, async () => null, T0 + 1)).toBeNull();
    }
    expect(cachedCatalogSize(db)).toEqual({ kept: 1, missed: CATALOG_MAX_MISSES });
    await cachedCatalog(db, "event:nairobi-tech-summit", onSale.load, T0 + 2);
    expect(onSale.calls).toBe(1);
  });

  it("an unknown slug asked over and over is read once a second, not once a request", async () => {
    const db = {};
    const missing = loader(null);
    const rush = Array.from({ length: 200 }, (_, i) => cachedCatalog(db, "event:launching-soon", missing.load, T0 + i));
    expect(await Promise.all(rush)).toEqual(Array(200).fill(null));
    expect(await cachedCatalog(db, "event:launching-soon", missing.load, T0 + CATALOG_TTL_MS - 1)).toBeNull();
    expect(missing.calls).toBe(1);
    // Published meanwhile (by another process): found once the "no" is a second old.
    const published = loader({ name: "Launching Soon" });
    expect(await cachedCatalog(db, "event:launching-soon", published.load, T0 + CATALOG_TTL_MS)).toEqual({
      name: "Launching Soon",
    });
    expect(cachedCatalogSize(db)).toEqual({ kept: 1, missed: 0 });
  });

  it("never keeps more than CATALOG_MAX_ENTRIES reads, dropping the oldest first", async () => {
    const db = {};
    for (let i = 0; i < CATALOG_MAX_ENTRIES + 500; i++) {
      await cachedCatalog(db, `questions:event-${i}:en`, async () => [i], T0);
    }
    expect(cachedCatalogSize(db).kept).toBe(CATALOG_MAX_ENTRIES);
    const newest = loader([CATALOG_MAX_ENTRIES + 499]);
    const oldest = loader([0]);
    await cachedCatalog(db, `questions:event-${CATALOG_MAX_ENTRIES + 499}:en`, newest.load, T0);
    await cachedCatalog(db, "questions:event-0:en", oldest.load, T0);
    expect([newest.calls, oldest.calls]).toEqual([0, 1]);
  });

  it("drops reads that have aged out as new ones come in, not only on an edit", async () => {
    const db = {};
    for (let i = 0; i < 50; i++) await cachedCatalog(db, `release:event-${i}`, async () => 0, T0);
    for (let i = 0; i < 50; i++) await cachedCatalog(db, `event:gone-${i}`, async () => null, T0);
    expect(cachedCatalogSize(db)).toEqual({ kept: 50, missed: 50 });
    await cachedCatalog(db, "release:event-new", async () => 0, T0 + CATALOG_TTL_MS);
    await cachedCatalog(db, "event:gone-new", async () => null, T0 + CATALOG_TTL_MS);
    expect(cachedCatalogSize(db)).toEqual({ kept: 1, missed: 1 });
  });

  it("a failed read is not remembered, and an admin edit drops everything", async () => {
    const db = {};
    await expect(
      cachedCatalog(db, "event:flaky", () => Promise.reject(new Error("connection reset")), T0),
    ).rejects.toThrow("connection reset");
    expect(cachedCatalogSize(db)).toEqual({ kept: 0, missed: 0 });
    await cachedCatalog(db, "event:a", async () => ({}), T0);
    await cachedCatalog(db, "event:b", async () => null, T0);
    invalidateCatalog();
    expect(cachedCatalogSize(db)).toEqual({ kept: 0, missed: 0 });
    const again = loader({ name: "A, edited" });
    expect(await cachedCatalog(db, "event:a", again.load, T0)).toEqual({ name: "A, edited" });
    expect(again.calls).toBe(1);
  });
});

describe("security review: a slug no event can have is not found without a read or a cache entry", () => {
  const long = "a".repeat(2_048);

  it("accepts exactly the slugs the admin can save", () => {
    const event = {
      name: "Kampala Music Night",
      venue: "Lugogo Cricket Oval",
      city: "Kampala",
      country: "UG",
      currency: "UGX",
      timezone: "Africa/Kampala",
      startsAt: "2026-08-01T18:00",
      endsAt: "2026-08-01T23:30",
    };
    const adminSaves = (slug: string) =>
      !eventSchema.safeParse({ ...event, slug }).error?.issues.some((i) => i.path[0] === "slug");
    const slugs = [
      "nairobi-tech-summit",
      "2026",
      "a".repeat(EVENT_SLUG_MAX_LENGTH),
      "a".repeat(EVENT_SLUG_MAX_LENGTH + 1),
      "jazz--night",
      "-jazz",
      "jazz-",
      "jazz night",
      "jazz_night",
      "jazz%6e",
      "jazz/night",
      "jäzz",
    ];
    // The admin also lowercases and trims what is typed: what it stores is always in this shape.
    for (const slug of slugs) expect(couldBeEventSlug(slug), slug).toBe(adminSaves(slug));
    // Shorter than the admin's minimum is still looked up: older events and the tests' own have such slugs.
    expect(couldBeEventSlug("e")).toBe(true);
    expect(couldBeEventSlug("Nairobi-Tech-Summit")).toBe(false);
    expect(couldBeEventSlug(long)).toBe(false);
  });

  it("the event page, the event API, availability and an order answer 404 without the database", async () => {
    for (const slug of [long, "NAIROBI-TECH-SUMMIT", "nairobi%2dtech", "../admin"]) {
      for (const read of [() => getEventDetail(untouchable, slug), () => getEventAvailability(untouchable, slug)]) {
        await expect(read()).rejects.toMatchObject({ code: "event_not_found", status: 404 });
      }
      // A slug longer than the order schema takes is a 400 before this; a shorter impossible one gets here.
      const order = { ...createOrderSchema.parse(orderBody("tt", 1)), eventSlug: slug };
      await expect(createOrder(untouchable, order)).rejects.toMatchObject({
        code: "event_not_found",
      });
    }
    expect(cachedCatalogSize(untouchable)).toEqual({ kept: 0, missed: 0 });
  });
});
