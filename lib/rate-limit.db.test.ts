import { beforeEach, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/db";
import { deleteExpiredRateLimits, hit } from "./rate-limit";

const HOUR = 3_600_000;

describeEachDatabase("rate-limit counters whose windows have ended", (database) => {
  const db = () => database().prisma;
  beforeEach(async () => {
    await db().rateLimit.deleteMany();
  });

  it("are deleted from the moment their window ends, which changes no answer: the next hit starts at 1 either way", async () => {
    const t0 = new Date("2026-12-06T09:00:00Z");
    const end = new Date(t0.getTime() + HOUR);
    await hit(db(), "a:ended", 2, HOUR, t0);
    await hit(db(), "a:ended", 2, HOUR, t0);
    await hit(db(), "a:live", 2, HOUR, new Date(t0.getTime() + 1));
    expect(await deleteExpiredRateLimits(db(), new Date(end.getTime() - 1))).toBe(0);
    expect(await deleteExpiredRateLimits(db(), end)).toBe(1);
    expect((await db().rateLimit.findMany({ select: { key: true } })).map((r) => r.key)).toEqual(["a:live"]);
    // Two hits again are within the limit of two, as they would have been had the row stayed.
    expect([await hit(db(), "a:ended", 2, HOUR, end), await hit(db(), "a:ended", 2, HOUR, end)]).toEqual([true, true]);
    expect(await hit(db(), "a:ended", 2, HOUR, end)).toBe(false);
  });

  it("are deleted in batches of the size asked, no more than the batches allowed", async () => {
    const t0 = new Date("2026-12-07T09:00:00Z");
    for (let i = 0; i < 7; i++) await hit(db(), `b:${i}`, 1, HOUR, t0);
    const later = new Date(t0.getTime() + 2 * HOUR);
    expect(await deleteExpiredRateLimits(db(), later, { batchSize: 2, maxBatches: 2 })).toBe(4);
    expect(await deleteExpiredRateLimits(db(), later, { batchSize: 2, maxBatches: 2 })).toBe(3);
    expect(await db().rateLimit.count({ where: { key: { startsWith: "b:" } } })).toBe(0);
  });
});
