/**
 * Test kit of the payment database tests: the app server (test/app-server.ts) on a seeded database, the
 * simulators' control API, and waiting for what the app does after replying (callbacks are applied, and
 * their log written, just after the gateway has its answer).
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { useDatabase, type Database } from "@/lib/db/client";
import { startAppServer } from "./app-server";
import { seedDemo } from "./fixtures";

export type AppServer = Awaited<ReturnType<typeof startAppServer>>;

/** Polls `fn` until `ok` or `ms` pass; returns the last value either way, so the test's expect says what was wrong. */
export const until = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
};

/**
 * Seeds the demo data, serves the app on it for the suite and, before each test, resets the simulators and
 * the rate limits (every test pays from the same IP).
 */
export function paymentsApp(database: () => Database) {
  let server: AppServer | undefined;
  let demo: Awaited<ReturnType<typeof seedDemo>> | undefined;
  const db = () => database().prisma;
  const app = () => {
    if (!server) throw new Error("the app server starts in beforeAll");
    return server;
  };
  /** GET (no body) or POST JSON to the simulators' control API, /sim/api/… */
  const sim = (path: string, body?: unknown) =>
    fetch(
      `${app().url}/sim/api/${path}`,
      body === undefined
        ? {}
        : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
    ).then((r) => r.json());
  const payment = (id: string) => db().payment.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    demo = await seedDemo(db());
    useDatabase(database());
    server = await startAppServer();
  });
  afterAll(() => server?.close());
  beforeEach(async () => {
    await sim("reset", {});
    await db().rateLimit.deleteMany();
  });

  return {
    db,
    server: app,
    demo: () => {
      if (!demo) throw new Error("the demo data is seeded in beforeAll");
      return demo;
    },
    sim,
    eventId: async (slug: string) => (await db().event.findUniqueOrThrow({ where: { slug } })).id,
    payment,
    /** The payment once it is no longer pending (or still pending after the wait). */
    settled: (id: string) =>
      until(
        () => payment(id),
        (p) => p.status !== "pending",
      ),
    orderOf: (reference: string) => db().order.findUniqueOrThrow({ where: { reference } }),
    /** A payment's callback log, once no entry is still "received" (its outcome is written after it is applied). */
    callbackLogs: (paymentId: string) =>
      until(
        () => db().callbackLog.findMany({ where: { paymentId }, orderBy: { receivedAt: "asc" } }),
        (l) => l.every((x) => x.outcome !== "received"),
      ),
  };
}
