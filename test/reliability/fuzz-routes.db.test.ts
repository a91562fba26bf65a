import { afterAll, beforeAll, expect, it } from "vitest";
import { FUZZ_ROUTES, fuzzCases, fuzzVerdict, type FuzzContext } from "@/bench/lib/fuzz";
import { seededRng, seedFromEnv } from "@/bench/lib/prng";
import { sessionCookie } from "@/lib/checkin/testing";
import { useDatabase } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { gatewayById, notificationUrl } from "@/lib/payments/registry";
import { startPayment } from "@/lib/payments/start-payment";
import { paidOrderWithTickets } from "@/lib/tickets/testing";
import { startAppServer } from "@/test/app-server";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { callRoute } from "./routes";

/** Cases per route: a bounded number in `npm test`; the bench sends ≥ 1,000 per route over HTTP. */
const CASES = Number(process.env.FUZZ_CASES) || 50;
const seed = seedFromEnv();

describeEachDatabase("fuzzing every public route: malformed bodies and parameters never get a 5xx", (database) => {
  const db = () => database().prisma;
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
      createOrder(db(), createOrderSchema.parse({ eventSlug: slug, items: [{ ticketTypeId, quantity: 1 }], buyer: { ...buyer, phone } }));
    const nairobi = await order(demo.nairobi.slug, demo.nairobi.regular.id);
    const mpesa = await startPayment(db(), { reference: nairobi.reference, gateway: "daraja" }, server.env);
    const dar = await order(demo.dar.slug, demo.dar.regular.id, "0754 123 456");
    const dpo = await startPayment(db(), { reference: dar.reference, gateway: "dpo" }, server.env);
    const paid = await paidOrderWithTickets(db(), { eventSlug: demo.nairobi.slug, ticketTypeId: demo.nairobi.regular.id });
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
      darajaCallbackToken: new URL(notificationUrl(gatewayById("daraja", server.env), server.url)).searchParams.get("token")!,
      staffCookie: await sessionCookie(db(), "staff"),
    };
    console.log(`fuzz: ${CASES} cases per route, RELIABILITY_SEED=${seed}`);
  });
  afterAll(async () => {
    process.env.APP_URL = appUrl;
    if (appUrl === undefined) delete process.env.APP_URL;
    await server?.close();
  });

  for (const route of Object.keys(FUZZ_ROUTES)) {
    it(route, async () => {
      // One stream per route, so a route's cases replay alike whichever routes ran before it.
      const rng = seededRng(seed ^ [...route].reduce((h, ch) => Math.imul(h, 31) + ch.charCodeAt(0), 7));
      const failures: string[] = [];
      for (const c of fuzzCases(route, rng, ctx, CASES)) {
        const res = await callRoute(c, server.url);
        const verdict = fuzzVerdict(res.status, await res.text());
        if (verdict) failures.push(`${verdict}: ${c.method} ${c.path.slice(0, 200)} ${JSON.stringify(c.headers)} ${String(c.body).slice(0, 300)}`);
      }
      expect(failures, `replay with RELIABILITY_SEED=${seed}`).toEqual([]);
      // The paid order the cases aimed at is unharmed: still paid, its ticket still valid.
      expect(await db().order.findUniqueOrThrow({ where: { reference: ctx.reference } })).toMatchObject({ status: "paid" });
    }, 120_000);
  }
});
