import { beforeAll, expect, it } from "vitest";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { describeEachDatabase } from "@/test/db";
import { orderBody, seedDemo } from "@/test/fixtures";
import { unsettledRefunds } from "./unsettled-refunds";

describeEachDatabase("refunds with no answer, for the dashboard", (database) => {
  const db = () => database().prisma;
  let order: { id: string; reference: string };
  const now = new Date("2026-12-05T12:00:00Z");
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

  beforeAll(async () => {
    const demo = await seedDemo(db());
    const { reference } = await createOrder(db(), createOrderSchema.parse(orderBody(demo.nairobi.regular.id)));
    order = await db().order.findUniqueOrThrow({ where: { reference } });
  });

  let n = 0;
  /** A refund of a succeeded payment through `gateway`, left as a past request left it. */
  async function refund(
    gateway: string,
    r: {
      createdAt: Date;
      askedAt?: Date | null;
      status?: "pending" | "succeeded" | "failed";
      gatewayReference?: string;
    },
  ) {
    const payment = await db().payment.create({
      data: {
        orderId: order.id,
        gateway,
        status: "succeeded",
        amountMinor: 1000 + ++n,
        currency: "KES",
        expiresAt: r.createdAt,
        succeededAt: r.createdAt,
        settlement: "already_paid",
      },
    });
    return db().refund.create({
      data: {
        paymentId: payment.id,
        orderId: order.id,
        amountMinor: payment.amountMinor,
        currency: "KES",
        reason: "Duplicate payment",
        idempotencyKey: `unsettled-${n}`,
        status: r.status ?? "pending",
        createdAt: r.createdAt,
        askedAt: r.askedAt === undefined ? r.createdAt : r.askedAt,
        gatewayReference: r.gatewayReference ?? null,
      },
    });
  }

  it("lists pending refunds unanswered for ten minutes, oldest first, saying which Lango still asks again", async () => {
    const card = await refund("dpo", { createdAt: minutesAgo(11) });
    const mpesa = await refund("daraja", { createdAt: minutesAgo(12) });
    // Past the day M-Pesa is asked again for: a person's now.
    const oldMpesa = await refund("daraja", { createdAt: minutesAgo(2 * 24 * 60), askedAt: minutesAgo(24 * 60) });
    // Taken by M-Pesa, its Result never came.
    const taken = await refund("daraja", { createdAt: minutesAgo(30), gatewayReference: "AG_20261205_0001" });
    // Taken and under way, on a gateway that never reports a refund's end.
    const initiated = await refund("flutterwave", { createdAt: minutesAgo(15), gatewayReference: "75923" });
    // Recorded before Lango noted when it asked: counted from its creation.
    const unnoted = await refund("flutterwave", { createdAt: minutesAgo(20), askedAt: null });
    // Not yet: asked again five minutes ago, or just made; and settled ones.
    await refund("dpo", { createdAt: minutesAgo(60), askedAt: minutesAgo(5) });
    await refund("ksher", { createdAt: minutesAgo(9) });
    await refund("airtel", { createdAt: minutesAgo(90), status: "succeeded" });
    await refund("airtel", { createdAt: minutesAgo(90), status: "failed" });

    const listed = await unsettledRefunds(db(), now);
    expect(listed.count).toBe(6);
    expect(listed.refunds.map((r) => [r.id, r.waitsOn])).toEqual([
      [oldMpesa.id, "person"],
      [taken.id, "result"],
      [unnoted.id, "person"],
      [initiated.id, "taken"],
      [mpesa.id, "resend"],
      [card.id, "person"],
    ]);
    expect(listed.refunds[0]).toMatchObject({
      reference: order.reference,
      gateway: "daraja",
      currency: "KES",
      timezone: "Africa/Nairobi",
      country: "KE",
      askedAt: minutesAgo(24 * 60),
    });
    expect(listed.refunds[2].askedAt).toEqual(minutesAgo(20));

    const firstTwo = await unsettledRefunds(db(), now, 2);
    expect(firstTwo.count).toBe(6);
    expect(firstTwo.refunds.map((r) => r.id)).toEqual([oldMpesa.id, taken.id]);
  });
});
