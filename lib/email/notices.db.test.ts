import { beforeAll, expect, it } from "vitest";
import type { Settlement } from "@/lib/db/generated/client";
import { createOrder } from "@/lib/orders/create-order";
import { releaseHold } from "@/lib/orders/holds";
import { createOrderSchema } from "@/lib/orders/schemas";
import { describeEachDatabase } from "@/test/db";
import { buyer, seedDemo } from "@/test/fixtures";
import { queueLatePaymentRefundInTx, queueRefundNoticeInTx } from "./notices";

describeEachDatabase("notices", (database) => {
  const db = () => database().prisma;
  let demo: Awaited<ReturnType<typeof seedDemo>>;
  beforeAll(async () => {
    demo = await seedDemo(db());
  });

  const newOrder = async (name = buyer.name) => {
    const created = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: demo.nairobi.slug,
        items: [{ ticketTypeId: demo.nairobi.regular.id, quantity: 1 }],
        buyer: { ...buyer, name },
      }),
    );
    return db().order.findUniqueOrThrow({ where: { reference: created.reference } });
  };
  const pay = (
    order: { id: string; totalMinor: number; currency: string },
    data: { status: "failed" | "succeeded"; settlement?: Settlement },
  ) =>
    db().payment.create({
      data: {
        orderId: order.id,
        gateway: "daraja",
        amountMinor: order.totalMinor,
        currency: order.currency,
        expiresAt: new Date(),
        ...data,
      },
    });
  const mails = (orderId: string) => db().emailOutbox.findMany({ where: { orderId }, orderBy: { createdAt: "asc" } });

  it("tells a buyer whose payment failed that the hold expired, once, as a laid-out HTML e-mail", async () => {
    const order = await newOrder("Amina <Achieng>");
    await pay(order, { status: "failed" });
    await releaseHold(db(), order.id, "expired");
    await releaseHold(db(), order.id, "expired");
    const sent = await mails(order.id);
    expect(sent.map((m) => [m.kind, m.dedupeKey])).toEqual([["payment_expired", `hold-expired:${order.id}`]]);
    expect(sent[0].html).toContain("Amina &lt;Achieng&gt;");
    expect(sent[0].html).toContain(`/events/${demo.nairobi.slug}"`);
    expect(sent[0].text).toContain("Nothing was charged.");
  });

  it("sends nothing for an order nobody tried to pay (creating orders is free; mail is not)", async () => {
    const order = await newOrder();
    await releaseHold(db(), order.id, "expired");
    expect(await mails(order.id)).toEqual([]);
  });

  it("a refund notice says what happened to the tickets, and a refunded duplicate payment is told it bought nothing", async () => {
    const order = await newOrder();
    const paying = await pay(order, { status: "succeeded", settlement: "paid" });
    const duplicate = await pay(order, { status: "succeeded", settlement: "already_paid" });
    const refund = (paymentId: string, key: string, amountMinor: number) =>
      db().refund.create({
        data: {
          paymentId,
          orderId: order.id,
          amountMinor,
          currency: order.currency,
          reason: "test",
          idempotencyKey: key,
          status: "succeeded",
        },
      });
    const partial = await refund(paying.id, `r1-${order.id}`, 100_00);
    const dup = await refund(duplicate.id, `r2-${order.id}`, order.totalMinor);
    await db().$transaction(async (tx) => {
      await queueRefundNoticeInTx(tx, partial.id, false);
      await queueRefundNoticeInTx(tx, partial.id, false);
      await queueRefundNoticeInTx(tx, dup.id, false);
    });
    const sent = await mails(order.id);
    expect(sent.map((m) => m.dedupeKey)).toEqual([`refund:${partial.id}`, `refund:${dup.id}`]);
    expect(sent[0].subject).toBe(`Refund of KES 100 for order ${order.reference}`);
    expect(sent[0].text).toContain("through M-Pesa");
    expect(sent[0].text).toContain("remaining tickets stay valid");
    expect(sent[1].text).toContain("already paid");
  });

  it("a late payment's automatic refund is announced once per payment", async () => {
    const order = await newOrder();
    const late = await pay(order, { status: "succeeded", settlement: "no_capacity" });
    const queued = await db().$transaction(async (tx) => [
      await queueLatePaymentRefundInTx(tx, late.id),
      await queueLatePaymentRefundInTx(tx, late.id),
    ]);
    expect(queued).toEqual([true, false]);
    const [mail] = await mails(order.id);
    expect(mail).toMatchObject({
      kind: "late_payment_refund",
      dedupeKey: `late-payment-refund:${late.id}`,
      to: buyer.email,
    });
    expect(mail.html).toContain("max-width:520px");
  });
});
