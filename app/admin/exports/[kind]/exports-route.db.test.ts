import { encode } from "next-auth/jwt";
import { beforeAll, expect, it } from "vitest";
import { authSecret } from "@/lib/auth/secret";
import { useDatabase } from "@/lib/db/client";
import { paidOrderWithTickets } from "@/lib/tickets/testing";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { GET } from "./route";

describeEachDatabase("GET /admin/exports/{kind}", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let eventId: string;
  const session = async (role: "admin" | "staff") => {
    const u = await db().user.create({ data: { email: `${role}-${Date.now()}-${Math.random()}@example.com`, role } });
    return {
      user: u,
      cookie: `next-auth.session-token=${await encode({ token: { sub: u.id, id: u.id, role }, secret: authSecret({}) })}`,
    };
  };
  const get = (kind: string, query: string, cookie?: string) =>
    GET(new Request(`http://test/admin/exports/${kind}?${query}`, { headers: cookie ? { cookie } : {} }), {
      params: Promise.resolve({ kind }),
    });
  const rows = (text: string) =>
    text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");

  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
    eventId = demo.nairobi.regular.eventId;
  });

  it("an admin downloads the event's orders, attendees and check-ins as CSV", async () => {
    const { order, tickets } = await paidOrderWithTickets(db(), {
      eventSlug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.regular.id,
      quantity: 2,
      attendees: [{ name: "Zuhura Müller" }, { name: '=HYPERLINK("http://x")' }],
    });
    const { user, cookie } = await session("admin");
    await db().checkIn.create({
      data: {
        ticketId: tickets[0].id,
        eventId,
        result: "ok",
        gate: "North, main",
        deviceId: "phone-1",
        userId: user.id,
        scannedAt: new Date(),
      },
    });

    const res = await get("orders", `eventId=${eventId}`, cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      /^attachment; filename="nairobi-tech-summit-orders-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const bytes = new Uint8Array(await res.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const orders = rows(await res.text());
    expect(orders[0]).toBe(
      "Reference,Status,Buyer,E-mail,Phone,Total,Currency,Gateway,Receipt,Created (Africa/Nairobi),Paid (Africa/Nairobi)",
    );
    const line = orders.find((l) => l.startsWith(order.reference))!;
    expect(line).toMatch(
      new RegExp(`^${order.reference},paid,Wanjiku Kamau,wanjiku@example.com,\\+254712345678,\\d+\\.00,KES,`),
    );

    const attendees = rows(await (await get("attendees", `eventId=${eventId}`, cookie)).text());
    expect(attendees[0]).toBe(
      "Ticket ID,Attendee,Ticket type,Order reference,Status,Checked in at (Africa/Nairobi),Gate",
    );
    expect(attendees).toContain(`${tickets[1].id},"'=HYPERLINK(""http://x"")",Regular,${order.reference},valid,,`);
    expect(attendees.some((l) => l.startsWith(`${tickets[0].id},Zuhura Müller,Regular,`))).toBe(true);

    const scans = rows(await (await get("checkins", `eventId=${eventId}`, cookie)).text());
    expect(scans).toHaveLength(2);
    expect(scans[1]).toMatch(
      new RegExp(
        `^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},ok,"North, main",phone-1,${user.email},no,${tickets[0].id},Zuhura Müller$`,
      ),
    );
  });

  it("401 signed out and 403 for gate staff, as JSON; a bad kind or event is a 4xx", async () => {
    const anonymous = await get("orders", `eventId=${eventId}`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    const staff = await get("orders", `eventId=${eventId}`, (await session("staff")).cookie);
    expect(staff.status).toBe(403);
    expect(await staff.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });

    const { cookie } = await session("admin");
    expect((await get("payroll", `eventId=${eventId}`, cookie)).status).toBe(404);
    expect((await get("orders", "", cookie)).status).toBe(400);
    expect((await get("orders", "eventId=nope", cookie)).status).toBe(404);
  });
});
