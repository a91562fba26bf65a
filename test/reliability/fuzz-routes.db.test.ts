import { afterAll, beforeAll, expect, it } from "vitest";
import { FUZZ_ROUTES, fuzzCases, fuzzVerdict, type FuzzContext } from "@/bench/lib/fuzz";
import { CI_SEED, seededRng, seedFromEnv } from "@/bench/lib/prng";
import { sessionCookie } from "@/lib/checkin/testing";
import { useDatabase } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { gatewayById, notificationUrl } from "@/lib/payments/registry";
import { startPayment } from "@/lib/payments/start-payment";
import { paidOrderWithTickets } from "@/lib/tickets/testing";
import { startAppServer } from "@/test/app-server";
import { describeEachDatabase } from "@/test/db";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { buyer, seedDemo } from "@/test/fixtures";
import { callRoute } from "./routes";

/** Cases per route: a bounded number in `npm test`; the bench sends ≥ 1,000 per route over HTTP. */
const CASES = Number(process.env.FUZZ_CASES) || 50;
const seed = seedFromEnv(process.env, CI_SEED);

describeEachDatabase("fuzzing every public route: malformed bodies and parameters never get a 5xx", (database) => {
  const db = () => database().prisma;
  checkStockAfterEach(db);
  let server: Awaited<ReturnType<typeof startAppServer>>;
  let ctx: FuzzContext;
  const appUrl = process.env.APP_URL;

  beforeAll(async () => {
    const demo = await seedDemo(db());
    useDatabase(database());
    server = await startAppServer();
    // The route handlers read their settings from the environment: point them at this run's simulators.
    process.env.APP_URL = server.url;
    const order = (slug: string, ticketTypeId: string, phone = buyer.phone) =>
      createOrder(
        db(),
        createOrderSchema.parse({
          eventSlug: slug,
          items: [{ ticketTypeId, quantity: 1 }],
          buyer: { ...buyer, phone },
        }),
      );
    const nairobi = await order(demo.nairobi.slug, demo.nairobi.regular.id);
    const mpesa = await startPayment(db(), { reference: nairobi.reference, gateway: "daraja" }, server.env);
    const dar = await order(demo.dar.slug, demo.dar.regular.id, "0754 123 456");
    const dpo = await startPayment(db(), { reference: dar.reference, gateway: "dpo" }, server.env);
    const paid = await paidOrderWithTickets(db(), {
      eventSlug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.regular.id,
    });
    const payment = (id: string) => db().payment.findUniqueOrThrow({ where: { id } });
    ctx = {
      slug: demo.nairobi.slug,
      ticketTypeId: demo.nairobi.regular.id,
      reference: paid.order.reference,
      paymentId: mpesa.paymentId,
      checkoutRequestId: (await payment(mpesa.paymentId)).gatewayReference!,
      dpoToken: (await payment(dpo.paymentId)).gatewayReference!,
      dpoPaymentId: dpo.paymentId,
      ticketId: paid.tickets[0].id,
      ticketCode: paid.tickets[0].code,
      eventId: demo.nairobi.regular.eventId,
      darajaCallbackToken: new URL(notificationUrl(gatewayById("daraja", server.env), server.url)).searchParams.get(
        "token",
      )!,
      staffCookie: await sessionCookie(db(), "staff"),
      orderToken: paid.order.accessToken,
    };
    console.log(`fuzz: ${CASES} cases per route, RELIABILITY_SEED=${seed}`);
  });
  afterAll(async () => {
    process.env.APP_URL = appUrl;
    if (appUrl === undefined) delete process.env.APP_URL;
    await server?.close();
  });

  it("what the fuzzing found stays fixed: a NUL byte, a lone surrogate, a malformed payment id on return", async () => {
    const send = (method: "GET" | "POST" | "PATCH", path: string, body?: string) =>
      callRoute({ route: "", method, path, headers: { "content-type": "application/json" }, body }, server.url);
    // A NUL byte in a slug or reference reached PostgreSQL, which refused it: a 500. Neither can name anything.
    expect((await send("GET", "/api/events/%00")).status).toBe(404);
    expect((await send("GET", "/api/orders/LG%00")).status).toBe(404);
    // A lone surrogate is valid JSON but not text: the ORM failed on it later, as a 500.
    const surrogate = await callRoute(
      {
        route: "",
        method: "POST",
        path: "/api/checkin",
        headers: { "content-type": "application/json", cookie: ctx.staffCookie! },
        body: JSON.stringify({ code: ctx.ticketCode, deviceId: "\ud800" }),
      },
      server.url,
    );
    expect(surrogate.status).toBe(400);
    const order = await send(
      "POST",
      "/api/orders",
      `{"eventSlug":"${ctx.slug}","items":[{"ticketTypeId":"${ctx.ticketTypeId}","quantity":1}],"buyer":{"name":"\\ud800","email":"a@example.com","phone":"0712345678"}}`,
    );
    expect(order.status).toBe(400);
    expect((await order.json()).error).toMatchObject({
      code: "invalid_json",
      message: expect.stringMatching(/Unicode/),
    });
    // The return from a hosted page with a NUL in its payment id went to the database too.
    const back = await send("GET", "/pay/return/dpo?payment=%00&TransactionToken=x");
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(`${server.url}/`);
  });

  for (const route of Object.keys(FUZZ_ROUTES)) {
    it(
      route,
      async () => {
        // One stream per route, so a route's cases replay alike whichever routes ran before it.
        const rng = seededRng(seed ^ [...route].reduce((h, ch) => Math.imul(h, 31) + ch.charCodeAt(0), 7));
        const failures: string[] = [];
        for (const c of fuzzCases(route, rng, ctx, CASES)) {
          const res = await callRoute(c, server.url);
          const verdict = fuzzVerdict(res.status, await res.text());
          if (verdict)
            failures.push(
              `${verdict}: ${c.method} ${c.path.slice(0, 200)} ${JSON.stringify(c.headers)} ${String(c.body).slice(0, 300)}`,
            );
        }
        expect(failures, `replay with RELIABILITY_SEED=${seed}`).toEqual([]);
        // The paid order the cases aimed at is unharmed: still paid, its ticket still valid.
        expect(await db().order.findUniqueOrThrow({ where: { reference: ctx.reference } })).toMatchObject({
          status: "paid",
        });
      },
      120_000,
    );
  }
});
