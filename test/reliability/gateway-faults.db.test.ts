import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { GET as paymentRoute } from "@/app/api/payments/[paymentId]/route";
import { useDatabase } from "@/lib/db/client";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { startPayment } from "@/lib/payments/start-payment";
import { startAppServer } from "@/test/app-server";
import { describeEachDatabase } from "@/test/db";
import { checkStockAfterEach } from "@/test/stock-invariants";
import { buyer, seedDemo } from "@/test/fixtures";
import { registeredStormGateways, sim, until, type Server } from "./storm";

/**
 * Gateway faults through `/sim/api/faults`: whatever the gateway does wrong, the buyer gets a clear
 * answer and the order's hold stays exactly as it was (still held, never doubled, never lost).
 */
describeEachDatabase("gateway faults: a clear message for the buyer, a consistent hold", (database) => {
  const db = () => database().prisma;
  checkStockAfterEach(db);
  let server: Server;
  const appUrl = process.env.APP_URL;
  let n = 0;

  beforeAll(async () => {
    await seedDemo(db());
    useDatabase(database());
    server = await startAppServer();
    process.env.APP_URL = server.url;
  });
  afterAll(async () => {
    process.env.APP_URL = appUrl;
    if (appUrl === undefined) delete process.env.APP_URL;
    await server?.close();
  });
  beforeEach(async () => {
    await sim(server, "reset", {});
    await db().rateLimit.deleteMany();
  });

  /** An order on its own ticket type (so its stock is its own to check) and its first payment attempt. */
  const orderFor = async (gw: (typeof gateways)[number]) => {
    const event = await db().event.findUniqueOrThrow({ where: { slug: gw.slug } });
    const currency = event.currency;
    const type = await db().ticketType.create({
      data: {
        eventId: event.id,
        name: `Faults ${gw.id} ${++n}`,
        priceMinor: 500_00 + n * 100,
        currency,
        capacity: 5,
        maxPerOrder: 5,
      },
    });
    const created = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: event.slug,
        items: [{ ticketTypeId: type.id, quantity: 2 }],
        buyer: { ...buyer, phone: gw.phone(n) },
      }),
    );
    return {
      created,
      type,
      pay: () =>
        startPayment(
          db(),
          { reference: created.reference, gateway: gw.id, ...(gw.method && { method: gw.method }) },
          server.env,
        ),
    };
  };
  const holdIntact = async (reference: string, typeId: string) => {
    expect(await db().order.findUniqueOrThrow({ where: { reference } })).toMatchObject({ status: "pending" });
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: typeId } })).toMatchObject({ held: 2, sold: 0 });
  };
  const poll = async (paymentId: string, check = false) =>
    (
      await paymentRoute(new Request(`${server.url}/api/payments/${paymentId}${check ? "?check=1" : ""}`), {
        params: Promise.resolve({ paymentId }),
      })
    ).json();

  const gateways = registeredStormGateways();
  for (const gw of gateways) {
    it(`${gw.id}: an outage (HTTP 500) fails the attempt with a message to try again; the hold stays and a retry works`, async () => {
      const o = await orderFor(gw);
      await sim(server, "faults", { gateway: gw.id, fault: "http_500" });
      const failed = await o.pay();
      expect(failed).toMatchObject({
        status: "failed",
        nextAction: { type: "none" },
        failureReason: expect.stringMatching(/try again|another way/i),
      });
      expect((await poll(failed.paymentId)).failureReason).toBe(failed.failureReason);
      await holdIntact(o.created.reference, o.type.id);
      await sim(server, "faults", { gateway: gw.id, fault: "none" });
      expect((await o.pay()).status).toBe("pending");
    });

    it(`${gw.id}: a malformed reply leaves no payment the buyer cannot understand, and the hold intact`, async () => {
      const o = await orderFor(gw);
      await sim(server, "faults", { gateway: gw.id, fault: "malformed" });
      const started = await o.pay();
      // Either refused with a readable reason, or pending for the status query to settle.
      if (started.status === "failed") expect(started.failureReason).toMatch(/\w{3,}.*\./);
      else expect(started.status).toBe("pending");
      await holdIntact(o.created.reference, o.type.id);
      await sim(server, "faults", { gateway: gw.id, fault: "none" });
      const view = await poll(started.paymentId, true);
      expect(["pending", "failed", "cancelled", "expired"]).toContain(view.status);
      await holdIntact(o.created.reference, o.type.id);
    });

    it(`${gw.id}: a slow gateway still starts the payment`, async () => {
      const o = await orderFor(gw);
      await sim(server, "settings", { slowMs: 300 });
      await sim(server, "faults", { gateway: gw.id, fault: "slow" });
      const t0 = Date.now();
      const started = await o.pay();
      expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
      expect(started.status).toBe("pending");
      await holdIntact(o.created.reference, o.type.id);
    });

    it(`${gw.id}: dropped callbacks are recovered by the buyer's "check again"; duplicated ones fulfil once`, async () => {
      for (const fault of ["drop_callbacks", "duplicate_callbacks", "delay_callbacks"] as const) {
        await sim(server, "settings", { callbackDelayMs: 300 });
        await sim(server, "faults", { gateway: gw.id, fault });
        const o = await orderFor(gw);
        const started = await o.pay();
        await gw.payer(
          server,
          started,
          await db().payment.findUniqueOrThrow({ where: { id: started.paymentId } }),
          "approve",
        );
        const view = await until(
          () => poll(started.paymentId, fault === "drop_callbacks"),
          (v) => v.status !== "pending",
          10_000,
        );
        expect(view, fault).toMatchObject({ status: "succeeded", orderStatus: "paid" });
        expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } }), fault).toMatchObject({
          held: 0,
          sold: 2,
        });
        const paid = await db().order.findUniqueOrThrow({
          where: { reference: o.created.reference },
          include: { tickets: true, emails: true },
        });
        expect(paid.tickets, fault).toHaveLength(2);
        // Let a duplicated or delayed copy land, then look again: still one fulfilment.
        await new Promise((r) => setTimeout(r, 500));
        expect(await db().ticket.count({ where: { orderId: paid.id } }), fault).toBe(2);
        expect(await db().emailOutbox.count({ where: { orderId: paid.id, kind: "order_confirmation" } }), fault).toBe(
          1,
        );
      }
    }, 60_000);
  }
});
