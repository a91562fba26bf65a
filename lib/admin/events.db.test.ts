import { beforeAll, describe, expect, it } from "vitest";
import type { AuthorizedUser } from "@/lib/auth/guards";
import { getEventDetail, listUpcomingEvents } from "@/lib/catalog/events";
import { AppError } from "@/lib/errors";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { describeEachDatabase } from "@/test/db";
import { buyer } from "@/test/fixtures";
import {
  createEvent,
  createTicketType,
  deleteTicketType,
  getAdminEvent,
  listAdminEvents,
  setEventPublished,
  updateEvent,
  updateTicketType,
} from "./events";

const eventForm = (slug: string, extra: Record<string, string> = {}) => ({
  slug,
  name: "Kigali Startup Week",
  description: "Founders, investors and the rails that pay them.",
  venue: "Kigali Convention Centre",
  city: "Kigali",
  country: "RW",
  currency: "RWF",
  timezone: "Africa/Kigali",
  startsAt: "2030-06-10T09:00",
  endsAt: "2030-06-12T18:00",
  holdMinutes: "15",
  offlinePaymentHours: "48",
  ...extra,
});

const ticketForm = (extra: Record<string, string> = {}) => ({
  name: "Regular",
  description: "All three days.",
  price: "15000",
  capacity: "10",
  maxPerOrder: "5",
  ...extra,
});

