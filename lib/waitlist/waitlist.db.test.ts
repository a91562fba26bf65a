import { afterEach, beforeAll, expect, it, vi } from "vitest";
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
import { getAdminWaitlist } from "./admin";
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
  /** The public endpoint, as a browser (or a script) calls it; `forwardedFor` matters only with TRUST_PROXY. */
  const postJoin = (body: Record<string, unknown>, forwardedFor?: string) =>
    joinRoute(
      new Request(`http://test/api/events/${SLUG}/waitlist`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(forwardedFor && { "x-forwarded-for": forwardedFor }) },
        body: JSON.stringify(body),
      }),
      { params: Promise.resolve({ slug: SLUG }) },
    );
  afterEach(() => vi.unstubAllEnvs());

  it("spellings of one inbox share its one place and send no more e-mail; the fifth is refused with a readable 429", async () => {
    const { type } = await soldOutWorkshop(1);
    const k = ++n;
    const inbox = `wanjiru${k}`;
    const victim = { ...person("Wanjiru"), email: `${inbox}@gmail.com` };
    expect((await join(type.id, victim)).position).toBe(1);
    // Someone else, from their own phone numbers, tries to fill the list (and the inbox) with variants.
    const variants = [
      `${inbox}+1@gmail.com`,
      `w.an.jiru${k}@gmail.com`,
      `${inbox}+x@googlemail.com`,
      `Wan.jiru${k}+2@Gmail.com`,
    ];
    for (const email of variants) {
      const res = await postJoin({ ticketTypeId: type.id, ...person("Stuffer"), email });
      expect([email, res.status, await res.json()]).toEqual([email, 201, { position: 1 }]);
    }
    const fifth = await postJoin({ ticketTypeId: type.id, ...person("Stuffer"), email: `${inbox}+5@gmail.com` });
    expect(fifth.status).toBe(429);
    expect((await fifth.json()).error).toMatchObject({
      code: "rate_limited",
      message:
        "This e-mail address has joined waiting lists too many times in the last hour. Please try again in an hour.",
      retryAfterSeconds: 3600,
    });
    expect(await db().waitlistEntry.count({ where: { ticketTypeId: type.id } })).toBe(1);
    expect(await db().emailOutbox.count({ where: { kind: "waitlist_joined", to: { contains: `jiru${k}` } } })).toBe(1);
    // Another person is not held up by that inbox's limit.
    expect((await join(type.id)).position).toBe(2);
  });

  it("spellings of one inbox sent at once still take one place", async () => {
    const { type } = await soldOutWorkshop(1);
    const k = ++n;
    const inbox = `baraka${k}`;
    const emails = [`${inbox}@gmail.com`, `${inbox}+a@gmail.com`, `b.araka${k}@gmail.com`, `${inbox}@googlemail.com`];
    const answers = await Promise.all(emails.map((email) => join(type.id, { ...person("Baraka"), email })));
    expect(answers.map((a) => a.position)).toEqual([1, 1, 1, 1]);
    expect(await db().waitlistEntry.count({ where: { ticketTypeId: type.id } })).toBe(1);
    expect(await db().emailOutbox.count({ where: { kind: "waitlist_joined", to: { contains: `araka${k}` } } })).toBe(1);
  });

  it("one phone number joins at most five times an hour, whatever the addresses", async () => {
    const { type } = await soldOutWorkshop(1);
    const phone = person("Phone").phone;
    for (let i = 1; i <= 5; i++) expect((await join(type.id, { ...person("Sharer"), phone })).position).toBe(i);
    const sixth = await postJoin({ ticketTypeId: type.id, ...person("Sharer"), phone });
    expect(sixth.status).toBe(429);
    expect((await sixth.json()).error.message).toMatch(/^This phone number has joined waiting lists too many times/);
  });

  it("one person joins the lists of a few ticket types, and asks again, without being refused", async () => {
    const types = [await soldOutWorkshop(1), await soldOutWorkshop(1), await soldOutWorkshop(1)].map((w) => w.type);
    const k = ++n;
    const me = { ...person("Akinyi"), email: `akinyi${k}@gmail.com` };
    for (const type of types) expect((await join(type.id, me)).position).toBe(1);
    // A second tap, written the way their phone's keyboard fills it in.
    expect((await join(types[0].id, { ...me, email: `Akinyi${k}@Gmail.com` })).position).toBe(1);
    expect(await db().emailOutbox.count({ where: { kind: "waitlist_joined", to: me.email } })).toBe(3);
  });

  it("a client limit applies with a known address; without one, clients are not one bucket (it would close the lists to all)", async () => {
    const { type } = await soldOutWorkshop(1);
    vi.stubEnv("TRUST_PROXY", "1");
    for (let i = 0; i < 20; i++)
      expect((await postJoin({ ticketTypeId: type.id, ...person("Office") }, "198.51.100.7")).status).toBe(201);
    const limited = await postJoin({ ticketTypeId: type.id, ...person("Office") }, "198.51.100.7");
    expect(limited.status).toBe(429);
    expect((await limited.json()).error.message).toMatch(/^Too many waiting-list requests from your network/);
    expect((await postJoin({ ticketTypeId: type.id, ...person("Elsewhere") }, "198.51.100.8")).status).toBe(201);

    // No TRUST_PROXY: nobody's address is known, so a busy hour of a sold-out event gets through.
    vi.unstubAllEnvs();
    for (let i = 0; i < 25; i++)
      expect((await postJoin({ ticketTypeId: type.id, ...person("Crowd") })).status).toBe(201);
    expect(await db().rateLimit.findUnique({ where: { key: "waitlist:ip:direct" } })).toBeNull();
  });

  it("an entry that bought keeps its order when the person joins again; they hear they have had their turn", async () => {
    const { type, holding } = await soldOutWorkshop(1);
    const a = await join(type.id);
    const b = await join(type.id);
    await release(holding.reference);
    const { offerCode } = await entry(a.email);
    expect(await outcome(order(db(), type.id, 1, { offerCode }))).toBe("ok");
    const bought = await entry(a.email);
    expect(bought).toMatchObject({ status: "bought", orderId: expect.any(String), boughtAt: expect.any(Date) });

    // Later they try the list again, as typed before and with a tag.
    const [user, domain] = a.email.split("@");
    for (const email of [a.email, `${user}+again@${domain}`]) {
      const res = await postJoin({ ticketTypeId: type.id, name: a.name, email, phone: a.phone });
      expect(res.status).toBe(409);
      expect((await res.json()).error).toMatchObject({
        code: "offer_used",
        message: expect.stringContaining(`already had its turn on the waiting list for ${type.name}`),
      });
    }
    expect(await entry(a.email)).toMatchObject({
      status: "bought",
      orderId: bought.orderId,
      boughtAt: bought.boughtAt,
      seq: bought.seq,
    });
    expect(await db().waitlistEntry.count({ where: { ticketTypeId: type.id } })).toBe(2);
    const tried = [a.email, `${user}+again@${domain}`];
    expect(await db().emailOutbox.count({ where: { kind: "waitlist_joined", to: { in: tried } } })).toBe(1);
    // The admin's list still shows the order they bought through it.
    const { reference } = await db().order.findUniqueOrThrow({ where: { id: bought.orderId! } });
    const listed = (await getAdminWaitlist(db(), eventId)).types.find((t) => t.id === type.id)!.entries;
    expect(listed.find((e) => e.email === a.email)).toMatchObject({ status: "bought", orderReference: reference });
    // Everyone else's place is as it was.
    expect((await join(type.id, b)).position).toBe(1);
  });

  it("an offer whose order ran out bought nothing: that person may queue again", async () => {
    const { type, holding } = await soldOutWorkshop(1);
    const a = await join(type.id);
    await release(holding.reference);
    const { offerCode } = await entry(a.email);
    expect(await outcome(order(db(), type.id, 1, { offerCode }))).toBe("ok");
    const taken = await entry(a.email);
    expect(taken).toMatchObject({ status: "bought" });
    // The M-Pesa prompt timed out, the hold ran out: nothing was bought.
    await releaseHold(db(), taken.orderId!, "expired");
    // The seat went back on sale, and someone else bought it: sold out again, and the list is the way in.
    expect(await outcome(order(db(), type.id, 1))).toBe("ok");
    const res = await postJoin({ ticketTypeId: type.id, name: a.name, email: a.email, phone: a.phone });
    expect(res.status).toBe(201);
    expect(await entry(a.email)).toMatchObject({ status: "waiting" });
  });

  it("someone who left joins again under another spelling of their inbox: a new place, the old row kept", async () => {
    const { type } = await soldOutWorkshop(1);
    const inbox = `neema${++n}`;
    const first = { ...person("Neema"), email: `${inbox}@gmail.com` };
    await join(type.id, first);
    await join(type.id);
    await removeFromWaitlist(db(), { leaveToken: (await entry(first.email)).leaveToken });
    expect((await join(type.id, { ...first, email: `${inbox}+back@gmail.com` })).position).toBe(2);
    expect((await entry(first.email)).status).toBe("removed");
    expect((await entry(`${inbox}+back@gmail.com`)).status).toBe("waiting");
  });
});
