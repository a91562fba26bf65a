import { beforeAll, describe, expect, it } from "vitest";
import { POST as postOrder } from "@/app/api/orders/route";
import { exhibitorsCsv, listExhibitors } from "@/lib/admin/booths";
import { redeemScan } from "@/lib/checkin/redeem";
import { useDatabase, type Db } from "@/lib/db/client";
import { ticketCodes } from "@/lib/tickets/codes";
import { issueTicketsInTx } from "@/lib/tickets/issue";
import { describeEachDatabase } from "@/test/db";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { seedDemo } from "@/test/fixtures";
import { createOrder } from "./create-order";
import { createOrderSchema } from "./schemas";
import { settleOrderPaid } from "./settle";

const DAR = "dar-trade-expo";

const exhibitor = (n: number | string) => ({
  name: `Contact ${n}`,
  email: `stand${n}@example.co.tz`,
  phone: "0754 123 456",
});

function boothBody(boothId: string, n: number | string, extra: Record<string, unknown> = {}) {
  return {
    eventSlug: DAR,
    items: [],
    booths: [{ boothId, company: `Company ${n} Ltd`, ...extra }],
    buyer: exhibitor(n),
  };
}

const post = (body: unknown) =>
  postOrder(
    new Request("http://test/api/orders", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    undefined as never,
  );

describeEachDatabase("booking a booth", (database) => {
  checkStockAfterEach(() => database().prisma);
  const db = (): Db => database().prisma;
  const booth = (code: string) => db().booth.findFirstOrThrow({ where: { event: { slug: DAR }, code } });

  beforeAll(async () => {
    await seedDemo(db());
    useDatabase(database());
  });

  it("30 exhibitors booking one booth at once: exactly one holds it, the rest hear 409, nobody gets a 5xx", async () => {
    const a1 = await booth("A1");
    const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => post(boothBody(a1.id, i))));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);

    const bodies = await Promise.all(responses.map((r) => r.json()));
    const winner = bodies[statuses.indexOf(201)];
    for (const [i, body] of bodies.entries()) {
      if (statuses[i] === 409)
        expect(body.error).toMatchObject({
          code: "booth_unavailable",
          message: expect.stringContaining("A1"),
          boothId: a1.id,
        });
    }
    const held = await booth("A1");
    const order = await db().order.findUniqueOrThrow({ where: { reference: winner.reference } });
    expect(held).toMatchObject({ status: "held", holdOrderId: order.id, holdExpiresAt: order.expiresAt });
    // The losers left nothing behind: one order for the booth, one exhibitor, and it is the winner.
    expect(await db().orderItem.count({ where: { boothId: a1.id } })).toBe(1);
    const exhibitors = await db().exhibitor.findMany({
      where: { email: { startsWith: "stand" }, event: { slug: DAR } },
    });
    expect(exhibitors.map((e) => e.id)).toEqual([order.exhibitorId]);
  });

  it("an expired hold frees the booth for the next exhibitor", async () => {
    const b1 = await booth("B1");
    const past = new Date(Date.now() - 60 * 60_000);
    const first = await createOrder(db(), createOrderSchema.parse(boothBody(b1.id, "early")), past);
    const res = await post(boothBody(b1.id, "late"));
    expect(res.status).toBe(201);
    const second = await res.json();
    const [old, fresh] = await Promise.all(
      [first.reference, second.reference].map((reference) => db().order.findUniqueOrThrow({ where: { reference } })),
    );
    expect(old.status).toBe("expired");
    expect(await booth("B1")).toMatchObject({ status: "held", holdOrderId: fresh.id });
  });

  it("a late payment that takes back a booth first expires the order whose hold on it ran out, so that order cannot be paid onto it", async () => {
    const b2 = await booth("B2");
    const t0 = Date.now() - 3 * 60 * 60_000;
    // X holds the booth; its hold runs out and is released. Y then holds it; Y's hold runs out too, unreleased.
    const x = await createOrder(db(), createOrderSchema.parse(boothBody(b2.id, "x")), new Date(t0));
    const y = await createOrder(db(), createOrderSchema.parse(boothBody(b2.id, "y")), new Date(t0 + 60 * 60_000));
    const [xId, yId] = await Promise.all(
      [x, y].map(async (o) => (await db().order.findUniqueOrThrow({ where: { reference: o.reference } })).id),
    );
    expect((await db().order.findUniqueOrThrow({ where: { id: xId } })).status).toBe("expired");
    expect(await booth("B2")).toMatchObject({ status: "held", holdOrderId: yId });

    // X's money arrives late: the booth is free in all but name, so X gets it and Y is expired.
    const now = new Date();
    expect(await db().$transaction((tx) => settleOrderPaid(tx, xId, now))).toBe("paid_late");
    expect(await booth("B2")).toMatchObject({ status: "booked", bookedOrderId: xId, holdOrderId: null });
    expect((await db().order.findUniqueOrThrow({ where: { id: yId } })).status).toBe("expired");
    // Y's own money, arriving after that, finds the booth gone: it must go back, not sell it twice.
    expect(await db().$transaction((tx) => settleOrderPaid(tx, yId, new Date()))).toBe("no_capacity");
    expect(await booth("B2")).toMatchObject({ status: "booked", bookedOrderId: xId });
  });

  it("prices add-ons from the server, whatever the client sends, and refuses unknown ones", async () => {
    const a2 = await booth("A2");
    const addons = await db().addon.findMany({ where: { event: { slug: DAR } } });
    const power = addons.find((a) => a.code === "power")!;
    const internet = addons.find((a) => a.code === "internet")!;
    const res = await post(
      boothBody(a2.id, "extras", {
        addons: [
          { code: "power", quantity: 2, price: 1 },
          { addonId: internet.id, quantity: 1, priceMinor: 1 },
        ],
        price: 1,
      }),
    );
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.total).toBe(a2.priceMinor + 2 * power.priceMinor + internet.priceMinor);
    const items = await db().orderItem.findMany({
      where: { order: { reference: created.reference } },
      orderBy: { id: "asc" },
    });
    expect(items.map((i) => [i.kind, i.quantity, i.unitPriceMinor, i.boothId])).toEqual([
      ["booth", 1, a2.priceMinor, a2.id],
      ["addon", 2, power.priceMinor, a2.id],
      ["addon", 1, internet.priceMinor, a2.id],
    ]);

    const unknown = await post(
      boothBody((await booth("A3")).id, "bad", { addons: [{ code: "helicopter", quantity: 1 }] }),
    );
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error).toMatchObject({
      code: "unknown_addon",
      fields: { "booths.0.addons.0": expect.any(String) },
    });
    expect(await booth("A3")).toMatchObject({ status: "available", holdOrderId: null });
  });

  it("a paid booth order books the booth, issues its staff passes once, files the exhibitor and e-mails one confirmation", async () => {
    const corner = await booth("A14");
    expect(corner.size).toBe("corner");
    const created = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: DAR,
        booths: [
          {
            boothId: corner.id,
            company: "Kilimo Bora Ltd",
            contactName: "Neema Mushi",
            requirements: "Water point near the stand",
            addons: [{ code: "furniture", quantity: 1 }],
          },
        ],
        buyer: { name: "Neema Mushi", email: "Neema@KilimoBora.co.tz", phone: "0754 123 456" },
      }),
    );
    const order = await db().order.findUniqueOrThrow({ where: { reference: created.reference } });
    const now = new Date();

    // The payment is confirmed three times at once (callback, status query, reconciler): one sale.
    const outcomes = await Promise.all(
      Array.from({ length: 3 }, () => db().$transaction((tx) => settleOrderPaid(tx, order.id, now))),
    );
    expect(outcomes.sort()).toEqual(["already_paid", "already_paid", "paid"]);
    await db().$transaction((tx) => issueTicketsInTx(tx, order.id, now));

    expect(await booth("A14")).toMatchObject({ status: "booked", bookedOrderId: order.id, holdOrderId: null });
    const passes = await db().ticket.findMany({
      where: { orderId: order.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(passes.map((p) => p.attendeeName)).toEqual([
      "Kilimo Bora Ltd staff pass 1",
      "Kilimo Bora Ltd staff pass 2",
      "Kilimo Bora Ltd staff pass 3",
    ]);
    expect(passes.every((p) => p.boothId === corner.id && p.ticketTypeId === null && p.status === "valid")).toBe(true);

    // Each pass carries a signed code that the gate admits once.
    const codes = await ticketCodes(db(), passes);
    const first = await redeemScan(db(), { code: codes.get(passes[0].id)!, userId: null });
    expect(first.result).toBe("ok");
    expect((await redeemScan(db(), { code: codes.get(passes[0].id)!, userId: null })).result).toBe(
      "already_checked_in",
    );

    const filed = await db().exhibitor.findUniqueOrThrow({ where: { id: order.exhibitorId! } });
    expect(filed).toMatchObject({
      email: "neema@kilimobora.co.tz",
      companyName: "Kilimo Bora Ltd",
      contactName: "Neema Mushi",
      phone: "+255754123456",
      requirements: "Water point near the stand",
    });

    const mails = await db().emailOutbox.findMany({ where: { orderId: order.id } });
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toContain("Booth A14 confirmed");
    expect(mail.text).toContain("Booth A14 confirmed: Corner, Exhibition Hall A.");
    expect(mail.text).toContain("Add-ons: Table and two chairs × 1");
    expect(mail.text).toMatch(/Manage your booking in the exhibitor portal: https?:\/\/\S+\/exhibit\/portal/);
    for (const p of passes) {
      expect(mail.html).toContain(`/tickets/${order.accessToken}/qr/${p.id}.png`);
      expect(mail.text).toContain(codes.get(p.id)!);
    }
  });

  describe("pentest 12.6: an unpaid booking cannot plant the exhibitor profile staff see", () => {
    const book = (
      code: string,
      buyer: { name: string; email: string; phone: string },
      line: { company: string; contactName?: string; requirements?: string },
    ) =>
      booth(code).then((b) =>
        createOrder(db(), createOrderSchema.parse({ eventSlug: DAR, booths: [{ boothId: b.id, ...line }], buyer })),
      );
    const pay = async (reference: string) => {
      const order = await db().order.findUniqueOrThrow({ where: { reference } });
      expect(await db().$transaction((tx) => settleOrderPaid(tx, order.id, new Date()))).toBe("paid");
    };
    const exportedCsv = async (eventId: string) =>
      new TextDecoder("utf-8", { ignoreBOM: true }).decode(
        await new Response((await exhibitorsCsv(db(), eventId)).body).arrayBuffer(),
      );
    const scam = {
      company: "SCAM CORP (pay to +255799999999)",
      contactName: "Mr Scam",
      requirements: "Send the deposit to +255799999999",
    };

    it("the victim's paid booking shows under the victim's own company, contact and phone, in the list and the CSV", async () => {
      const victim = { name: "Rehema Kweka", email: "rehema@kwekafarms.co.tz", phone: "0754 321 987" };
      const eventId = (await db().event.findUniqueOrThrow({ where: { slug: DAR } })).id;
      // The attacker books a booth in the victim's name and never pays.
      await book("B9", { ...victim, name: "Mr Scam", phone: "0799 999 999" }, scam);
      // Unpaid, it is nobody's profile as far as staff can tell.
      expect((await listExhibitors(db(), eventId)).find((x) => x.email === victim.email)).toBeUndefined();
      expect(await exportedCsv(eventId)).not.toMatch(/SCAM|rehema@/);

      // The victim books and pays.
      const own = await book("B10", victim, { company: "Kweka Farms Ltd", requirements: "Cold room access" });
      await pay(own.reference);

      const listed = (await listExhibitors(db(), eventId)).filter((x) => x.email === victim.email);
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        companyName: "Kweka Farms Ltd",
        contactName: "Rehema Kweka",
        phone: "+255754321987",
        requirements: "Cold room access",
      });
      const csv = await exportedCsv(eventId);
      const line = csv.split("\r\n").find((l) => l.includes(victim.email))!;
      // A phone number is only digits after its "+": nothing a spreadsheet could run, so no apostrophe.
      expect(line).toMatch(/^Kweka Farms Ltd,Rehema Kweka,rehema@kwekafarms\.co\.tz,\+255754321987,/);
      expect(csv).not.toMatch(/SCAM|Mr Scam|255799999999/);
    });

    it("a later paid booking in the victim's name fills gaps but changes nothing the victim's paid booking set", async () => {
      const victim = { name: "Baraka Mollel", email: "baraka@mollel.co.tz", phone: "0754 555 000" };
      const own = await book("B11", victim, { company: "Mollel Traders" });
      await pay(own.reference);
      const planted = await book("B12", { ...victim, name: "Mr Scam", phone: "0799 999 999" }, scam);
      await pay(planted.reference);
      expect(await db().exhibitor.findFirstOrThrow({ where: { email: victim.email } })).toMatchObject({
        companyName: "Mollel Traders",
        contactName: "Baraka Mollel",
        phone: "+255754555000",
        requirements: scam.requirements,
      });
    });
  });

  it("a booking with someone else's e-mail files under their profile but changes none of it, even once paid", async () => {
    const email = "repeat@example.co.tz";
    const owner = await post({
      eventSlug: DAR,
      booths: [{ boothId: (await booth("A4")).id, company: "First Name Ltd", requirements: "Near the entrance" }],
      buyer: { name: "Juma Ally", email, phone: "+255 754 000 111" },
    });
    expect(owner.status).toBe(201);
    // Juma's own booking is paid: from then on the profile is his.
    const ownerOrder = await db().order.findUniqueOrThrow({ where: { reference: (await owner.json()).reference } });
    expect(await db().$transaction((tx) => settleOrderPaid(tx, ownerOrder.id, new Date()))).toBe("paid");
    // Anyone can post an order with any address: the impostor's booking must not rewrite Juma's profile.
    const res = await post({
      eventSlug: DAR,
      booths: [
        {
          boothId: (await booth("A5")).id,
          company: "Renamed Ltd",
          contactName: "Impostor",
          requirements: "Move them out",
        },
      ],
      buyer: { name: "Someone Else", email: email.toUpperCase(), phone: "+255 754 999 999" },
    });
    expect(res.status).toBe(201);
    const rows = await db().exhibitor.findMany({ where: { email } });
    expect(rows).toHaveLength(1);
    const before = {
      companyName: "First Name Ltd",
      contactName: "Juma Ally",
      phone: "+255754000111",
      requirements: "Near the entrance",
    };
    expect(rows[0]).toMatchObject(before);
    expect(await db().order.count({ where: { exhibitorId: rows[0].id } })).toBe(2);

    const second = await db().order.findUniqueOrThrow({
      where: { reference: (await res.json()).reference },
      include: { items: true },
    });
    expect(await db().$transaction((tx) => settleOrderPaid(tx, second.id, new Date()))).toBe("paid");
    expect(await db().exhibitor.findUniqueOrThrow({ where: { id: rows[0].id } })).toMatchObject(before);
    // The booking's own company still names its booth and its staff passes.
    expect(second.items.find((i) => i.kind === "booth")?.details).toMatchObject({
      company: "Renamed Ltd",
      contactName: "Impostor",
    });
    const passes = await db().ticket.findMany({ where: { orderId: second.id } });
    expect(passes.length).toBeGreaterThan(0);
    expect(passes.every((p) => p.attendeeName.startsWith("Renamed Ltd staff pass"))).toBe(true);
  });

  it("a paid booking fills only the profile's empty fields, and nothing after the event's edit deadline", async () => {
    const email = "gaps@example.co.tz";
    const first = await post({
      eventSlug: DAR,
      booths: [{ boothId: (await booth("A6")).id, company: "Gaps Ltd" }],
      buyer: { name: "Asha Said", email, phone: "+255 754 222 333" },
    });
    expect(first.status).toBe(201);
    const firstOrder = await db().order.findUniqueOrThrow({ where: { reference: (await first.json()).reference } });
    expect(await db().$transaction((tx) => settleOrderPaid(tx, firstOrder.id, new Date()))).toBe("paid");
    const profile = await db().exhibitor.findFirstOrThrow({ where: { email } });
    expect(profile.requirements).toBeNull();

    // An unpaid booking with requirements leaves the gap as it is…
    const unpaid = await post({
      eventSlug: DAR,
      booths: [{ boothId: (await booth("A7")).id, company: "Other Name", requirements: "Shade please" }],
      buyer: { name: "Other", email, phone: "+255 754 444 555" },
    });
    expect(unpaid.status).toBe(201);
    expect(await db().exhibitor.findUniqueOrThrow({ where: { id: profile.id } })).toMatchObject({
      companyName: "Gaps Ltd",
      requirements: null,
    });

    // …paid after the edit deadline it still changes nothing…
    const event = await db().event.findUniqueOrThrow({ where: { slug: DAR } });
    const unpaidOrder = await db().order.findUniqueOrThrow({ where: { reference: (await unpaid.json()).reference } });
    const lateOrder = await db().order.update({
      where: { id: unpaidOrder.id },
      data: { expiresAt: new Date(event.exhibitorEditDeadline!.getTime() + 3600_000) },
    });
    expect(
      await db().$transaction((tx) =>
        settleOrderPaid(tx, lateOrder.id, new Date(event.exhibitorEditDeadline!.getTime() + 60_000)),
      ),
    ).toBe("paid");
    expect(await db().exhibitor.findUniqueOrThrow({ where: { id: profile.id } })).toMatchObject({
      companyName: "Gaps Ltd",
      requirements: null,
    });

    // …while one paid before it fills the empty requirements and keeps the company and contact.
    const third = await post({
      eventSlug: DAR,
      booths: [
        {
          boothId: (await booth("A8")).id,
          company: "Third Name",
          contactName: "Third",
          requirements: "Two power points",
        },
      ],
      buyer: { name: "Third", email, phone: "+255 754 666 777" },
    });
    expect(third.status).toBe(201);
    const thirdOrder = await db().order.findUniqueOrThrow({ where: { reference: (await third.json()).reference } });
    expect(await db().$transaction((tx) => settleOrderPaid(tx, thirdOrder.id, new Date()))).toBe("paid");
    expect(await db().exhibitor.findUniqueOrThrow({ where: { id: profile.id } })).toMatchObject({
      companyName: "Gaps Ltd",
      contactName: "Asha Said",
      phone: "+255754222333",
      requirements: "Two power points",
    });
  });
});
