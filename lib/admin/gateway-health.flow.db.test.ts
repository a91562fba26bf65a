import { expect, it } from "vitest";
import { getAdminOrder, orderTimeline } from "@/lib/admin/orders";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { gatewayContext } from "@/lib/payments/context";
import { registerC2bUrls } from "@/lib/payments/gateways/daraja/c2b";
import type { DarajaConfig } from "@/lib/payments/gateways/daraja/config";
import { gatewayById } from "@/lib/payments/registry";
import { startPayment } from "@/lib/payments/start-payment";
import { syncPayment } from "@/lib/payments/sync-payment";
import { describeEachDatabase } from "@/test/db";
import { buyer } from "@/test/fixtures";
import { paymentsApp, until } from "@/test/payments-kit";
import { gatewayHealth } from "./gateway-health";

/**
 * A fine day on M-Pesa, played through the Daraja simulator: every buyer pays, one after cancelling the
 * first prompt, and Safaricom confirms each STK payment to the paybill as well. Gateway health must say
 * that every buyer paid, not count the paybill copies as failures, and name the cancel in words.
 */
describeEachDatabase("gateway health counts what M-Pesa buyers experienced", (database) => {
  const { db, server, demo, sim } = paymentsApp(database);
  let price = 410_00;

  const newOrder = async () => {
    price += 100;
    const type = await db().ticketType.create({
      data: {
        eventId: demo().nairobi.regular.eventId,
        name: `H${price}`,
        priceMinor: price,
        currency: "KES",
        capacity: 10,
        maxPerOrder: 4,
      },
    });
    const created = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: demo().nairobi.slug,
        items: [{ ticketTypeId: type.id, quantity: 1 }],
        buyer,
      }),
    );
    return { reference: created.reference, amountKes: price / 100 };
  };

  /** The buyer's phone answers the prompt for this amount. */
  const answer = async (amountKes: number, outcome: "approve" | "decline") => {
    const prompts = await until(
      () => sim("prompts") as Promise<{ id: string; amount: number }[]>,
      (p) => p.some((x) => x.amount === amountKes),
    );
    await sim(`prompts/${prompts.find((p) => p.amount === amountKes)!.id}`, { outcome });
  };

  const settled = (reference: string, status: string) =>
    until(
      () => db().order.findUniqueOrThrow({ where: { reference }, include: { payments: true } }),
      (o) => o.status === status && o.payments.every((p) => p.status !== "pending"),
      10_000,
    );

  it("paybill copies of STK payments and a cancel followed by a payment leave M-Pesa at 100 % of buyers", async () => {
    const config = gatewayById("daraja", server().env).config as DarajaConfig;
    await registerC2bUrls(gatewayContext(db(), config));
    const since = new Date();

    // Two buyers approve at once.
    for (let i = 0; i < 2; i++) {
      const o = await newOrder();
      await startPayment(db(), { reference: o.reference, gateway: "daraja" }, server().env);
      await answer(o.amountKes, "approve");
      await settled(o.reference, "paid");
    }
    // A third cancels the first prompt, then pays on the second. Before answering, the status page asks
    // Safaricom, which answers "still being processed" (HTTP 500) while the prompt is open.
    const third = await newOrder();
    const first = await startPayment(db(), { reference: third.reference, gateway: "daraja" }, server().env);
    await syncPayment(db(), first.paymentId, server().env);
    await answer(third.amountKes, "decline");
    await until(
      () => db().payment.findUniqueOrThrow({ where: { id: first.paymentId } }),
      (p) => p.status === "cancelled",
    );
    await startPayment(db(), { reference: third.reference, gateway: "daraja" }, server().env);
    await answer(third.amountKes, "approve");
    await settled(third.reference, "paid");

    // Wait until Safaricom's paybill copy of each of the three payments has been handled: caught as a
    // duplicate on arrival, or recorded and then written off once Transaction Status names the same receipt.
    const handled = await until(
      () =>
        db().callbackLog.count({
          where: {
            receivedAt: { gte: since },
            gateway: "daraja",
            OR: [
              { kind: "c2b-confirmation", outcome: "duplicate" },
              { kind: "status-result", outcome: "duplicate" },
            ],
          },
        }),
      (n) => n === 3,
      10_000,
    );
    expect(handled, "the simulator confirms each STK payment to the paybill too").toBe(3);
    const copies = await db().payment.count({ where: { createdAt: { gte: since }, failureCode: "duplicate_receipt" } });

    const { gateways } = await gatewayHealth(db(), { now: new Date(Date.now() + 1000) });
    const mpesa = gateways.find((g) => g.gateway === "daraja")!;
    expect(mpesa.buyers).toEqual({ orders: 3, paid: 3, notPaid: 0, waiting: 0, successRate: 1 });
    expect(mpesa.payments).toMatchObject({
      succeeded: 3,
      unsuccessful: 1,
      pending: 0,
      notCounted: { copies, organiserCancelled: 0 },
      successRate: 0.75,
      failuresByCode: [{ code: "1032", count: 1, meaning: "The buyer cancelled the prompt (1032)" }],
    });
    // Safaricom's "still processing" answer is a working call, not an error.
    expect(mpesa.calls.errorsByCode.filter((e) => e.resultCode === "500.001.1001")).toEqual([]);

    // The order's timeline says what the pending answer meant, not "ok · HTTP 500".
    const timeline = await orderTimeline(db(), await getAdminOrder(db(), third.reference));
    const waiting = timeline.find((e) => e.kind === "gateway" && /500\.001\.1001/.test(e.detail ?? ""));
    expect(waiting, "the status query during the open prompt is on the timeline").toBeDefined();
    expect(waiting!.title).toMatch(/still waiting: the buyer has not answered the prompt yet/);
    expect(waiting!.title).not.toMatch(/: ok$/);
    const cancel = timeline.find((e) => e.title.startsWith("Payment cancelled"));
    expect(cancel?.detail).toContain("The buyer cancelled the prompt (1032)");
  });
});
