import { beforeAll, expect, it } from "vitest";
import { sessionCookie } from "@/lib/checkin/testing";
import { useDatabase } from "@/lib/db/client";
import { paidOrderWithTickets } from "@/lib/tickets/testing";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { POST } from "./route";

describeEachDatabase("POST /api/checkin", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  const session = (role: "admin" | "staff" | "exhibitor") => sessionCookie(db(), role);
  const post = (body: unknown, cookie?: string) =>
    POST(
      new Request("http://test/api/checkin", {
        method: "POST",
        headers: { "content-type": "application/json", ...(cookie && { cookie }) },
        body: typeof body === "string" ? body : JSON.stringify(body),
      }),
      undefined as never,
    );
  const ticket = async () =>
    (await paidOrderWithTickets(db(), { eventSlug: demo.nairobi.slug, ticketTypeId: demo.nairobi.regular.id }))
      .tickets[0];

  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
  });

  it("401 without a session, 403 for an exhibitor, in the JSON error shape; nothing is scanned", async () => {
    const t = await ticket();
    const anonymous = await post({ code: t.code });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    expect((await post({ code: t.code }, "next-auth.session-token=forged")).status).toBe(401);
    const exhibitor = await post({ code: t.code }, await session("exhibitor"));
    expect(exhibitor.status).toBe(403);
    expect(await exhibitor.json()).toEqual({ error: { code: "forbidden", message: expect.any(String) } });
    expect(await db().checkIn.count({ where: { ticketId: t.id } })).toBe(0);
  });

  it("200 for staff and admin: ok, then already_checked_in with time and gate, the same answer for a retried scanId", async () => {
    const t = await ticket();
    const staff = await session("staff");
    const first = await post({ code: t.code, gate: "North", deviceId: "phone-7", scanId: "api-scan-1" }, staff);
    expect(first.status).toBe(200);
    expect(first.headers.get("cache-control")).toBe("no-store, no-transform");
    const ok = await first.json();
    expect(ok).toMatchObject({
      result: "ok",
      gate: "North",
      checkedInAt: expect.any(String),
      ticket: { id: t.id, attendeeName: t.attendeeName, ticketType: "Regular" },
    });

    const later = await (await post({ code: t.code, gate: "South" }, await session("admin"))).json();
    expect(later).toMatchObject({ result: "already_checked_in", checkedInAt: ok.checkedInAt, gate: "North" });
    expect(await (await post({ code: t.code, gate: "North", scanId: "api-scan-1" }, staff)).json()).toEqual(ok);
    const scans = await db().checkIn.findMany({ where: { ticketId: t.id } });
    expect(scans).toHaveLength(2);
    expect(scans.every((s) => s.userId)).toBe(true);
  });

  it("answers a tampered code with result invalid (200), and a malformed request with 400", async () => {
    const t = await ticket();
    const staff = await session("staff");
    const tampered = t.code.slice(0, 10) + (t.code[10] === "x" ? "y" : "x") + t.code.slice(11);
    expect(await (await post({ code: tampered }, staff)).json()).toEqual({ result: "invalid" });
    for (const body of ["{nope", {}, { code: "" }, { code: 12 }, { code: t.code, gate: "g".repeat(61) }]) {
      const res = await post(body, staff);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({
        code: expect.stringMatching(/^invalid_(json|input)$/),
        message: expect.any(String),
      });
    }
  });

  it("a scanner bound to another event gets wrong_event", async () => {
    const t = await ticket();
    const dar = await db().event.findUniqueOrThrow({ where: { slug: demo.dar.slug } });
    const res = await post({ code: t.code, eventId: dar.id }, await session("staff"));
    expect(await res.json()).toMatchObject({ result: "wrong_event", ticket: { event: { id: t.eventId } } });
    expect((await post({ code: t.code, eventId: "nope" }, await session("staff"))).status).toBe(404);
  });
});
