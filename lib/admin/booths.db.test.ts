import { encode } from "next-auth/jwt";
import { beforeAll, expect, it } from "vitest";
import { GET as exhibitorsCsvRoute } from "@/app/admin/booths/exhibitors.csv/route";
import { GET as eventRoute } from "@/app/api/events/[slug]/route";
import type { AuthorizedUser } from "@/lib/auth/guards";
import { authSecret } from "@/lib/auth/secret";
import { useDatabase, type Db } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { settleOrderPaid } from "@/lib/orders/settle";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import {
  boothAdminView,
  boothOccupancy,
  exhibitorsCsv,
  listExhibitors,
  saveBooth,
  saveHall,
  setBoothBlocked,
} from "./booths";

const DAR = "dar-trade-expo";

describeEachDatabase("admin halls and booths", (database) => {
  const db = (): Db => database().prisma;
  let admin: AuthorizedUser;
  let eventId: string;
  let hallId: string;
  const booth = (code: string) => db().booth.findFirstOrThrow({ where: { eventId, code } });
  const book = async (code: string, email: string, company: string) => {
    const b = await booth(code);
    const body = createOrderSchema.parse({
      eventSlug: DAR,
      items: [],
      booths: [{ boothId: b.id, company, requirements: '=HYPERLINK("http://evil")' }],
      buyer: { name: 'Contact, "Quoted"', email, phone: "0754 123 456" },
    });
    const { reference } = await createOrder(db(), body);
    return db().order.findUniqueOrThrow({ where: { reference } });
  };

  beforeAll(async () => {
    await seedDemo(db());
    useDatabase(database());
    const u = await db().user.create({ data: { email: "boss@example.com", role: "admin" } });
    admin = { id: u.id, email: u.email, name: null, role: "admin" };
    eventId = (await db().event.findUniqueOrThrow({ where: { slug: DAR } })).id;
    hallId = (await saveHall(db(), admin, eventId, { name: "Hall B", width: "20", height: "10" })).id;
  });

  const spot = (extra: Record<string, unknown> = {}) => ({
    hallId,
    code: "X1",
    size: "standard",
    price: "1500.50",
    x: "0",
    y: "0",
    width: "4",
    height: "3",
    staffPasses: "2",
    ...extra,
  });

  it("places booths inside the hall without overlaps, price in major units", async () => {
    const { id } = await saveBooth(db(), admin, eventId, spot());
    expect(await db().booth.findUniqueOrThrow({ where: { id } })).toMatchObject({
      code: "X1",
      priceMinor: 150050,
      currency: "TZS",
      status: "available",
      staffPasses: 2,
    });
    // Sharing a wall is fine.
    await saveBooth(db(), admin, eventId, spot({ code: "x2", x: "4" }));
    expect((await booth("X2")).x).toBe(4);

    await expect(saveBooth(db(), admin, eventId, spot({ code: "X3", x: "2", y: "1" }))).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("overlap booth X1"),
    });
    await expect(saveBooth(db(), admin, eventId, spot({ code: "X3", x: "18" }))).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("inside Hall B"),
    });
    await expect(saveBooth(db(), admin, eventId, spot({ code: "X3", y: "-1" }))).rejects.toMatchObject({
      status: 400,
      fields: { y: expect.any(String) },
    });
    await expect(saveBooth(db(), admin, eventId, spot({ code: "X1", x: "10" }))).rejects.toMatchObject({
      status: 409,
      fields: { code: "Already in use." },
    });
    // Moving a booth onto its own old spot is no overlap; onto its neighbour is.
    const b1 = await booth("X1");
    await saveBooth(db(), admin, eventId, spot({ y: "1", price: "2000" }), b1.id);
    expect(await booth("X1")).toMatchObject({ y: 1, priceMinor: 200000 });
    await expect(saveBooth(db(), admin, eventId, spot({ x: "3" }), b1.id)).rejects.toMatchObject({
      message: expect.stringContaining("X2"),
    });

    // A hall cannot shrink below its booths.
    await expect(
      saveHall(db(), admin, eventId, { name: "Hall B", width: "7", height: "10" }, hallId),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining("X2") });
    await saveHall(db(), admin, eventId, { name: "Hall B (east)", width: "8", height: "10" }, hallId);
    expect(await db().auditLog.count({ where: { actorId: admin.id, entity: { in: ["Hall", "Booth"] } } })).toBe(5);
  });

  it("a booth's description may be given in Kiswahili; the floor plan and GET /api/events/{slug}?lang=sw use it, else the organiser's own", async () => {
    const { id } = await saveBooth(
      db(),
      admin,
      eventId,
      spot({
        code: "D1",
        y: "5",
        description: "Beside the main entrance; power included.",
        description_sw: "Kando ya mlango mkuu; umeme umejumuishwa.",
      }),
    );
    expect(await db().booth.findUniqueOrThrow({ where: { id } })).toMatchObject({
      description: "Beside the main entrance; power included.",
      translations: { sw: { description: "Kando ya mlango mkuu; umeme umejumuishwa." } },
    });
    // Described in English only: Kiswahili readers see the organiser's text.
    await saveBooth(db(), admin, eventId, spot({ code: "D2", x: "4", y: "5", description: "Near the café." }));
    // The admin's form shows both again for editing.
    const shown = (await boothAdminView(db(), eventId)).halls.flatMap((h) => h.booths).find((b) => b.code === "D1");
    expect(shown).toMatchObject({ description: "Beside the main entrance; power included." });

    const described = async (lang: string) => {
      const res = await eventRoute(new Request(`http://test/api/events/${DAR}?lang=${lang}`), {
        params: Promise.resolve({ slug: DAR }),
      });
      expect(res.status).toBe(200);
      const { booths } = (await res.json()) as { booths: { code: string; description: string | null }[] };
      return Object.fromEntries(
        booths.filter((b) => /^D\d$|^A1$|^A5$/.test(b.code)).map((b) => [b.code, b.description]),
      );
    };
    expect(await described("sw")).toEqual({
      D1: "Kando ya mlango mkuu; umeme umejumuishwa.",
      D2: "Near the café.",
      // The demo's corner stands carry both languages; a plain standard one has no description.
      A1: "Banda la kona, liko wazi pande mbili za njia; soketi ya umeme imejumuishwa.",
      A5: null,
    });
    expect(await described("en")).toMatchObject({
      D1: "Beside the main entrance; power included.",
      A1: "Corner stand, open on two aisles; a power socket is included.",
    });

    // Emptied in Kiswahili: back to the organiser's own text; too long: refused with the field named.
    await saveBooth(
      db(),
      admin,
      eventId,
      spot({ code: "D1", y: "5", description: "Beside the main entrance.", description_sw: " " }),
      id,
    );
    expect((await described("sw")).D1).toBe("Beside the main entrance.");
    await expect(
      saveBooth(db(), admin, eventId, spot({ code: "D1", y: "5", description_sw: "x".repeat(501) }), id),
    ).rejects.toMatchObject({ status: 400, fields: { description_sw: "At most 500 characters." } });
  });

  it("staff cannot change booths", async () => {
    const staff: AuthorizedUser = { ...admin, role: "staff" };
    await expect(saveBooth(db(), staff, eventId, spot({ code: "X9", x: "0", y: "6" }))).rejects.toMatchObject({
      status: 403,
    });
    await expect(saveHall(db(), staff, eventId, { name: "X", width: "5", height: "5" })).rejects.toMatchObject({
      status: 403,
    });
    await expect(setBoothBlocked(db(), staff, (await booth("X1")).id, true)).rejects.toMatchObject({ status: 403 });
  });

  it("blocks only a free booth; a held or booked one is refused with the reason; an expired hold does not count", async () => {
    const b1 = await booth("X1");
    await setBoothBlocked(db(), admin, b1.id, true);
    expect((await booth("X1")).status).toBe("blocked");
    await expect(setBoothBlocked(db(), admin, b1.id, true)).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("already blocked"),
    });
    await setBoothBlocked(db(), admin, b1.id, false);
    expect((await booth("X1")).status).toBe("available");

    const held = await book("A3", "held@example.com", "Held Co");
    await expect(setBoothBlocked(db(), admin, (await booth("A3")).id, true)).rejects.toMatchObject({
      status: 409,
      code: "booth_unavailable",
      message: expect.stringContaining("awaiting payment"),
    });
    const paid = await book("A4", "paid@example.com", "Paid Co");
    await db().$transaction((tx) => settleOrderPaid(tx, paid.id, new Date()));
    await expect(setBoothBlocked(db(), admin, (await booth("A4")).id, true)).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("booked"),
    });

    // Once A3's hold has run out the booth is free again, and can be blocked.
    await setBoothBlocked(db(), admin, (await booth("A3")).id, true, new Date(held.expiresAt.getTime() + 1000));
    expect(await booth("A3")).toMatchObject({ status: "blocked", holdOrderId: null });
    expect((await db().order.findUniqueOrThrow({ where: { id: held.id } })).status).toBe("expired");
  });

  it("counts occupancy by status with the booked revenue", async () => {
    await book("A5", "pending@example.com", "Pending Co");
    const occ = await boothOccupancy(db(), eventId);
    const total = await db().booth.count({ where: { eventId } });
    const a4 = await booth("A4");
    expect(occ).toMatchObject({
      total,
      byStatus: { booked: 1, held: 1, blocked: 1, available: total - 3 },
      bookedRevenueMinor: a4.priceMinor,
      currency: "TZS",
    });
    const view = await boothAdminView(db(), eventId);
    expect(view.halls.map((h) => h.name)).toEqual(["Exhibition Hall A", "Hall B (east)"]);
    expect(view.occupancy).toEqual(occ);
  });

  it("lists exhibitors with booths and order status, and exports them as guarded CSV for admins only", async () => {
    const list = await listExhibitors(db(), eventId);
    expect(list.find((x) => x.email === "paid@example.com")).toMatchObject({
      companyName: "Paid Co",
      bookings: [{ status: "paid", booths: ["A4"] }],
    });

    const { body, filename } = await exhibitorsCsv(db(), eventId);
    expect(filename).toBe("exhibitors-dar-trade-expo.csv");
    const csv = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(body).arrayBuffer());
    expect(csv.startsWith("\uFEFFCompany,Contact,E-mail,Phone,Website,Booths,Orders (status),Requirements\r\n")).toBe(
      true,
    );
    const paidLine = csv.split("\r\n").find((l) => l.startsWith("Paid Co"))!;
    // Quotes doubled inside a quoted field; a formula is defused with an apostrophe.
    expect(paidLine).toContain(`"Contact, ""Quoted"""`);
    expect(paidLine).toContain(`,A4,`);
    expect(paidLine).toContain(`"'=HYPERLINK(""http://evil"")"`);
    // Held Co never paid: what an unpaid booking typed is not an exhibitor staff see (pentest 12.6).
    expect(csv).not.toContain("Held Co");
    expect(list.find((x) => x.email === "held@example.com")).toBeUndefined();

    const route = (cookie?: string, id = eventId) =>
      exhibitorsCsvRoute(
        new Request(`http://test/admin/booths/exhibitors.csv?eventId=${id}`, { headers: cookie ? { cookie } : {} }),
        undefined as never,
      );
    const anon = await route();
    expect(anon.status).toBe(401);
    expect(await anon.json()).toMatchObject({ error: { code: "unauthorized" } });
    const cookieFor = async (id: string, role: "admin" | "staff") =>
      `next-auth.session-token=${await encode({ token: { sub: id, id, role }, secret: authSecret({}) })}`;
    const staff = await db().user.create({ data: { email: "gate9@example.com", role: "staff" } });
    const denied = await route(await cookieFor(staff.id, "staff"));
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: "forbidden" } });
    const ok = await route(await cookieFor(admin.id, "admin"));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(ok.headers.get("content-disposition")).toContain("exhibitors-dar-trade-expo.csv");
    expect(await ok.text()).toContain("Paid Co");
    expect((await route(await cookieFor(admin.id, "admin"), "nope")).status).toBe(404);
  });
});
