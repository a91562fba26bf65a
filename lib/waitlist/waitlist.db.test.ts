import { beforeAll, expect, it } from "vitest";
import { POST as joinRoute } from "@/app/api/events/[slug]/waitlist/route";
import { invalidateCatalog } from "@/lib/catalog/catalog-cache";
import { getEventDetail } from "@/lib/catalog/events";
import { useDatabase, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createOrder } from "@/lib/orders/create-order";
import { releaseExpiredHolds, releaseHold } from "@/lib/orders/holds";
import { createOrderSchema } from "@/lib/orders/schemas";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { joinWaitlist } from "./join";
import { removeFromWaitlist, sweepWaitlist } from "./offers";

const SLUG = "nairobi-tech-summit";
const HOUR = 3_600_000;
let n = 0;
const person = (name: string) => ({
  name,
  email: `${name.toLowerCase()}.${++n}@example.com`,
  phone: `0712 ${String(100_000 + n).slice(0, 3)} ${String(100_000 + n).slice(3)}`,
});

const order = (db: Db, ticketTypeId: string, quantity: number, extra: Record<string, unknown> = {}, now?: Date) =>
  createOrder(
    db,
    createOrderSchema.parse({ eventSlug: SLUG, items: [{ ticketTypeId, quantity }], buyer: person("Buyer"), ...extra }),
    now,
  );

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: AppError) => (e instanceof AppError ? e.code : `crash: ${String(e)}`),
  );

