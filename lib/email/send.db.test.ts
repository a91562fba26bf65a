import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachDatabase } from "@/test/db";
import { deliverDueEmails, mailerFromEnv, type Mailer } from "./send";

// A stand-in for Resend's API on 127.0.0.1: answers 500 until told otherwise, and counts what it got.
const resendApi = { status: 500, requests: [] as { idempotencyKey?: string; to?: string }[] };
let server: http.Server;
let resendUrl = "";
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      resendApi.requests.push({
        idempotencyKey: req.headers["idempotency-key"] as string,
        to: JSON.parse(raw || "{}").to,
      });
      res.writeHead(resendApi.status, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          resendApi.status === 200
            ? { id: `re_${resendApi.requests.length}` }
            : { statusCode: resendApi.status, name: "internal_server_error", message: "Resend is down" },
        ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  resendUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describeEachDatabase("e-mail delivery", (database) => {
  const db = () => database().prisma;
  beforeEach(async () => {
    await db().emailOutbox.deleteMany();
  });
  const queue = (n: number) =>
    db().emailOutbox.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        dedupeKey: `k${i}`,
        kind: "test",
        to: `a${i}@example.com`,
        subject: "Hi",
        html: "<p>Hi</p>",
        text: "Hi",
      })),
    });

  it("in outbox mode marks messages sent without sending anything", async () => {
    await queue(3);
    const outbox: Mailer = { name: "outbox", send: async () => ({ id: "outbox" }) };
    expect(await deliverDueEmails(db(), outbox, "Lango <t@lango.test>")).toEqual({ sent: 3, failed: 0 });
    expect(await db().emailOutbox.count({ where: { status: "sent", providerId: "outbox" } })).toBe(3);
  });

  it("retries a failing provider with growing delays, then gives up", async () => {
    await queue(1);
    const down: Mailer = {
      name: "resend",
      send: async () => {
        throw new Error("503 from provider");
      },
    };
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
    const slow: Mailer = {
      name: "resend",
      send: async (m) => {
        sent.push(m.idempotencyKey);
        await new Promise((r) => setTimeout(r, 5));
        return { id: `id-${m.idempotencyKey}` };
      },
    };
    await Promise.all(Array.from({ length: 4 }, () => deliverDueEmails(db(), slow, "x@lango.test")));
    expect(sent.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `k${i}`).sort());
    expect(await db().emailOutbox.count({ where: { status: "sent" } })).toBe(10);
  });

  it("through Resend's SDK: a 500 backs the message off and retries it, and the retry that succeeds sends it once", async () => {
    await queue(1);
    resendApi.status = 500;
    resendApi.requests = [];
    const resend = mailerFromEnv({ RESEND_API_KEY: "re_test", RESEND_BASE_URL: resendUrl });
    const t0 = new Date();
    expect(await deliverDueEmails(db(), resend, "Lango <tickets@lango.test>", t0)).toEqual({ sent: 0, failed: 1 });
    let m = await db().emailOutbox.findFirstOrThrow();
    expect(m).toMatchObject({ status: "queued", attempts: 1, providerId: null });
    expect(m.lastError).toMatch(/Resend refused the message/);
    expect(m.nextAttemptAt.getTime() - t0.getTime()).toBe(30_000);

    // Not due yet: nothing is sent however often the job runs.
    expect(await deliverDueEmails(db(), resend, "Lango <tickets@lango.test>", new Date(t0.getTime() + 29_000))).toEqual(
      { sent: 0, failed: 0 },
    );
    expect(resendApi.requests).toHaveLength(1);

    resendApi.status = 200;
    const t1 = new Date(t0.getTime() + 30_000);
    expect(await deliverDueEmails(db(), resend, "Lango <tickets@lango.test>", t1)).toEqual({ sent: 1, failed: 0 });
    m = await db().emailOutbox.findFirstOrThrow();
    expect(m).toMatchObject({ status: "sent", attempts: 2, providerId: "re_2", lastError: null });
    expect(
      await deliverDueEmails(db(), resend, "Lango <tickets@lango.test>", new Date(t1.getTime() + 3_600_000)),
    ).toEqual({ sent: 0, failed: 0 });
    // Both tries carried the same idempotency key, so Resend itself would drop a repeat.
    expect(resendApi.requests.map((r) => r.idempotencyKey)).toEqual(["k0", "k0"]);
  });

  it("keeps a result only while the sender still holds the claim", async () => {
    await queue(1);
    const t0 = new Date();
    // This sender stalls past its lease; another takes the message over and sends it.
    let release!: () => void;
    const stalled: Mailer = { name: "resend", send: () => new Promise((r) => (release = () => r({ id: "late" }))) };
    const first = deliverDueEmails(db(), stalled, "x@lango.test", t0);
    await expect.poll(() => release).toBeTypeOf("function");
    const afterLease = new Date(t0.getTime() + 5 * 60_000 + 1);
    const prompt: Mailer = { name: "resend", send: async () => ({ id: "takeover" }) };
    expect(await deliverDueEmails(db(), prompt, "x@lango.test", afterLease)).toEqual({ sent: 1, failed: 0 });
    release();
    await first;
    expect(await db().emailOutbox.findFirstOrThrow()).toMatchObject({
      status: "sent",
      attempts: 2,
      providerId: "takeover",
    });
  });
});
