import { beforeAll, describe, expect, it } from "vitest";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { settleOrderPaid } from "@/lib/orders/settle";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { renameAttendee } from "./attendee";
import { ticketCodes } from "./codes";
import { issueTicketsInTx } from "./issue";
import { eventSigningKeys, findEventKeys } from "./keys";
import { reissueTicket } from "./reissue.testkit";
import { revokeOrderTicketsInTx } from "./revoke";
import { checkTicketCode } from "./signing";
import { paidOrderWithTickets } from "./testing";
import { listOrderTickets } from "./views";

describeEachDatabase("tickets", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    demo = await seedDemo(db());
  });
  const paid = (quantity = 1, attendees?: { name?: string; email?: string }[]) =>
    paidOrderWithTickets(db(), {
      eventSlug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.regular.id,
      quantity,
      attendees,
    });

  describe("issuing", () => {
    it("issues one ticket per seat, named after each attendee or else the buyer, in checkout order", async () => {
      const { order, tickets } = await paid(3, [
        { name: "Amina Odhiambo", email: "amina@example.com" },
        { name: "" },
        { name: "  Baraka  " },
      ]);
      expect(tickets.map((t) => [t.attendeeName, t.attendeeEmail])).toEqual([
        ["Amina Odhiambo", "amina@example.com"],
        [buyer.name, null],
        ["Baraka", null],
      ]);
      for (const t of tickets) {
        expect(t).toMatchObject({
          orderId: order.id,
          eventId: demo.nairobi.regular.eventId,
          ticketTypeId: demo.nairobi.regular.id,
          codeVersion: 1,
          status: "valid",
          checkedInAt: null,
        });
        expect(t.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
        expect(t.code.length).toBeLessThanOrEqual(120);
      }
    });

    it("is idempotent: a second call issues nothing new", async () => {
      const { order, tickets } = await paid(2);
      expect(await db().$transaction((tx) => issueTicketsInTx(tx, order.id, new Date()))).toEqual([]);
      expect(await db().ticket.count({ where: { orderId: order.id } })).toBe(tickets.length);
    });

    it("ten simultaneous first issues of a paid order make its seats' tickets once", async () => {
      const created = await createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: demo.nairobi.slug,
          items: [{ ticketTypeId: demo.nairobi.regular.id, quantity: 3 }],
          buyer,
        }),
      );
      const order = await db().order.findUniqueOrThrow({ where: { reference: created.reference } });
      await db().$transaction((tx) => settleOrderPaid(tx, order.id, new Date()));
      // Once settling issues tickets itself, take them back so that the race starts from none.
      await db().ticket.deleteMany({ where: { orderId: order.id } });
      const issued = await Promise.all(
        Array.from({ length: 10 }, () => db().$transaction((tx) => issueTicketsInTx(tx, order.id, new Date()))),
      );
      expect(issued.flat()).toHaveLength(3);
      expect(await db().ticket.count({ where: { orderId: order.id } })).toBe(3);
    });

    it("issues only the seats still missing, and nothing for an unpaid order", async () => {
      const { order, tickets } = await paid(3);
      await db().ticket.delete({ where: { id: tickets[2].id } });
      const issued = await db().$transaction((tx) => issueTicketsInTx(tx, order.id, new Date()));
      expect(issued).toHaveLength(1);
      expect(await db().ticket.count({ where: { orderId: order.id } })).toBe(3);

      const pending = await createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: demo.nairobi.slug,
          items: [{ ticketTypeId: demo.nairobi.regular.id, quantity: 2 }],
          buyer,
        }),
      );
      const pendingId = (await db().order.findUniqueOrThrow({ where: { reference: pending.reference } })).id;
      expect(await db().$transaction((tx) => issueTicketsInTx(tx, pendingId, new Date()))).toEqual([]);
    });
  });

  describe("keys", () => {
    it("creates one key pair per event even when twenty first uses race", async () => {
      const event = await db().event.create({
        data: {
          slug: `key-race-${Date.now()}`,
          name: "Key race",
          description: "",
          venue: "V",
          city: "Nairobi",
          country: "KE",
          currency: "KES",
          timezone: "Africa/Nairobi",
          startsAt: new Date(Date.now() + 86_400_000),
          endsAt: new Date(Date.now() + 2 * 86_400_000),
        },
      });
      expect(await findEventKeys(db(), event.id, {})).toBeNull();
      const keys = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          i % 2 ? eventSigningKeys(db(), event.id, {}) : db().$transaction((tx) => eventSigningKeys(tx, event.id, {})),
        ),
      );
      expect(new Set(keys.map((k) => k.publicKeyRaw)).size).toBe(1);
      expect(await db().eventSigningKey.count({ where: { eventId: event.id } })).toBe(1);
      expect(keys[0].source).toBe("database");
      expect((await findEventKeys(db(), event.id, {}))?.publicKeyRaw).toBe(keys[0].publicKeyRaw);
    });

    it("signs codes that the event's stored public key verifies", async () => {
      const { tickets } = await paid(2);
      const keys = (await findEventKeys(db(), tickets[0].eventId, {}))!;
      for (const t of tickets)
        expect(checkTicketCode(t.code, t, keys.publicKey)).toMatchObject({
          ok: true,
          claim: { ticketId: t.id, version: 1 },
        });
    });
  });

  it("lists an order's tickets with their codes for the order page, and no code once revoked", async () => {
    const { order, tickets } = await paid(2, [{ name: "Amina", email: "amina@example.com" }]);
    const listed = await listOrderTickets(db(), order.id);
    expect(listed).toEqual(
      tickets.map((t) => ({
        id: t.id,
        attendeeName: t.attendeeName,
        ticketType: "Regular",
        code: t.code,
        status: "valid",
        checkedInAt: null,
      })),
    );
    expect(JSON.stringify(listed)).not.toContain("amina@example.com");
    await db().$transaction((tx) => revokeOrderTicketsInTx(tx, order.id, new Date()));
    expect((await listOrderTickets(db(), order.id)).map((t) => [t.status, t.code])).toEqual([
      ["revoked", null],
      ["revoked", null],
    ]);
  });

  describe("revoking and re-issuing", () => {
    it("cancel/refund revokes every ticket of the order once, and old codes stop verifying", async () => {
      const { order, tickets } = await paid(2);
      const revoked = await db().$transaction((tx) => revokeOrderTicketsInTx(tx, order.id, new Date()));
      expect(revoked).toBe(2);
      expect(await db().$transaction((tx) => revokeOrderTicketsInTx(tx, order.id, new Date()))).toBe(0);
      const keys = (await findEventKeys(db(), order.eventId, {}))!;
      for (const t of await db().ticket.findMany({ where: { orderId: order.id } })) {
        expect(t).toMatchObject({ status: "revoked", codeVersion: 2 });
        const old = tickets.find((x) => x.id === t.id)!;
        expect(checkTicketCode(old.code, t, keys.publicKey)).toEqual({ ok: false, reason: "revoked" });
      }
      // A revoked ticket has no code to show.
      expect((await ticketCodes(db(), await db().ticket.findMany({ where: { orderId: order.id } }))).size).toBe(0);
    });

    it("re-issue gives a new code and retires the old one; a revoked ticket cannot be re-issued", async () => {
      const { order, tickets } = await paid(1);
      expect(await reissueTicket(db(), tickets[0].id)).toBe(2);
      const current = await db().ticket.findUniqueOrThrow({ where: { id: tickets[0].id } });
      const keys = (await findEventKeys(db(), order.eventId, {}))!;
      const [newCode] = (await ticketCodes(db(), [current])).values();
      expect(newCode).not.toBe(tickets[0].code);
      expect(checkTicketCode(tickets[0].code, current, keys.publicKey)).toEqual({ ok: false, reason: "revoked" });
      expect(checkTicketCode(newCode, current, keys.publicKey).ok).toBe(true);
      await db().$transaction((tx) => revokeOrderTicketsInTx(tx, order.id, new Date()));
      expect(await reissueTicket(db(), tickets[0].id)).toBeNull();
    });
  });

  describe("renaming an attendee", () => {
    it("lets the buyer rename with the order's token, and keeps the code", async () => {
      const { order, tickets } = await paid(1, [{ name: "Amina" }]);
      expect(
        await renameAttendee(db(), {
          ticketId: tickets[0].id,
          order: { accessToken: order.accessToken },
          name: "  Zawadi Mwangi ",
        }),
      ).toEqual({ id: tickets[0].id, attendeeName: "Zawadi Mwangi" });
      await renameAttendee(db(), {
        ticketId: tickets[0].id,
        order: { accessToken: order.accessToken },
        name: "Zawadi M.",
      });
      const t = await db().ticket.findUniqueOrThrow({ where: { id: tickets[0].id } });
      expect(t).toMatchObject({ attendeeName: "Zawadi M.", codeVersion: 1 });
      const log = await db().auditLog.findMany({ where: { entityId: t.id }, orderBy: { createdAt: "asc" } });
      expect(log.map((l) => l.data)).toEqual([
        { from: "Amina", to: "Zawadi Mwangi" },
        { from: "Zawadi Mwangi", to: "Zawadi M." },
      ]);
    });

    it("refuses another order's ticket, an empty name, a revoked ticket and a started event", async () => {
      const a = await paid(1);
      const b = await paid(1);
      const rename = (ticketId: string, order: { accessToken: string }, name = "New Name", now?: Date) =>
        renameAttendee(db(), { ticketId, order, name }, now).then(
          () => null,
          (e) => ({ status: e.status, code: e.code, reason: e.details?.reason }),
        );
      expect(await rename(a.tickets[0].id, { accessToken: b.order.accessToken })).toMatchObject({ status: 404 });
      expect(await rename(a.tickets[0].id, { accessToken: b.order.accessToken })).toMatchObject({ status: 404 });
      expect(await rename("no-such-ticket", { accessToken: a.order.accessToken })).toMatchObject({ status: 404 });
      expect(await rename(a.tickets[0].id, { accessToken: a.order.accessToken }, "   ")).toMatchObject({
        status: 400,
        code: "invalid_input",
      });
      const startsAt = (await db().event.findUniqueOrThrow({ where: { id: a.order.eventId } })).startsAt;
      expect(await rename(a.tickets[0].id, { accessToken: a.order.accessToken }, "Late", startsAt)).toMatchObject({
        status: 409,
        reason: "event_started",
      });
      await db().$transaction((tx) => revokeOrderTicketsInTx(tx, b.order.id, new Date()));
      expect(await rename(b.tickets[0].id, { accessToken: b.order.accessToken })).toMatchObject({
        status: 409,
        reason: "ticket_revoked",
      });
    });
  });
});
