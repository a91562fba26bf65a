import { beforeEach, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/db";
import { deliverDueEmails, type Mailer } from "./send";

describeEachDatabase("e-mail delivery", (database) => {
  const db = () => database().prisma;
  beforeEach(async () => {
    await db().emailOutbox.deleteMany();
  });
  const queue = (n: number) =>
    db().emailOutbox.createMany({ data: Array.from({ length: n }, (_, i) => ({ dedupeKey: `k${i}`, kind: "test", to: `a${i}@example.com`, subject: "Hi", html: "<p>Hi</p>", text: "Hi" })) });

  it("in outbox mode marks messages sent without sending anything", async () => {
    await queue(3);
    const outbox: Mailer = { name: "outbox", send: async () => ({ id: "outbox" }) };
    expect(await deliverDueEmails(db(), outbox, "Lango <t@lango.test>")).toEqual({ sent: 3, failed: 0 });
    expect(await db().emailOutbox.count({ where: { status: "sent", providerId: "outbox" } })).toBe(3);
  });

  it("retries a failing provider with growing delays, then gives up", async () => {
    await queue(1);
    const down: Mailer = { name: "resend", send: async () => { throw new Error("503 from provider"); } };
    let now = new Date();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      await deliverDueEmails(db(), down, "x@lango.test", now);
      const m = await db().emailOutbox.findFirstOrThrow();
      delays.push(m.nextAttemptAt.getTime() - now.getTime());
      now = new Date(m.nextAttemptAt.getTime() + 1);
    }
    const m = await db().emailOutbox.findFirstOrThrow();
    expect(m).toMatchObject({ status: "failed", attempts: 8, lastError: "503 from provider" });
    expect(delays.slice(0, 4)).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it("never sends one message twice, however many senders run at once", async () => {
    await queue(10);
    const sent: string[] = [];
    const slow: Mailer = { name: "resend", send: async (m) => { sent.push(m.idempotencyKey); await new Promise((r) => setTimeout(r, 5)); return { id: `id-${m.idempotencyKey}` }; } };
    await Promise.all(Array.from({ length: 4 }, () => deliverDueEmails(db(), slow, "x@lango.test")));
    expect(sent.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `k${i}`).sort());
    expect(await db().emailOutbox.count({ where: { status: "sent" } })).toBe(10);
  });
});