describeEachDatabase("waiting list", (database) => {
  const db = () => database().prisma;
  checkStockAfterEach(db);
  let eventId: string;
  beforeAll(async () => {
    useDatabase(database());
    const demo = await seedDemo(db());
    eventId = demo.nairobi.regular.eventId;
  });

  /** A workshop of `capacity` seats, all taken by one pending order; returns the type and that order. */
  async function soldOutWorkshop(capacity: number) {
    const type = await db().ticketType.create({
      data: {
        eventId,
        name: `Workshop ${++n}`,
        priceMinor: 1_500_00,
        currency: "KES",
        capacity,
        maxPerOrder: 4,
        salesStartAt: new Date(Date.now() - 24 * HOUR),
        salesEndAt: new Date(Date.now() + 20 * 24 * HOUR),
      },
    });
    // Written straight to the database, not through the admin (whose catalogChange does this): the
    // process's one-second catalogue cache must not keep the event as it was before this type existed.
    invalidateCatalog();
    const holding = await order(db(), type.id, capacity);
    return { type, holding };
  }

  const join = (ticketTypeId: string, who = person("Waiter"), quantity = 1) =>
    joinWaitlist(db(), SLUG, { ticketTypeId, ...who, quantity }, undefined).then((r) => ({ ...who, ...r }));

  const release = async (reference: string) =>
    releaseHold(db(), (await db().order.findUniqueOrThrow({ where: { reference } })).id, "cancelled");

  const entry = (email: string) => db().waitlistEntry.findFirstOrThrow({ where: { email } });

  it("a sold-out type shows its waiting list; joining answers the place in line, once per address", async () => {
    const { type } = await soldOutWorkshop(2);
    const shown = (await getEventDetail(db(), SLUG)).ticketTypes.find((t) => t.id === type.id);
    expect(shown).toMatchObject({ available: 0, state: "sold_out", waitlist: true });

    const first = await join(type.id);
    const second = await join(type.id);
    expect([first.position, second.position]).toEqual([1, 2]);
    // The same address again (any case) keeps its place rather than taking a second one.
    expect((await join(type.id, { ...first, email: first.email.toUpperCase() })).position).toBe(1);
    expect(await db().waitlistEntry.count({ where: { ticketTypeId: type.id } })).toBe(2);
    // The confirmation carries the link to leave.
    const mail = await db().emailOutbox.findFirstOrThrow({ where: { to: first.email, kind: "waitlist_joined" } });
    expect(mail.text).toMatch(/number 1 on the waiting list/);
    expect(mail.text).toMatch(/\/waitlist\/leave\/[\w-]{20,}/);
  });

  it("POST /api/events/{slug}/waitlist answers 201 { position }, and 4xx with fields for bad input", async () => {
    const { type } = await soldOutWorkshop(1);
    const post = (body: unknown) =>
      joinRoute(
        new Request(`http://test/api/events/${SLUG}/waitlist`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        { params: Promise.resolve({ slug: SLUG }) },
      );
    const ok = await post({ ticketTypeId: type.id, ...person("Achieng") });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toEqual({ position: 1 });

    const bad = await post({ ticketTypeId: type.id, name: "", email: "nope", phone: "1" });
    expect(bad.status).toBe(400);
    const { error } = await bad.json();
    expect(error.code).toBe("invalid_input");
    expect(Object.keys(error.fields)).toEqual(expect.arrayContaining(["name", "email", "phone"]));

    const badPhone = await post({ ticketTypeId: type.id, ...person("Baraka"), phone: "12345" });
    expect(badPhone.status).toBe(400);
    expect((await badPhone.json()).error.fields).toHaveProperty("phone");

    // A type with seats on sale and nobody waiting: buy them instead.
    const open = await post({ ticketTypeId: (await seedTypes()).regular, ...person("Chebet") });
    expect(open.status).toBe(409);
    expect((await open.json()).error.code).toBe("tickets_available");
  });

  async function seedTypes() {
    const regular = await db().ticketType.findFirstOrThrow({ where: { eventId, name: "Regular" } });
    return { regular: regular.id };
  }

  it("releasing a hold offers the first in line: their seats are held and an offer link is e-mailed", async () => {
    const { type, holding } = await soldOutWorkshop(2);
    const a = await join(type.id);
    const b = await join(type.id);
    const c = await join(type.id);

    await release(holding.reference);

    expect((await entry(a.email)).status).toBe("offered");
    expect((await entry(b.email)).status).toBe("offered");
    expect((await entry(c.email)).status).toBe("waiting");
    // Held for them: nobody else sees them as available.
    const shown = (await getEventDetail(db(), SLUG)).ticketTypes.find((t) => t.id === type.id);
    expect(shown).toMatchObject({ available: 0, waitlist: true });
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: type.id } })).toMatchObject({ held: 2, sold: 0 });

    const offerA = await entry(a.email);
    const mail = await db().emailOutbox.findFirstOrThrow({ where: { to: a.email, kind: "waitlist_offer" } });
    expect(mail.text).toContain(`/events/${SLUG}?offer=${offerA.offerCode}`);
    expect(offerA.offerCode).toMatch(/^[\w-]{24}$/);
    // Valid for the event's setting (12 h by default).
    expect(offerA.offerExpiresAt!.getTime() - offerA.offeredAt!.getTime()).toBe(12 * HOUR);
  });

  it("the offer e-mail is in the language the buyer joined in, with the organiser's Kiswahili names (issue 18)", async () => {
    const { type, holding } = await soldOutWorkshop(2);
    await db().ticketType.update({
      where: { id: type.id },
      data: { translations: { sw: { name: "Warsha ya Kiswahili" } } },
    });
    invalidateCatalog();
    const joinIn = async (acceptLanguage: string, who: ReturnType<typeof person>) => {
      const res = await joinRoute(
        new Request(`http://test/api/events/${SLUG}/waitlist`, {
          method: "POST",
          headers: { "content-type": "application/json", "accept-language": acceptLanguage },
          body: JSON.stringify({ ticketTypeId: type.id, ...who }),
        }),
        { params: Promise.resolve({ slug: SLUG }) },
      );
      expect(res.status).toBe(201);
      return who;
    };
    const neema = await joinIn("sw-KE,sw;q=0.9", person("Neema"));
    const otieno = await joinIn("en-KE,en;q=0.9", person("Otieno"));
    expect((await entry(neema.email)).lang).toBe("sw");
    expect((await entry(otieno.email)).lang).toBe("en");

    await release(holding.reference);

    const mailTo = (to: string) => db().emailOutbox.findFirstOrThrow({ where: { to, kind: "waitlist_offer" } });
    const sw = await mailTo(neema.email);
    expect(sw.subject).toBe("Tiketi za Mkutano wa Teknolojia Nairobi zinakusubiri");
    expect(sw.text).toContain("Tiketi 1 ya Warsha ya Kiswahili");
    expect(sw.text).toContain("Nunua tiketi zangu");
    expect(sw.html).toContain('lang="sw"');
    expect(sw.text).not.toMatch(/are waiting for you|Buy my tickets|came free/);

    const en = await mailTo(otieno.email);
    expect(en.subject).toBe("Tickets for Nairobi Tech Summit are waiting for you");
    expect(en.text).toContain(`1 ${type.name} ticket`);
    expect(en.text).toContain("Buy my tickets");
    expect(en.text).not.toContain("Nunua");

    // The joining confirmation was already in each buyer's language.
    const joined = await db().emailOutbox.findFirstOrThrow({ where: { to: neema.email, kind: "waitlist_joined" } });
    expect(joined.subject).toBe("Uko kwenye orodha ya kusubiri ya Mkutano wa Teknolojia Nairobi");
  });

  it("an offer's seats cannot be taken by anyone else, even by many orders at once; its code buys them once", async () => {
    const { type, holding } = await soldOutWorkshop(1);
    const a = await join(type.id);
    await releaseExpiredHolds(db(), { now: new Date(Date.now() + HOUR) });
    expect((await db().order.findUniqueOrThrow({ where: { reference: holding.reference } })).status).toBe("expired");
    const { offerCode } = await entry(a.email);

    const others = await Promise.all(Array.from({ length: 12 }, () => outcome(order(db(), type.id, 1))));
    expect(others).toEqual(Array(12).fill("sold_out"));

    // The holder's own order with the code: two at once (a double tap), exactly one gets the seat.
    const mine = await Promise.all([
      outcome(order(db(), type.id, 1, { offerCode })),
      outcome(order(db(), type.id, 1, { offerCode })),
    ]);
    expect(mine.sort()).toEqual(["offer_used", "ok"].sort());
    const bought = await entry(a.email);
    expect(bought.status).toBe("bought");
    const theirs = await db().order.findUniqueOrThrow({ where: { id: bought.orderId! } });
    expect(theirs).toMatchObject({ status: "pending", totalMinor: 1_500_00 });
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: type.id } })).toMatchObject({ held: 1, sold: 0 });
  });

  it("an offer code buys only its own ticket type, and an unknown code is refused", async () => {
    const { type, holding } = await soldOutWorkshop(1);
    const a = await join(type.id);
    await release(holding.reference);
    const { offerCode } = await entry(a.email);
    expect(await outcome(order(db(), type.id, 1, { offerCode: "not-a-real-code" }))).toBe("offer_invalid");
    expect(await outcome(order(db(), (await seedTypes()).regular, 1, { offerCode }))).toBe("offer_invalid");
    expect((await entry(a.email)).status).toBe("offered");
  });

  it("when an offer lapses the next person is offered, and the lapsed code no longer buys", async () => {
    const { type, holding } = await soldOutWorkshop(1);
    const a = await join(type.id);
    const b = await join(type.id);
    await release(holding.reference);
    const offered = await entry(a.email);
    expect(offered.status).toBe("offered");

    const later = new Date(offered.offerExpiresAt!.getTime() + 1000);
    expect(await sweepWaitlist(db(), { ticketTypeIds: [type.id], now: later })).toMatchObject({
      lapsed: 1,
      offered: 1,
    });
    expect((await entry(a.email)).status).toBe("lapsed");
    const next = await entry(b.email);
    expect(next.status).toBe("offered");
    expect(next.offerExpiresAt!.getTime()).toBe(later.getTime() + 12 * HOUR);
    expect(await db().emailOutbox.count({ where: { to: b.email, kind: "waitlist_offer" } })).toBe(1);
    expect(await outcome(order(db(), type.id, 1, { offerCode: offered.offerCode }, later))).toBe("offer_expired");
    expect(await outcome(order(db(), type.id, 1, { offerCode: next.offerCode }, later))).toBe("ok");
  });

  it("two sweeps at once offer each free seat once", async () => {
    const { type, holding } = await soldOutWorkshop(3);
    const waiting = [];
    for (let i = 0; i < 5; i++) waiting.push(await join(type.id));
    // The seats come back with the waiting list switched off (no offers), then it is switched on.
    await db().ticketType.update({ where: { id: type.id }, data: { waitlistEnabled: false } });
    await release(holding.reference);
    expect(await db().waitlistEntry.count({ where: { ticketTypeId: type.id, status: "offered" } })).toBe(0);
    await db().ticketType.update({ where: { id: type.id }, data: { waitlistEnabled: true } });

    const sweeps = await Promise.all([
      sweepWaitlist(db(), { eventId }),
      sweepWaitlist(db(), { eventId }),
      sweepWaitlist(db(), { eventId }),
    ]);
    expect(sweeps.reduce((s, r) => s + r.offered, 0)).toBe(3);
    const states = await Promise.all(waiting.map(async (w) => (await entry(w.email)).status));
    expect(states).toEqual(["offered", "offered", "offered", "waiting", "waiting"]);
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: type.id } })).toMatchObject({ held: 3 });
    expect(
      await db().emailOutbox.count({ where: { kind: "waitlist_offer", to: { in: waiting.map((w) => w.email) } } }),
    ).toBe(3);
  });

  it("leaving from the e-mailed link gives a held offer to the next in line", async () => {
    const { type, holding } = await soldOutWorkshop(1);
    const a = await join(type.id);
    const b = await join(type.id);
    await release(holding.reference);
    const { leaveToken } = await entry(a.email);
    expect(await removeFromWaitlist(db(), { leaveToken })).toMatchObject({ status: "removed", eventSlug: SLUG });
    expect(await removeFromWaitlist(db(), { leaveToken })).toMatchObject({ status: "removed" });
    expect((await entry(a.email)).status).toBe("removed");
    expect((await entry(b.email)).status).toBe("offered");
    // Back on the list, at the end of the line.
    expect((await join(type.id, a)).position).toBe(2);
  });

  it("an order that takes fewer seats than offered gives the rest to the next in line", async () => {
    const { type, holding } = await soldOutWorkshop(2);
    const a = await join(type.id, person("Pair"), 2);
    const b = await join(type.id);
    await release(holding.reference);
    const { offerCode } = await entry(a.email);
    expect((await entry(b.email)).status).toBe("waiting");
    expect(await outcome(order(db(), type.id, 1, { offerCode }))).toBe("ok");
    expect((await entry(b.email)).status).toBe("offered");
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: type.id } })).toMatchObject({ held: 2 });
  });
});
