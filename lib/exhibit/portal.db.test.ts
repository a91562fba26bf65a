import { beforeAll, expect, it } from "vitest";
import type { AuthorizedUser } from "@/lib/auth/guards";
import type { Role } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { settleOrderPaid } from "@/lib/orders/settle";
import { renameAttendee } from "@/lib/tickets/attendee";
import { verifyTicketCode } from "@/lib/tickets/signing";
import { eventSigningKeys } from "@/lib/tickets/keys";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { getPortalBooking, listPortal, updatePortalProfile } from "./portal";

const DAR = "dar-trade-expo";

describeEachDatabase("exhibitor portal", (database) => {
  const db = (): Db => database().prisma;
  const status = (p: Promise<unknown>) =>
    p.then(
      () => 200,
      (e) => e.status,
    );
  const account = async (email: string, role: Role = "exhibitor"): Promise<AuthorizedUser> => {
    const u = await db().user.create({ data: { email, role } });
    return { id: u.id, email: u.email, name: null, role };
  };
  const book = async (code: string, email: string, company: string) => {
    const booth = await db().booth.findFirstOrThrow({ where: { event: { slug: DAR }, code } });
    const body = createOrderSchema.parse({
      eventSlug: DAR,
      items: [],
      booths: [{ boothId: booth.id, company }],
      buyer: { name: `${company} contact`, email, phone: "0754 123 456" },
    });
    const { reference } = await createOrder(db(), body);
    return db().order.findUniqueOrThrow({ where: { reference } });
  };
  const pay = (orderId: string) => db().$transaction((tx) => settleOrderPaid(tx, orderId, new Date()));

  let amina: AuthorizedUser;
  let baraka: AuthorizedUser;
  let aOrder: { id: string; reference: string; exhibitorId: string | null };
  let bOrder: { id: string; reference: string; exhibitorId: string | null };
  const profile = {
    companyName: "Amina Foods Ltd",
    contactName: "Amina Odhiambo",
    phone: "0754 999 888",
    website: "aminafoods.co.tz",
    description: "Dried fruit",
    requirements: "Two sockets",
  };

  beforeAll(async () => {
    await seedDemo(db());
    // Booked as typed at checkout; the accounts are lower-case, as sign-in makes them.
    aOrder = await book("A1", "Amina@Example.co.tz", "Amina Foods");
    bOrder = await book("A2", "baraka@example.co.tz", "Baraka Tools");
    await pay(aOrder.id);
    amina = await account("amina@example.co.tz");
    baraka = await account("baraka@example.co.tz");
  });

  it("an exhibitor sees their own bookings with status, receipt and booths, and nobody else's", async () => {
    const mine = await listPortal(db(), { user: amina });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      id: aOrder.exhibitorId,
      companyName: "Amina Foods",
      event: { slug: DAR },
      editable: true,
    });
    const [booking] = mine[0].bookings;
    expect(booking).toMatchObject({
      reference: aOrder.reference,
      status: "paid",
      receiptNumber: expect.any(String),
      booths: [{ code: "A1", hall: "Exhibition Hall A" }],
    });
    expect(booking.receiptUrl).toMatch(/^\/tickets\/[A-Za-z0-9_-]{32}\/receipt\.pdf$/);
    // The numbered invoice sits beside the receipt, behind the same secret.
    expect(booking.invoiceUrl).toBe(booking.receiptUrl!.replace("receipt.pdf", "invoice.pdf"));
    expect(mine.flatMap((x) => x.bookings.map((b) => b.reference))).not.toContain(bOrder.reference);

    const theirs = await listPortal(db(), { user: baraka });
    expect(theirs[0].bookings).toEqual([
      expect.objectContaining({
        reference: bOrder.reference,
        status: "pending",
        receiptUrl: null,
        receiptNumber: null,
        // An unpaid booking's invoice says what is due, so an accounts department can pay it.
        invoiceUrl: expect.stringMatching(/^\/tickets\/[A-Za-z0-9_-]{32}\/invoice\.pdf$/),
      }),
    ]);
  });

  it("another exhibitor's booking reference or profile id answers not-found, and changes nothing", async () => {
    await expect(getPortalBooking(db(), { user: amina }, bOrder.reference)).rejects.toMatchObject({ status: 404 });
    await expect(getPortalBooking(db(), { user: baraka }, aOrder.reference.toLowerCase())).rejects.toMatchObject({
      status: 404,
    });
    expect(await status(updatePortalProfile(db(), { user: amina }, bOrder.exhibitorId!, profile))).toBe(404);
    expect(await db().exhibitor.findUniqueOrThrow({ where: { id: bOrder.exhibitorId! } })).toMatchObject({
      companyName: "Baraka Tools",
    });
    // An exhibitor cannot borrow the admin's "view as" either.
    expect(await listPortal(db(), { user: amina, asExhibitorId: bOrder.exhibitorId! })).toHaveLength(1);
    await expect(
      getPortalBooking(db(), { user: amina, asExhibitorId: bOrder.exhibitorId! }, bOrder.reference),
    ).rejects.toMatchObject({ status: 404 });
    // Gate staff have no portal.
    const gate = await account("gate2@example.com", "staff");
    expect(await listPortal(db(), { user: gate })).toEqual([]);
    await expect(getPortalBooking(db(), { user: gate }, aOrder.reference)).rejects.toMatchObject({ status: 404 });
  });

  it("a paid booking lists its staff passes, each with a QR code that verifies", async () => {
    const booth = await db().booth.findFirstOrThrow({ where: { event: { slug: DAR }, code: "A1" } });
    const detail = await getPortalBooking(db(), { user: amina }, aOrder.reference);
    expect(detail.staffPasses).toHaveLength(booth.staffPasses);
    expect(booth.staffPasses).toBeGreaterThan(0);
    const keys = await eventSigningKeys(db(), booth.eventId);
    for (const pass of detail.staffPasses) {
      expect(pass).toMatchObject({ ticketType: "Staff pass · booth A1", status: "valid", code: expect.any(String) });
      expect(verifyTicketCode(pass.code!, booth.eventId, keys.publicKey)).toMatchObject({ ticketId: pass.id });
    }
    // The pending booking has none yet.
    expect((await getPortalBooking(db(), { user: baraka }, bOrder.reference)).staffPasses).toEqual([]);
  });

  it("the exhibitor renames a staff pass with the booking's own secret; the pass keeps its code", async () => {
    const detail = await getPortalBooking(db(), { user: amina }, aOrder.reference);
    expect(detail.accessToken).toBe((await db().order.findUniqueOrThrow({ where: { id: aOrder.id } })).accessToken);
    expect(detail.passesPdfUrl).toBe(`/exhibit/portal/bookings/${aOrder.reference}/passes.pdf`);
    const [first] = detail.staffPasses;
    await renameAttendee(db(), {
      ticketId: first.id,
      order: { accessToken: detail.accessToken! },
      name: "Neema Mushi",
    });
    const after = await getPortalBooking(db(), { user: amina }, aOrder.reference);
    expect(after.staffPasses.find((p) => p.id === first.id)).toMatchObject({
      attendeeName: "Neema Mushi",
      code: first.code,
    });
    // Baraka's booking is unpaid: no passes, so nothing to print.
    expect((await getPortalBooking(db(), { user: baraka }, bOrder.reference)).passesPdfUrl).toBeNull();
  });

  it("an exhibitor edits their profile before the deadline; after it the server refuses", async () => {
    const saved = await updatePortalProfile(db(), { user: amina }, aOrder.exhibitorId!, profile);
    expect(saved).toMatchObject({
      companyName: "Amina Foods Ltd",
      phone: "+255754999888",
      website: "https://aminafoods.co.tz",
      requirements: "Two sockets",
    });
    expect(
      await db().auditLog.count({ where: { entity: "Exhibitor", entityId: aOrder.exhibitorId!, actorId: amina.id } }),
    ).toBe(1);

    await expect(
      updatePortalProfile(db(), { user: amina }, aOrder.exhibitorId!, { ...profile, website: "javascript:alert(1)" }),
    ).rejects.toMatchObject({ status: 400, fields: { website: expect.any(String) } });
    await expect(
      updatePortalProfile(db(), { user: amina }, aOrder.exhibitorId!, { ...profile, phone: "12" }),
    ).rejects.toMatchObject({ status: 400, fields: { phone: expect.any(String) } });

    const event = await db().event.findUniqueOrThrow({ where: { slug: DAR } });
    const deadline = event.exhibitorEditDeadline!;
    const after = new Date(deadline.getTime() + 1000);
    await expect(
      updatePortalProfile(db(), { user: amina }, aOrder.exhibitorId!, { ...profile, companyName: "Too late" }, after),
    ).rejects.toMatchObject({ status: 409, details: { editableUntil: deadline.toISOString() } });
    expect((await listPortal(db(), { user: amina }, after))[0]).toMatchObject({
      editable: false,
      companyName: "Amina Foods Ltd",
    });
  });

  it("an admin views one exhibitor's portal read-only, once a booking of theirs is paid", async () => {
    const admin = await account("boss@example.com", "admin");
    expect(await listPortal(db(), { user: admin })).toEqual([]);
    // Baraka has not paid: what his booking typed is not shown to staff (pentest 12.6).
    expect(await listPortal(db(), { user: admin, asExhibitorId: bOrder.exhibitorId! })).toEqual([]);
    await expect(
      getPortalBooking(db(), { user: admin, asExhibitorId: bOrder.exhibitorId! }, bOrder.reference),
    ).rejects.toMatchObject({ status: 404 });
    const viewed = await listPortal(db(), { user: admin, asExhibitorId: aOrder.exhibitorId! });
    expect(viewed.map((x) => x.id)).toEqual([aOrder.exhibitorId]);
    expect(viewed[0].editable).toBe(false);
    const looked = await getPortalBooking(db(), { user: admin, asExhibitorId: aOrder.exhibitorId! }, aOrder.reference);
    expect(looked.reference).toBe(aOrder.reference);
    // The admin may print the passes but not rename them: the order's secret stays with the exhibitor.
    expect(looked.accessToken).toBeNull();
    expect(looked.passesPdfUrl).toBe(
      `/exhibit/portal/bookings/${aOrder.reference}/passes.pdf?exhibitor=${encodeURIComponent(aOrder.exhibitorId!)}`,
    );
    await expect(
      getPortalBooking(db(), { user: admin, asExhibitorId: aOrder.exhibitorId! }, bOrder.reference),
    ).rejects.toMatchObject({ status: 404 });
    expect(
      await status(
        updatePortalProfile(db(), { user: admin, asExhibitorId: aOrder.exhibitorId! }, aOrder.exhibitorId!, profile),
      ),
    ).toBe(404);
  });

  it("one address exhibiting at two events sees both; a look-alike address sees neither", async () => {
    const nairobi = await db().event.findUniqueOrThrow({ where: { slug: "nairobi-tech-summit" } });
    await db().exhibitor.create({
      data: {
        eventId: nairobi.id,
        email: "AMINA@example.co.tz",
        companyName: "Amina Foods",
        contactName: "Amina",
        phone: "+254712345678",
      },
    });
    expect((await listPortal(db(), { user: amina })).map((x) => x.event.slug).sort()).toEqual([
      DAR,
      "nairobi-tech-summit",
    ]);

    // "_" must not act as a wildcard: a_b@ is not axb@.
    await db().exhibitor.create({
      data: {
        eventId: nairobi.id,
        email: "a_b@example.com",
        companyName: "AB",
        contactName: "AB",
        phone: "+254712345678",
      },
    });
    expect(await listPortal(db(), { user: await account("axb@example.com") })).toEqual([]);
  });
});
