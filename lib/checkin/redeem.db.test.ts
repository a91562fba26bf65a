import { generateKeyPairSync } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { DbTx } from "@/lib/db/client";
import { describeEachDatabase } from "@/test/db";
import { seedDemo } from "@/test/fixtures";
import { ticketCodes } from "../tickets/codes";
import { reissueTicket } from "../tickets/reissue.testkit";
import { revokeOrderTicketsInTx } from "../tickets/revoke";
import { signTicketCode } from "../tickets/signing";
import { paidOrderWithTickets } from "../tickets/testing";
import { redeemScan, type ScanRequest } from "./redeem";

describeEachDatabase("check-in", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  let staffId: string;
  beforeAll(async () => {
    demo = await seedDemo(db());
    staffId = (await db().user.create({ data: { email: "gate@example.com", role: "staff" } })).id;
  });
  const paid = (quantity = 1, slug: "nairobi" | "dar" = "nairobi") =>
    paidOrderWithTickets(db(), {
      eventSlug: demo[slug].slug,
      ticketTypeId: slug === "nairobi" ? demo.nairobi.regular.id : demo.dar.regular.id,
      quantity,
    });
  const scan = (req: Omit<ScanRequest, "userId">, now?: Date) => redeemScan(db(), { userId: staffId, ...req }, { now });

  it("admits on the first scan, then says when and at which gate", async () => {
    const { tickets } = await paid(1);
    const first = new Date("2030-05-01T07:30:00Z");
    expect(await scan({ code: tickets[0].code, gate: "North", deviceId: "phone-1" }, first)).toEqual({
      result: "ok",
      checkedInAt: first.toISOString(),
      gate: "North",
      ticket: {
        id: tickets[0].id,
        attendeeName: tickets[0].attendeeName,
        ticketType: "Regular",
        orderReference: expect.any(String),
        event: { id: tickets[0].eventId, name: expect.any(String) },
      },
    });
    const again = await scan({ code: tickets[0].code, gate: "South" }, new Date("2030-05-01T08:00:00Z"));
    expect(again).toMatchObject({
      result: "already_checked_in",
      checkedInAt: first.toISOString(),
      gate: "North",
      ticket: { id: tickets[0].id },
    });
    const stored = await db().ticket.findUniqueOrThrow({ where: { id: tickets[0].id } });
    expect(stored).toMatchObject({ checkedInAt: first, checkedInGate: "North" });
    const log = await db().checkIn.findMany({ where: { ticketId: tickets[0].id }, orderBy: { scannedAt: "asc" } });
    expect(log.map((l) => [l.result, l.gate, l.userId, l.eventId])).toEqual([
      ["ok", "North", staffId, tickets[0].eventId],
      ["already_checked_in", "South", staffId, tickets[0].eventId],
    ]);
    expect(log[0].deviceId).toBe("phone-1");
  });

  it("gives a retried scanId the stored answer and records it once", async () => {
    const { tickets } = await paid(1);
    const first = await scan({ code: tickets[0].code, scanId: "scan-retry-1", gate: "A" });
    expect(first.result).toBe("ok");
    // Another scan in between must not change the retried scan's answer.
    expect((await scan({ code: tickets[0].code, scanId: "scan-retry-2" })).result).toBe("already_checked_in");
    expect(await scan({ code: tickets[0].code, scanId: "scan-retry-1", gate: "B" })).toEqual(first);
    expect(await db().checkIn.count({ where: { scanId: "scan-retry-1" } })).toBe(1);
    // Retried invalid scans keep their answer too.
    expect(await scan({ code: "garbage", scanId: "scan-retry-3" })).toEqual({ result: "invalid" });
    expect(await scan({ code: "garbage", scanId: "scan-retry-3" })).toEqual({ result: "invalid" });
    expect(await db().checkIn.count({ where: { scanId: "scan-retry-3" } })).toBe(1);
    // So do retried scans of a forged code that names a real ticket: the retry is the same scan, not another's.
    const forged = signTicketCode(
      { ticketId: tickets[0].id, eventId: tickets[0].eventId, version: 1 },
      generateKeyPairSync("ed25519").privateKey,
    );
    expect(await scan({ code: forged, scanId: "scan-retry-4" })).toEqual({ result: "invalid" });
    expect(await scan({ code: forged, scanId: "scan-retry-4" })).toEqual({ result: "invalid" });
    expect(await db().checkIn.count({ where: { scanId: "scan-retry-4" } })).toBe(1);
  });

  it("replays a scanId only to the same user with a code of the same ticket; anyone else is refused", async () => {
    const { tickets } = await paid(2);
    const otherStaff = (await db().user.create({ data: { email: "south.gate@example.com", role: "staff" } })).id;
    const first = await scan({ code: tickets[0].code, scanId: "scan-owned", gate: "A" });
    expect(first.result).toBe("ok");
    // Another user cannot read (or reuse) this scan's answer by sending its id…
    await expect(
      redeemScan(db(), { userId: otherStaff, code: tickets[0].code, scanId: "scan-owned" }),
    ).rejects.toMatchObject({ status: 409, code: "scan_id_taken" });
    // …nor can the same user pass another ticket off under it, which would say "ok" and admit nobody.
    await expect(scan({ code: tickets[1].code, scanId: "scan-owned" })).rejects.toMatchObject({
      status: 409,
      code: "scan_id_taken",
    });
    expect((await db().ticket.findUniqueOrThrow({ where: { id: tickets[1].id } })).checkedInAt).toBeNull();
    // …nor under a code that is no ticket at all; the scanner tells its user what to do.
    await expect(scan({ code: "garbage", scanId: "scan-owned" })).rejects.toMatchObject({
      status: 409,
      code: "scan_id_taken",
      message: expect.stringContaining("Scan again"),
    });
    // The phone's own retry still gets its answer.
    expect(await scan({ code: tickets[0].code, scanId: "scan-owned", gate: "A" })).toEqual(first);
    expect(await db().checkIn.count({ where: { scanId: "scan-owned" } })).toBe(1);
    expect((await scan({ code: tickets[1].code, scanId: "scan-owned-2" })).result).toBe("ok");
  });

  it("answers ten simultaneous copies of one scanId with the one stored answer, ok", async () => {
    const { tickets } = await paid(1);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => scan({ code: tickets[0].code, scanId: "scan-burst", gate: "C" })),
    );
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0].result).toBe("ok");
    expect(await db().checkIn.count({ where: { scanId: "scan-burst" } })).toBe(1);
  });

  it("admits exactly one of 20 simultaneous scans of one ticket", async () => {
    const { tickets } = await paid(1);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => scan({ code: tickets[0].code, gate: `G${i}`, scanId: `scan-crowd-${i}` })),
    );
    const ok = answers.filter((a) => a.result === "ok");
    expect(ok).toHaveLength(1);
    expect(answers.filter((a) => a.result === "already_checked_in")).toHaveLength(19);
    for (const a of answers) expect(a).toMatchObject({ checkedInAt: ok[0].checkedInAt, gate: ok[0].gate });
    expect(await db().checkIn.count({ where: { ticketId: tickets[0].id } })).toBe(20);
  });

  it("admits the remaining guests of a partially refunded order", async () => {
    const { order, tickets } = await paid(2);
    // Part of the money went back (a goodwill refund, one guest's ticket): the tickets still valid admit.
    await db().order.update({ where: { id: order.id }, data: { status: "partially_refunded" } });
    for (const t of tickets) expect((await scan({ code: t.code, gate: "East" })).result).toBe("ok");
    expect((await scan({ code: tickets[0].code })).result).toBe("already_checked_in");
  });

  it("decides an online scan itself, whatever the client says it decided", async () => {
    const { tickets } = await paid(1);
    // Only a synced offline scan carries a phone's verdict; online, a stray localResult neither refuses…
    expect(
      (await scan({ code: tickets[0].code, localResult: "already_checked_in", scanId: "online-verdict-1" })).result,
    ).toBe("ok");
    // …nor turns a second scan into a conflict for the admin to chase.
    const second = await scan({ code: tickets[0].code, localResult: "ok", scanId: "online-verdict-2" });
    expect(second.result).toBe("already_checked_in");
    expect(second.conflict).toBeUndefined();
    expect(await db().checkIn.findUniqueOrThrow({ where: { scanId: "online-verdict-2" } })).toMatchObject({
      offline: false,
      conflict: false,
    });
  });

  it("logs an unreadable code scanned at an event's scanner in that event's scan log", async () => {
    const nairobi = await db().event.findUniqueOrThrow({ where: { slug: demo.nairobi.slug } });
    expect(await scan({ code: "not a ticket", eventId: nairobi.id, gate: "Main", scanId: "bound-invalid" })).toEqual({
      result: "invalid",
    });
    expect(await db().checkIn.findUniqueOrThrow({ where: { scanId: "bound-invalid" } })).toMatchObject({
      eventId: nairobi.id,
      ticketId: null,
      result: "invalid",
      gate: "Main",
    });
  });

  describe("refusals", () => {
    it("invalid: tampered, truncated, unknown ticket, another key, garbage; each recorded without a ticket", async () => {
      const { tickets } = await paid(1);
      const code = tickets[0].code;
      const flip = (i: number) => code.slice(0, i) + (code[i] === "A" ? "B" : "A") + code.slice(i + 1);
      const foreign = signTicketCode(
        { ticketId: tickets[0].id, eventId: tickets[0].eventId, version: 1 },
        generateKeyPairSync("ed25519").privateKey,
      );
      const unknown = signTicketCode(
        { ticketId: "AAAAAAAAAAAAAAAA", eventId: tickets[0].eventId, version: 1 },
        generateKeyPairSync("ed25519").privateKey,
      );
      const before = await db().checkIn.count();
      for (const bad of [
        flip(3),
        flip(30),
        flip(code.length - 1),
        code.slice(0, -4),
        foreign,
        unknown,
        "https://example.com",
        "x".repeat(1000),
      ]) {
        expect(await scan({ code: bad })).toEqual({ result: "invalid" });
      }
      expect(await db().checkIn.count()).toBe(before + 8);
      expect(await db().checkIn.count({ where: { result: "invalid", ticketId: { not: null } } })).toBe(0);
      // None of it admitted the ticket.
      expect((await db().ticket.findUniqueOrThrow({ where: { id: tickets[0].id } })).checkedInAt).toBeNull();
    });

    it("invalid: a genuine code presented as another event's (signature covers the event)", async () => {
      const { tickets } = await paid(1);
      const dar = await db().event.findUniqueOrThrow({ where: { slug: demo.dar.slug } });
      // Sign the same ticket for the other event with that event's own key: the ticket's event key refuses it.
      const [darKeyCode] = (await ticketCodes(db(), [{ id: tickets[0].id, eventId: dar.id, codeVersion: 1 }])).values();
      expect(await scan({ code: darKeyCode })).toEqual({ result: "invalid" });
    });

    it("revoked: the old code after a re-issue (the new one admits), and every code after a refund", async () => {
      const { order, tickets } = await paid(2);
      await reissueTicket(db(), tickets[0].id);
      expect(await scan({ code: tickets[0].code })).toMatchObject({ result: "revoked", ticket: { id: tickets[0].id } });
      const current = await db().ticket.findUniqueOrThrow({ where: { id: tickets[0].id } });
      const [fresh] = (await ticketCodes(db(), [current])).values();
      expect((await scan({ code: fresh })).result).toBe("ok");

      await db().$transaction((tx) => revokeOrderTicketsInTx(tx, order.id, new Date()));
      expect((await scan({ code: tickets[1].code })).result).toBe("revoked");
      // The re-issued ticket was admitted before the refund: the gate refuses it, not "in since …" like a re-entry.
      const refused = await scan({ code: fresh });
      expect(refused).toMatchObject({ result: "revoked", ticket: { id: tickets[0].id } });
      expect(refused.checkedInAt).toBeUndefined();
      expect(refused.gate).toBeUndefined();
    });

    it("not_paid: a ticket whose order is not (or no longer) paid", async () => {
      const { order, tickets } = await paid(1);
      await db().order.update({ where: { id: order.id }, data: { status: "refunded" } });
      expect(await scan({ code: tickets[0].code })).toMatchObject({
        result: "not_paid",
        ticket: { id: tickets[0].id },
      });
      expect((await db().ticket.findUniqueOrThrow({ where: { id: tickets[0].id } })).checkedInAt).toBeNull();
    });

    it("not_paid: a ticket of an order still waiting for its payment", async () => {
      const { order, tickets } = await paid(1);
      await db().order.update({ where: { id: order.id }, data: { status: "pending" } });
      expect(await scan({ code: tickets[0].code })).toMatchObject({
        result: "not_paid",
        ticket: { id: tickets[0].id },
      });
    });

    it("wrong_event: a scanner bound to another event names the ticket's event and admits nobody", async () => {
      const { tickets } = await paid(1, "dar");
      const nairobi = await db().event.findUniqueOrThrow({ where: { slug: demo.nairobi.slug } });
      const answer = await scan({ code: tickets[0].code, eventId: nairobi.id, gate: "Main" });
      expect(answer).toMatchObject({
        result: "wrong_event",
        ticket: { event: { id: tickets[0].eventId, name: "Dar es Salaam Trade Expo" } },
      });
      expect(answer.checkedInAt).toBeUndefined();
      expect((await scan({ code: tickets[0].code, eventId: tickets[0].eventId })).result).toBe("ok");
      // The scanner shows why it cannot scan: its event is gone (deleted, or a stale link).
      await expect(scan({ code: tickets[0].code, eventId: "no-such-event" })).rejects.toMatchObject({
        status: 404,
        code: "event_not_found",
        message: expect.stringMatching(/scanner.*event/i),
      });
    });
  });

  describe("a ticket changed while its scan waits for it [postgres]", () => {
    // PGlite runs one transaction at a time, so a scan never meets a refund or re-issue in progress there.
    /**
     * Runs `change` in a transaction that holds the ticket's row until the scan has read the ticket as valid
     * and is waiting for that row to admit it, then commits: the scan must see what was committed.
     */
    async function scanDuring(code: string, change: (tx: DbTx) => Promise<unknown>) {
      let changed!: () => void;
      let commit!: () => void;
      const heldRow = new Promise<void>((resolve) => (changed = resolve));
      const released = new Promise<void>((resolve) => (commit = resolve));
      const changing = db().$transaction(
        async (tx) => {
          await change(tx);
          changed();
          await released;
        },
        { timeout: 20_000 },
      );
      await heldRow;
      const scanning = scan({ code, gate: "Race" });
      try {
        await untilSomeoneWaitsForALock();
      } finally {
        commit();
        await changing;
      }
      return scanning;
    }
    async function untilSomeoneWaitsForALock() {
      for (let i = 0; i < 400; i++) {
        const [{ waiting }] = await db().$queryRaw<{ waiting: number }[]>`
          SELECT count(*)::int AS "waiting" FROM pg_stat_activity
          WHERE "datname" = current_database() AND "wait_event_type" = 'Lock'`;
        if (waiting > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error("The scan never waited for the ticket's row.");
    }

    it("refuses a ticket refunded while its scan was being answered, and lets nobody in", async (ctx) => {
      if (database().kind !== "postgres") ctx.skip();
      const { order, tickets } = await paid(1);
      const answer = await scanDuring(tickets[0].code, (tx) => revokeOrderTicketsInTx(tx, order.id, new Date()));
      expect(answer).toMatchObject({ result: "revoked", ticket: { id: tickets[0].id } });
      expect(await db().ticket.findUniqueOrThrow({ where: { id: tickets[0].id } })).toMatchObject({
        status: "revoked",
        checkedInAt: null,
      });
    });

    it("refuses the old code of a ticket re-issued while its scan was being answered; the new code admits", async (ctx) => {
      if (database().kind !== "postgres") ctx.skip();
      const { tickets } = await paid(1);
      const answer = await scanDuring(tickets[0].code, (tx) => reissueTicket(tx, tickets[0].id));
      expect(answer).toMatchObject({ result: "revoked", ticket: { id: tickets[0].id } });
      const current = await db().ticket.findUniqueOrThrow({ where: { id: tickets[0].id } });
      expect(current).toMatchObject({ status: "valid", codeVersion: 2, checkedInAt: null });
      const [fresh] = (await ticketCodes(db(), [current])).values();
      expect((await scan({ code: fresh })).result).toBe("ok");
    });
  });

  it("verifies codes signed with TICKET_SIGNING_KEY when it is set, and not with the event's stored key", async () => {
    const seed = generateKeyPairSync("ed25519").privateKey.export({ format: "der", type: "pkcs8" }).toString("base64");
    const env = { TICKET_SIGNING_KEY: seed };
    const { tickets } = await paidOrderWithTickets(db(), {
      eventSlug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.regular.id,
      env,
    });
    expect((await scan({ code: tickets[0].code })).result).toBe("invalid");
    expect((await redeemScan(db(), { userId: staffId, code: tickets[0].code }, { env })).result).toBe("ok");
  });
});
