import { beforeAll, expect, it } from "vitest";
import { POST } from "@/app/api/checkin/route";
import { useDatabase } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { reissueTicket } from "../tickets/reissue.testkit";
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
    staffId = (await db().user.create({ data: { email: "north.gate@example.com", name: "North gate", role: "staff" } }))
      .id;
    useDatabase(database());
  });
  const ticket = async () =>
    (await paidOrderWithTickets(db(), { eventSlug: demo.nairobi.slug, ticketTypeId: demo.nairobi.regular.id }))
      .tickets[0];
  const sync = (req: Omit<ScanRequest, "userId" | "offline">, now = new Date("2030-05-01T12:00:00Z")) =>
    redeemScan(db(), { userId: staffId, offline: true, ...req }, { now });

  it("stores an offline scan with its own time and the offline flag; the ticket is in as of then", async () => {
    const t = await ticket();
    const at = new Date("2030-05-01T07:31:12Z");
    const answer = await sync({
      code: t.code,
      gate: "North",
      deviceId: "phone-a",
      scanId: "off-1",
      scannedAt: at,
      localResult: "ok",
    });
    expect(answer).toMatchObject({ result: "ok", checkedInAt: at.toISOString(), gate: "North" });
    expect(answer.conflict).toBeUndefined();
    expect(await db().checkIn.findUniqueOrThrow({ where: { scanId: "off-1" } })).toMatchObject({
      offline: true,
      scannedAt: at,
      localResult: "ok",
      conflict: false,
      deviceId: "phone-a",
    });
    expect(await db().ticket.findUniqueOrThrow({ where: { id: t.id } })).toMatchObject({
      checkedInAt: at,
      checkedInGate: "North",
    });
    // A clock ahead of the server's never dates an admission in the future.
    const ahead = await ticket();
    const now = new Date("2030-05-01T12:00:00Z");
    expect(
      (
        await sync(
          { code: ahead.code, scanId: "off-ahead", scannedAt: new Date(now.getTime() + 60_000), localResult: "ok" },
          now,
        )
      ).checkedInAt,
    ).toBe(now.toISOString());
  });

  it("two phones admit one ticket offline: the first synced is ok, the other is a conflict the admin sees with both gates", async () => {
    const t = await ticket();
    const south = await sync({
      code: t.code,
      gate: "South",
      deviceId: "phone-s",
      scanId: "off-s",
      scannedAt: new Date("2030-05-01T08:00:00Z"),
      localResult: "ok",
    });
    const north = await sync({
      code: t.code,
      gate: "North",
      deviceId: "phone-n",
      scanId: "off-n",
      scannedAt: new Date("2030-05-01T08:05:00Z"),
      localResult: "ok",
    });
    expect(south).toMatchObject({ result: "ok", gate: "South" });
    expect(north).toMatchObject({
      result: "already_checked_in",
      conflict: true,
      gate: "South",
      checkedInAt: "2030-05-01T08:00:00.000Z",
      ticket: { id: t.id },
    });

    const conflicts = (await listConflicts(db())).filter((c) => c.ticketId === t.id);
    expect(conflicts).toEqual([
      {
        id: expect.any(String),
        result: "already_checked_in",
        event: { name: "Nairobi Tech Summit", timeZone: "Africa/Nairobi", country: "KE" },
        ticketId: t.id,
        attendeeName: t.attendeeName,
        orderReference: expect.any(String),
        conflicting: {
          gate: "North",
          deviceId: "phone-n",
          scannedAt: new Date("2030-05-01T08:05:00Z"),
          offline: true,
          staff: "North gate",
        },
        admitted: {
          gate: "South",
          deviceId: "phone-s",
          scannedAt: new Date("2030-05-01T08:00:00Z"),
          offline: true,
          staff: "North gate",
        },
      },
    ]);

    // The phone re-sends its queue (the answer was lost): same answers, nothing new stored.
    const before = await db().checkIn.count({ where: { ticketId: t.id } });
    expect(
      await sync({
        code: t.code,
        gate: "North",
        deviceId: "phone-n",
        scanId: "off-n",
        scannedAt: new Date("2030-05-01T08:05:00Z"),
        localResult: "ok",
      }),
    ).toEqual(north);
    expect(
      await sync({
        code: t.code,
        gate: "South",
        deviceId: "phone-s",
        scanId: "off-s",
        scannedAt: new Date("2030-05-01T08:00:00Z"),
        localResult: "ok",
      }),
    ).toEqual(south);
    expect(await db().checkIn.count({ where: { ticketId: t.id } })).toBe(before);
    expect((await listConflicts(db())).filter((c) => c.ticketId === t.id)).toHaveLength(1);
    expect(await db().ticket.findUniqueOrThrow({ where: { id: t.id } })).toMatchObject({
      checkedInGate: "South",
      checkedInAt: new Date("2030-05-01T08:00:00Z"),
    });
  });

  it("a phone that refused a second scan offline is no conflict; a cancelled ticket it let in is", async () => {
    const t = await ticket();
    await sync({ code: t.code, scanId: "off-r1", scannedAt: new Date("2030-05-01T09:00:00Z"), localResult: "ok" });
    expect(
      (
        await sync({
          code: t.code,
          scanId: "off-r2",
          scannedAt: new Date("2030-05-01T09:01:00Z"),
          localResult: "already_checked_in",
        })
      ).conflict,
    ).toBeUndefined();
    // A phone whose stale bundle refused the ticket for another reason: the server says it was already in,
    // and since when, at which gate.
    const stale = await sync({
      code: t.code,
      scanId: "off-r2b",
      scannedAt: new Date("2030-05-01T09:01:30Z"),
      localResult: "not_paid",
    });
    expect(stale).toMatchObject({ result: "already_checked_in", checkedInAt: "2030-05-01T09:00:00.000Z" });
    expect(stale.conflict).toBeUndefined();

    const { order, tickets } = await paidOrderWithTickets(db(), {
      eventSlug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.regular.id,
    });
    await db().$transaction((tx) => revokeOrderTicketsInTx(tx, order.id, new Date()));
    const late = await sync({
      code: tickets[0].code,
      gate: "East",
      scanId: "off-r3",
      scannedAt: new Date("2030-05-01T09:02:00Z"),
      localResult: "ok",
    });
    expect(late).toMatchObject({ result: "revoked", conflict: true });
    expect((await listConflicts(db())).find((c) => c.ticketId === tickets[0].id)).toMatchObject({
      result: "revoked",
      admitted: null,
      conflicting: { gate: "East" },
    });
  });

  it("a scan the phone refused offline is recorded with the server's verdict but admits nobody", async () => {
    const t = await ticket();
    // The phone said "already in" (or could not verify the code): the person was turned away.
    const refused = await sync({
      code: t.code,
      gate: "North",
      scanId: "off-refused-1",
      scannedAt: new Date("2030-05-01T10:00:00Z"),
      localResult: "already_checked_in",
    });
    expect(refused).toMatchObject({ result: "already_checked_in", ticket: { id: t.id } });
    expect(refused.checkedInAt).toBeUndefined();
    expect(refused.conflict).toBeUndefined();
    const refusedAsInvalid = {
      code: t.code,
      scanId: "off-refused-2",
      scannedAt: new Date("2030-05-01T10:01:00Z"),
      localResult: "invalid",
    } as const;
    expect(await sync(refusedAsInvalid)).toEqual({ result: "invalid" });
    expect(await db().ticket.findUniqueOrThrow({ where: { id: t.id } })).toMatchObject({
      checkedInAt: null,
      checkedInGate: null,
    });
    expect(await db().checkIn.findUniqueOrThrow({ where: { scanId: "off-refused-1" } })).toMatchObject({
      ticketId: t.id,
      offline: true,
      localResult: "already_checked_in",
      result: "already_checked_in",
      conflict: false,
    });
    expect(await db().checkIn.findUniqueOrThrow({ where: { scanId: "off-refused-2" } })).toMatchObject({
      ticketId: t.id,
      localResult: "invalid",
      result: "invalid",
    });
    // The phone re-sending that scan gets the same answer, still naming no ticket.
    expect(await sync(refusedAsInvalid)).toEqual({ result: "invalid" });

    // The server's own objection wins over the phone's reason: a cancelled ticket the phone refused is "revoked".
    const { order, tickets } = await paidOrderWithTickets(db(), {
      eventSlug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.regular.id,
    });
    await db().$transaction((tx) => revokeOrderTicketsInTx(tx, order.id, new Date()));
    expect(await sync({ code: tickets[0].code, scanId: "off-refused-3", localResult: "invalid" })).toMatchObject({
      result: "revoked",
      ticket: { id: tickets[0].id },
    });

    // So does a re-issued ticket's old code the phone refused for its own reason: the server says "revoked".
    const reissued = await ticket();
    await reissueTicket(db(), reissued.id);
    expect(
      await sync({ code: reissued.code, scanId: "off-refused-4", localResult: "already_checked_in" }),
    ).toMatchObject({ result: "revoked", ticket: { id: reissued.id } });

    // The ticket is still good for the gate: the next real scan admits it.
    expect(
      (
        await redeemScan(
          db(),
          { code: t.code, userId: staffId, gate: "North" },
          { now: new Date("2030-05-01T10:05:00Z") },
        )
      ).result,
    ).toBe("ok");
  });

  it("honours scannedAt only for an offline scan, and never earlier than the ticket's creation", async () => {
    const now = new Date("2030-05-01T12:00:00Z");
    const online = await ticket();
    const backdated = new Date("2030-05-01T06:00:00Z");
    const answer = await redeemScan(
      db(),
      { code: online.code, userId: staffId, scanId: "on-backdated", scannedAt: backdated },
      { now },
    );
    expect(answer).toMatchObject({ result: "ok", checkedInAt: now.toISOString() });
    expect(await db().checkIn.findUniqueOrThrow({ where: { scanId: "on-backdated" } })).toMatchObject({
      scannedAt: now,
      offline: false,
    });

    const offline = await ticket();
    const created = (await db().ticket.findUniqueOrThrow({ where: { id: offline.id } })).createdAt;
    const beforeItExisted = new Date(created.getTime() - 3 * 24 * 60 * 60_000);
    const synced = await sync(
      { code: offline.code, scanId: "off-before-created", scannedAt: beforeItExisted, localResult: "ok" },
      now,
    );
    expect(synced).toMatchObject({ result: "ok", checkedInAt: created.toISOString() });
    expect(await db().ticket.findUniqueOrThrow({ where: { id: offline.id } })).toMatchObject({ checkedInAt: created });
    expect(await db().checkIn.findUniqueOrThrow({ where: { scanId: "off-before-created" } })).toMatchObject({
      scannedAt: created,
    });
  });

  it("POST /api/checkin takes scannedAt and offline, and refuses a scan time in the future or over a week old", async () => {
    const t = await ticket();
    const staff = await sessionCookie(db(), "staff");
    const post = (body: unknown) =>
      POST(
        new Request("http://test/api/checkin", {
          method: "POST",
          headers: { "content-type": "application/json", cookie: staff },
          body: JSON.stringify(body),
        }),
        undefined as never,
      );
    for (const scannedAt of [
      new Date(Date.now() + 60 * 60_000).toISOString(),
      new Date(Date.now() - 8 * 24 * 60 * 60_000).toISOString(),
      "yesterday",
    ]) {
      const res = await post({
        code: t.code,
        scanId: `api-bad-${scannedAt}`,
        scannedAt,
        offline: true,
        localResult: "ok",
      });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatchObject({
        code: "invalid_input",
        message: expect.stringContaining("scannedAt"),
      });
    }
    expect(await db().checkIn.count({ where: { ticketId: t.id } })).toBe(0);
    const at = new Date(Date.now() - 20 * 60_000);
    // Issued an hour ago, so the scan 20 minutes ago is not dated back to its creation.
    await db().ticket.update({ where: { id: t.id }, data: { createdAt: new Date(Date.now() - 60 * 60_000) } });
    const ok = await post({
      code: t.code,
      gate: "West",
      scanId: "api-off-1",
      scannedAt: at.toISOString(),
      offline: true,
      localResult: "ok",
    });
    expect(await ok.json()).toMatchObject({ result: "ok", checkedInAt: at.toISOString() });
    expect(await db().checkIn.findUniqueOrThrow({ where: { scanId: "api-off-1" } })).toMatchObject({
      offline: true,
      scannedAt: at,
    });
  });
});