/** The AppError a call fails with (the test fails if it does not). */
async function appError(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describeEachDatabase("admin events and ticket types", (database) => {
  const db = () => database().prisma;
  let admin: AuthorizedUser;
  beforeAll(async () => {
    const user = await db().user.create({
      data: { email: "events-admin@example.com", role: "admin", name: "Events Admin" },
    });
    admin = { id: user.id, email: user.email, name: user.name, role: "admin" };
  });

  const order = (slug: string, ticketTypeId: string, quantity: number, now = new Date()) =>
    createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: slug,
        items: [{ ticketTypeId, quantity }],
        buyer: { ...buyer, phone: "+250788123456" },
      }),
      now,
    );

  it("keeps a new event out of the storefront until it is published, and publishing needs something to sell", async () => {
    const { id, slug } = await createEvent(db(), admin, eventForm("kigali-startup-week"));
    expect((await listUpcomingEvents(db())).map((e) => e.slug)).not.toContain(slug);
    await expect(getEventDetail(db(), slug)).rejects.toMatchObject({ status: 404 });

    const empty = await appError(setEventPublished(db(), admin, id, true));
    expect(empty).toMatchObject({ status: 409, message: expect.stringContaining("before publishing") });

    await createTicketType(db(), admin, id, ticketForm());
    await setEventPublished(db(), admin, id, true);
    const listed = (await listUpcomingEvents(db())).filter((e) => e.slug === slug);
    expect(listed).toEqual([
      expect.objectContaining({
        name: "Kigali Startup Week",
        currency: "RWF",
        startsAt: "2030-06-10T07:00:00.000Z",
        priceFrom: 15000,
      }),
    ]);
    expect((await getEventDetail(db(), slug)).ticketTypes).toEqual([
      expect.objectContaining({ name: "Regular", price: 15000, currency: "RWF", available: 10 }),
    ]);

    await setEventPublished(db(), admin, id, false);
    expect((await listUpcomingEvents(db())).map((e) => e.slug)).not.toContain(slug);
    const log = await db().auditLog.findMany({ where: { entityId: id }, orderBy: { createdAt: "asc" } });
    expect(log.map((l) => [l.action, l.actorId])).toEqual([
      ["event.create", admin.id],
      ["event.publish", admin.id],
      ["event.unpublish", admin.id],
    ]);
  });

  it("shows edits of the event and its ticket types in the storefront", async () => {
    const { id, slug } = await createEvent(db(), admin, eventForm("storefront-edits"));
    const tt = await createTicketType(db(), admin, id, ticketForm());
    await setEventPublished(db(), admin, id, true);
    await updateEvent(db(), admin, id, eventForm(slug, { name: "Kigali Startup Week 2030", venue: "BK Arena" }));
    await updateTicketType(db(), admin, tt.id, ticketForm({ name: "General admission", price: "12,500", hidden: "" }));
    const detail = await getEventDetail(db(), slug);
    expect(detail).toMatchObject({ name: "Kigali Startup Week 2030", venue: "BK Arena" });
    expect(detail.ticketTypes).toEqual([expect.objectContaining({ name: "General admission", price: 12500 })]);

    const vip = await createTicketType(db(), admin, id, ticketForm({ name: "VIP", price: "50000", hidden: "on" }));
    expect((await getEventDetail(db(), slug)).ticketTypes.map((t) => t.name)).toEqual(["General admission"]);
    await updateTicketType(db(), admin, vip.id, ticketForm({ name: "VIP", price: "50000" }));
    expect((await getEventDetail(db(), slug)).ticketTypes.map((t) => t.name)).toEqual(["General admission", "VIP"]);

    const log = await db().auditLog.findFirstOrThrow({ where: { entityId: id, action: "event.update" } });
    expect(log.data).toEqual({
      changes: {
        name: { from: "Kigali Startup Week", to: "Kigali Startup Week 2030" },
        venue: { from: "Kigali Convention Centre", to: "BK Arena" },
      },
    });
    const ttLog = await db().auditLog.findFirstOrThrow({ where: { entityId: tt.id, action: "ticket_type.update" } });
    expect(ttLog).toMatchObject({
      actorId: admin.id,
      data: { changes: { name: { from: "Regular", to: "General admission" }, priceMinor: { from: 15000, to: 12500 } } },
    });
  });

  it("refuses a capacity below what is sold and held, and takes back holds that ran out", async () => {
    const { id, slug } = await createEvent(db(), admin, eventForm("capacity-rules"));
    const tt = await createTicketType(db(), admin, id, ticketForm({ capacity: "10" }));
    await setEventPublished(db(), admin, id, true);
    await order(slug, tt.id, 3);
    await order(slug, tt.id, 2, new Date(Date.now() - 60 * 60_000)); // its 15-minute hold ran out long ago

    const refused = await appError(updateTicketType(db(), admin, tt.id, ticketForm({ capacity: "2" })));
    expect(refused).toMatchObject({
      status: 409,
      message: "3 seats are already sold or held, so the capacity cannot go below 3.",
    });
    expect(refused.fields).toEqual({ capacity: "At least 3 (0 sold, 3 held in unpaid orders)." });
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: tt.id } })).toMatchObject({ capacity: 10, held: 3 });

    await updateTicketType(db(), admin, tt.id, ticketForm({ capacity: "3" }));
    expect((await getEventDetail(db(), slug)).ticketTypes[0]).toMatchObject({ available: 0, state: "sold_out" });
    await expect(order(slug, tt.id, 1)).rejects.toMatchObject({ code: "sold_out" });
  });

  it("never oversells when capacity is lowered while buyers hold seats", async () => {
    const { id, slug } = await createEvent(db(), admin, eventForm("capacity-race"));
    const tt = await createTicketType(db(), admin, id, ticketForm({ capacity: "10", maxPerOrder: "4" }));
    await setEventPublished(db(), admin, id, true);
    const results = await Promise.allSettled([
      order(slug, tt.id, 4),
      updateTicketType(db(), admin, tt.id, ticketForm({ capacity: "5", maxPerOrder: "4" })),
      order(slug, tt.id, 4),
      order(slug, tt.id, 2),
    ]);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(AppError);
    const after = await db().ticketType.findUniqueOrThrow({ where: { id: tt.id } });
    expect(after.sold + after.held).toBeLessThanOrEqual(after.capacity);
    const heldByOrders = await db().orderItem.aggregate({
      where: { ticketTypeId: tt.id, order: { status: "pending" } },
      _sum: { quantity: true },
    });
    expect(after.held).toBe(heldByOrders._sum.quantity ?? 0);
  });

  it("leaves existing orders at the price they were made at", async () => {
    const { id, slug } = await createEvent(db(), admin, eventForm("price-change"));
    const tt = await createTicketType(db(), admin, id, ticketForm({ price: "15000" }));
    await setEventPublished(db(), admin, id, true);
    const before = await order(slug, tt.id, 2);
    expect(before.total).toBe(30000);

    await updateTicketType(db(), admin, tt.id, ticketForm({ price: "20000" }));
    const stored = await db().order.findUniqueOrThrow({
      where: { reference: before.reference },
      include: { items: true },
    });
    expect(stored.totalMinor).toBe(30000);
    expect(stored.items.map((i) => [i.unitPriceMinor, i.totalMinor])).toEqual([[15000, 30000]]);
    expect((await order(slug, tt.id, 2)).total).toBe(40000);
  });

  it("converts prices with the currency's exponent and keeps the event's currency", async () => {
    const { id } = await createEvent(
      db(),
      admin,
      eventForm("kenyan-shillings", { country: "KE", currency: "KES", timezone: "Africa/Nairobi" }),
    );
    const tt = await createTicketType(db(), admin, id, { ...ticketForm({ price: "2,500.50" }), currency: "USD" });
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: tt.id } })).toMatchObject({
      priceMinor: 250050,
      currency: "KES",
    });
    const change = await appError(
      updateEvent(
        db(),
        admin,
        id,
        eventForm("kenyan-shillings", { country: "KE", currency: "USD", timezone: "Africa/Nairobi" }),
      ),
    );
    expect(change.fields).toEqual({ currency: "Fixed at KES: its ticket types and booths are priced in it." });
  });

  it("reads sales windows as wall-clock times of the event's zone", async () => {
    const { id } = await createEvent(
      db(),
      admin,
      eventForm("bangkok-window", { country: "TH", currency: "THB", timezone: "Asia/Bangkok" }),
    );
    const tt = await createTicketType(
      db(),
      admin,
      id,
      ticketForm({ price: "990", salesStartAt: "2030-05-01T10:00", salesEndAt: "2030-06-10T08:30" }),
    );
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: tt.id } })).toMatchObject({
      priceMinor: 99000,
      salesStartAt: new Date("2030-05-01T03:00:00Z"),
      salesEndAt: new Date("2030-06-10T01:30:00Z"),
    });
    const event = await getAdminEvent(db(), id);
    expect(event.startsAt).toEqual(new Date("2030-06-10T02:00:00Z"));
  });

  it("answers bad input with a message per field", async () => {
    await createEvent(db(), admin, eventForm("duplicate-slug"));
    const bad = await appError(
      createEvent(db(), admin, eventForm("Not a slug!", { endsAt: "2030-06-09T09:00", timezone: "Mars/Olympus" })),
    );
    expect(bad).toMatchObject({ status: 400, code: "invalid_input" });
    expect(Object.keys(bad.fields!)).toEqual(expect.arrayContaining(["slug", "timezone"]));

    const order = await appError(createEvent(db(), admin, eventForm("ends-first", { endsAt: "2030-06-09T09:00" })));
    expect(order.fields).toEqual({ endsAt: "The event must end after it starts." });

    const zone = await appError(createEvent(db(), admin, eventForm("no-such-zone", { timezone: "Africa/Atlantis" })));
    expect(zone.fields).toEqual({ timezone: expect.stringContaining("time zone") });

    const dup = await appError(createEvent(db(), admin, eventForm("duplicate-slug")));
    expect(dup).toMatchObject({ status: 409, fields: { slug: "Already used by another event." } });
    expect(await db().event.count({ where: { slug: "duplicate-slug" } })).toBe(1);

    const { id } = await db().event.findUniqueOrThrow({ where: { slug: "duplicate-slug" } });
    const renamed = await appError(updateEvent(db(), admin, id, eventForm("kigali-startup-week")));
    expect(renamed.fields).toEqual({ slug: "Already used by another event." });

    const price = await appError(createTicketType(db(), admin, id, ticketForm({ price: "-500" })));
    expect(price.fields).toEqual({ price: "The price cannot be negative." });
    const rwfCents = await appError(createTicketType(db(), admin, id, ticketForm({ price: "100.50" })));
    expect(rwfCents.fields).toEqual({ price: "Enter a whole amount in RWF, like 25000." });
    expect(await db().ticketType.count({ where: { eventId: id } })).toBe(0);
  });

  it("deletes a ticket type nobody ordered, and only hides one with orders", async () => {
    const { id, slug } = await createEvent(db(), admin, eventForm("deleting"));
    const unused = await createTicketType(db(), admin, id, ticketForm({ name: "Unused" }));
    const ordered = await createTicketType(db(), admin, id, ticketForm({ name: "Ordered" }));
    await setEventPublished(db(), admin, id, true);
    const made = await order(slug, ordered.id, 1, new Date(Date.now() - 60 * 60_000));
    await listUpcomingEvents(db()); // releases the expired hold: no seat is held any more, the order still exists

    const refused = await appError(deleteTicketType(db(), admin, ordered.id));
    expect(refused).toMatchObject({
      status: 409,
      message: "Ordered has orders, so it cannot be deleted. Hide it to stop selling it.",
    });
    expect(
      await db().order.findUniqueOrThrow({ where: { reference: made.reference }, include: { items: true } }),
    ).toMatchObject({
      status: "expired",
      items: [expect.objectContaining({ ticketTypeId: ordered.id })],
    });

    await deleteTicketType(db(), admin, unused.id);
    expect(await db().ticketType.findUnique({ where: { id: unused.id } })).toBeNull();
    expect(
      await db().auditLog.findFirst({ where: { entityId: unused.id, action: "ticket_type.delete" } }),
    ).toMatchObject({ actorId: admin.id, data: { eventId: id, name: "Unused" } });

    await updateTicketType(db(), admin, ordered.id, ticketForm({ name: "Ordered", hidden: "on" }));
    expect((await getEventDetail(db(), slug)).ticketTypes).toEqual([]);
  });

  it("lists every event with its seats sold, held and in total", async () => {
    const rows = await listAdminEvents(db());
    const row = rows.find((r) => r.slug === "capacity-rules");
    expect(row).toMatchObject({ published: true, ticketTypes: 1, capacity: 3, held: 3, sold: 0, booths: 0 });
    expect(rows.find((r) => r.slug === "duplicate-slug")).toMatchObject({
      published: false,
      ticketTypes: 0,
      capacity: 0,
    });
  });

  describe("who may", () => {
    it("refuses staff", async () => {
      const staff: AuthorizedUser = { ...admin, role: "staff" };
      await expect(createEvent(db(), staff, eventForm("by-staff"))).rejects.toMatchObject({ status: 403 });
    });
  });
});
