import { expect, it } from "vitest";
import { sqlOf } from "@/lib/db/sql";
import { describeEachDatabase } from "@/test/db";
import { claimTick } from "./ticks";

describeEachDatabase("issue 14: background jobs run once per tick across processes", (database) => {
  const sql = () => sqlOf(database().prisma);

  it("two processes whose timers fire in the same tick: exactly one runs it, every tick", async () => {
    const INTERVAL = 30_000;
    const t0 = Math.floor(Date.parse("2026-12-05T10:00:00Z") / INTERVAL) * INTERVAL;
    const runs: Record<string, string[]> = { "host:1": [], "host:2": [] };
    for (let tick = 0; tick < 10; tick++) {
      // Process 1's timer fires 5 s into the tick, process 2's 17 s in; both ask at once in half the ticks.
      const at = (offset: number) => new Date(t0 + tick * INTERVAL + offset);
      const attempts = await Promise.all([
        claimTick(sql(), "sweep", INTERVAL, at(5_000), "host:1"),
        claimTick(sql(), "sweep", INTERVAL, at(tick % 2 ? 5_000 : 17_000), "host:2"),
      ]);
      attempts.forEach((won, i) => won && runs[`host:${i + 1}`].push(`tick ${tick}`));
      expect(attempts.filter(Boolean), `tick ${tick}`).toHaveLength(1);
    }
    expect(runs["host:1"].length + runs["host:2"].length).toBe(10);
    const { rows } = await sql().query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM "JobTick" WHERE "job" = 'sweep'`,
    );
    expect(rows[0].n).toBe(10);
  });

  it("jobs are claimed apart, and the table keeps only the last hundred ticks of each", async () => {
    const now = new Date("2026-12-05T11:00:00Z");
    expect(await claimTick(sql(), "email", 3_000, now, "host:1")).toBe(true);
    // Another job's tick at the same moment is its own.
    expect(await claimTick(sql(), "reconcile-other", 3_000, now, "host:2")).toBe(true);
    expect(await claimTick(sql(), "email", 3_000, now, "host:2")).toBe(false);
    for (let i = 1; i <= 150; i++)
      await claimTick(sql(), "email", 3_000, new Date(now.getTime() + i * 3_000), "host:1");
    const { rows } = await sql().query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM "JobTick" WHERE "job" = 'email'`,
    );
    expect(rows[0].n).toBeLessThanOrEqual(101);
  });
});
