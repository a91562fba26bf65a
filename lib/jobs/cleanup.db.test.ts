import { expect, it } from "vitest";
import { sqlOf } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { enforce, hit } from "@/lib/rate-limit";
import { describeEachDatabase } from "@/test/db";
import { cleanupTick, CLEANUP_INTERVAL_MS } from "./cleanup";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describeEachDatabase("the cleanup job deletes rate-limit counters whose windows have ended", (database) => {
  const db = () => database().prisma;
  const keys = async (prefix: string) =>
    (await db().rateLimit.findMany({ where: { key: { startsWith: prefix } }, orderBy: { key: "asc" } })).map(
      (r) => r.key,
    );
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => "ok",
      (e: AppError) => (e instanceof AppError ? e.code : `crash: ${String(e)}`),
    );

  it("after a tick, expired rows are gone; live ones stay and still limit", async () => {
    const t0 = new Date("2026-12-06T09:00:00Z");
    // A script asking to resend tickets to made-up addresses: each leaves a counter of its own.
    for (let i = 0; i < 30; i++) await hit(db(), `resend:email:nobody-${i}@x.io`, 3, HOUR, t0);
    // An inbox that used up its waiting-list joins 50 minutes later.
    const later = new Date(t0.getTime() + 50 * MINUTE);
    for (let i = 0; i < 5; i++) await enforce(db(), "waitlist:email:full@gmail.com", 5, HOUR, "Too many.", later);

    const tick = new Date(t0.getTime() + 70 * MINUTE);
    expect(await cleanupTick(db(), tick, "host:1")).toEqual({ rateLimits: 30 });
    expect(await keys("resend:")).toEqual([]);
    expect(await keys("waitlist:")).toEqual(["waitlist:email:full@gmail.com"]);
    // Its window (until 10:50) is not over, and its count survived: the sixth join is still refused.
    expect(await refusal(enforce(db(), "waitlist:email:full@gmail.com", 5, HOUR, "Too many.", tick))).toBe(
      "rate_limited",
    );
    // Once the window ends the next tick takes it too, and the inbox may join again.
    const after = new Date(later.getTime() + HOUR + CLEANUP_INTERVAL_MS);
    expect(await cleanupTick(db(), after, "host:1")).toEqual({ rateLimits: 1 });
    expect(await keys("waitlist:")).toEqual([]);
    expect(await refusal(enforce(db(), "waitlist:email:full@gmail.com", 5, HOUR, "Too many.", after))).toBe("ok");
  });

  it("runs once per tick across processes", async () => {
    const t0 = new Date("2026-12-07T09:00:00Z");
    for (let i = 0; i < 5; i++) await hit(db(), `resend:ip:192.0.2.${i}`, 20, HOUR, t0);
    const tick = new Date(t0.getTime() + 2 * HOUR);
    const due = await db().rateLimit.count({ where: { resetAt: { lte: tick } } });
    const [one, two] = await Promise.all([cleanupTick(db(), tick, "host:1"), cleanupTick(db(), tick, "host:2")]);
    expect([one, two].filter((r) => r === null)).toHaveLength(1);
    expect(one ?? two).toEqual({ rateLimits: due });
    expect(due).toBeGreaterThanOrEqual(5);
    expect(await keys("resend:ip:")).toEqual([]);
  });

  it("a backlog is deleted a bounded batch per tick, and never a live counter", async () => {
    const t0 = new Date("2026-12-08T09:00:00Z");
    // A flood's worth of rows, written in one statement rather than hit one by one.
    await sqlOf(db()).query(
      `INSERT INTO "RateLimit" ("key", "count", "resetAt")
       SELECT 'flood:' || lpad(i::text, 6, '0'), 1, $1::timestamp FROM generate_series(1, 25000) AS i`,
      [t0.toISOString()],
    );
    const live = new Date(t0.getTime() + 10 * HOUR);
    await hit(db(), "flood:live", 1, 10 * HOUR + HOUR, t0);
    const deleted: number[] = [];
    for (let i = 1; i <= 4; i++) {
      const r = await cleanupTick(db(), new Date(t0.getTime() + HOUR + i * CLEANUP_INTERVAL_MS), "host:1");
      deleted.push(r!.rateLimits);
    }
    expect(deleted).toEqual([10_000, 10_000, 5_000, 0]);
    expect(await keys("flood:")).toEqual(["flood:live"]);
    expect(await hit(db(), "flood:live", 1, HOUR, live)).toBe(false);
  });
});
