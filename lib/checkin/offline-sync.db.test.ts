import { beforeAll, expect, it } from "vitest";
import { POST } from "@/app/api/checkin/route";
import { useDatabase } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { revokeOrderTicketsInTx } from "../tickets/revoke";
import { paidOrderWithTickets } from "../tickets/testing";
import { listConflicts } from "./conflicts";
import { redeemScan, type ScanRequest } from "./redeem";
import { sessionCookie } from "./testing";

describeEachDatabase("syncing offline scans", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let staffId: string;
  beforeAll(async () => {
    demo = await seedDemo(db());
    staffId = (await db().user.create({ data: { email: "north.gate@example.com", name: "North gate", role: "staff" } })).id;
    useDatabase(database());
  });
  const ticket = async () => (await paidOrderWithTickets(db(), { eventSlug: demo.nairobi.slug, ticketTypeId: demo.nairobi.regular.id })).tickets[0];
  const sync = (req: Omit<ScanRequest, "userId" | "offline">, now = new Date("2030-05-01T12:00:00Z")) =>
    redeemScan(db(), { userId: staffId, offline: true, ...req }, { now });

  it("stores an offline scan with its own time and the offline flag; the ticket is in as of then", async () => {
    const t = await ticket();
    const at = new Date("2030-05-01T07:31:12Z");
    const answer = await sync({ code: t.code, gate: "North", deviceId: "phone-a", scanId: "off-1", scannedAt: at, localResult: "ok" });
    expect(answer).toMatchObject({ result: "ok", checkedInAt: at.toISOString(), gate: "North" });
    expect(answer.conflict).toBeUndefined();
    expect(await db().checkIn.findUniqueOrThrow({ where: { scanId: "off-1" } })).toMatchObject({ offline: true, scannedAt: at, localResult: "ok", conflict: false, deviceId: "phone-a" });
    expect(await db().ticket.findUniqueOrThrow({ where: { id: t.id } })).toMatchObject({ checkedInAt: at, checkedInGate: "North" });
    // A clock ahead of the server's never dates an admission in the future.
    const ahead = await ticket();
    const now = new Date("2030-05-01T12:00:00Z");
    expect((await sync({ code: ahead.code, scanId: "off-ahead", scannedAt: new Date(now.getTime() + 60_000), localResult: "ok" }, now)).checkedInAt).toBe(now.toISOString());
  });

  it("two phones admit one ticket offline: the first synced is ok, the other is a conflict the admin sees with both gates", async () => {
    const t = await ticket();
    const south = await sync({ code: t.code, gate: "South", deviceId: "phone-s", scanId: "off-s", scannedAt: new Date("2030-05-01T08:00:00Z"), localResult: "ok" });
    const north = await sync({ code: t.code, gate: "North", deviceId: "phone-n", scanId: "off-n", scannedAt: new Date("2030-05-01T08:05:00Z"), localResult: "ok" });
    expect(south).toMatchObject({ result: "ok", gate: "South" });
    expect(north).toMatchObject({ result: "already_checked_in", conflict: true, gate: "South", checkedInAt: "2030-05-01T08:00:00.000Z", ticket: { id: t.id } });

    const conflicts = (await listConflicts(db())).filter((c) => c.ticketId === t.id);
    expect(conflicts).toEqual([
      {
        id: expect.any(String),
        result: "already_checked_in",
        event: { name: "Nairobi Tech Summit", timeZone: "Africa/Nairobi", country: "KE" },
        ticketId: t.id,
        attendeeName: t.attendeeName,
        orderReference: expect.any(String),
        conflicting: { gate: "North", deviceId: "phone-n", scannedAt: new Date("2030-05-01T08:05:00Z"), offline: true, staff: "North gate" },
        admitted: { gate: "South", deviceId: "phone-s", scannedAt: new Date("2030-05-01T08:00:00Z"), offline: true, staff: "North gate" },
      },
    ]);

    // The phone re-sends its queue (the answer was lost): same answers, nothing new stored.
    const before = await db().checkIn.count({ where: { ticketId: t.id } });
    expect(await sync({ code: t.code, gate: "North", deviceId: "phone-n", scanId: "off-n", scannedAt: new Date("2030-05-01T08:05:00Z"), localResult: "ok" })).toEqual(north);
    expect(await sync({ code: t.code, gate: "South", deviceId: "phone-s", scanId: "off-s", scannedAt: new Date("2030-05-01T08:00:00Z"), localResult: "ok" })).toEqual(south);
    expect(await db().checkIn.count({ where: { ticketId: t.id } })).toBe(before);
    expect((await listConflicts(db())).filter((c) => c.ticketId === t.id)).toHaveLength(1);
    expect(await db().ticket.findUniqueOrThrow({ where: { id: t.id } })).toMatchObject({ checkedInGate: "South", checkedInAt: new Date("2030-05-01T08:00:00Z") });
  });

  it("a phone that refused a second scan offline is no conflict; a cancelled ticket it let in is", async () => {
    const t = await ticket();
    await sync({ code: t.code, scanId: "off-r1", scannedAt: new Date("2030-05-01T09:00:00Z"), localResult: "ok" });
    expect((await sync({ code: t.code, scanId: "off-r2", scannedAt: new Date("2030-05-01T09:01:00Z"), localResult: "already_checked_in" })).conflict).toBeUndefined();

    const { order, tickets } = await paidOrderWithTickets(db(), { eventSlug: demo.nairobi.slug, ticketTypeId: demo.nairobi.regular.id });
    await db().$transaction((tx) => revokeOrderTicketsInTx(tx, order.id, new Date()));
    const late = await sync({ code: tickets[0].code, gate: "East", scanId: "off-r3", scannedAt: new Date("2030-05-01T09:02:00Z"), localResult: "ok" });
    expect(late).toMatchObject({ result: "revoked", conflict: true });
    expect((await listConflicts(db())).find((c) => c.ticketId === tickets[0].id)).toMatchObject({ result: "revoked", admitted: null, conflicting: { gate: "East" } });
  });

  it("POST /api/checkin takes scannedAt and offline, and refuses a scan time in the future or over a week old", async () => {
    const t = await ticket();
    const staff = await sessionCookie(db(), "staff");
    const post = (body: unknown) =>
      POST(new Request("http://test/api/checkin", { method: "POST", headers: { "content-type": "application/json", cookie: staff }, body: JSON.stringify(body) }), undefined as never);
    for (const scannedAt of [new Date(Date.now() + 60 * 60_000).toISOString(), new Date(Date.now() - 8 * 24 * 60 * 60_000).toISOString(), "yesterday"]) {
      const res = await post({ code: t.code, scanId: `api-bad-${scannedAt}`, scannedAt, offline: true, localResult: "ok" });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({ code: "invalid_input", message: expect.stringContaining("scannedAt") });
    }
    expect(await db().checkIn.count({ where: { ticketId: t.id } })).toBe(0);
    const at = new Date(Date.now() - 20 * 60_000);
    const ok = await post({ code: t.code, gate: "West", scanId: "api-off-1", scannedAt: at.toISOString(), offline: true, localResult: "ok" });
    expect(await ok.json()).toMatchObject({ result: "ok", checkedInAt: at.toISOString() });
    expect(await db().checkIn.findUniqueOrThrow({ where: { scanId: "api-off-1" } })).toMatchObject({ offline: true, scannedAt: at });
  });
});
