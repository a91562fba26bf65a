/**
 * A refund whose answer is lost on a gateway that cannot safely be asked twice (DPO here, over real HTTP
 * against its simulator): it waits, pending, for a person to settle it from the gateway's own records.
 */
import { beforeAll, expect, it } from "vitest";
import { refundOrder, settleRefund, type Actor } from "@/lib/admin/order-actions";
import { adminUser } from "@/lib/admin/testing";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { describeEachDatabase } from "@/test/db";
import { buyer, orderBody } from "@/test/fixtures";
import { paymentsApp } from "@/test/payments-kit";
import { checkStockAfterEach } from "@/test/stock-invariants";
import {
  failRefund,
  refundPayment,
  refundWaitsOn,
  resendUnansweredRefunds,
  settleableFrom,
  settleRefundByHand,
} from "./refunds";
import { startPayment } from "./start-payment";
import { gatewayById } from "./registry";
import type { DarajaConfig } from "./gateways/daraja/config";

describeEachDatabase("refunds whose answer is lost, on a gateway asked only once", (database) => {
  const { db, server, demo, sim, settled, orderOf } = paymentsApp(database);
  checkStockAfterEach(db);
  let admin: Actor;
  beforeAll(async () => {
    admin = await adminUser(db());
  });
  const nonce = () => crypto.randomUUID();
  /** The app's settings with a short wait for DPO's replies, so a slow simulator outlasts it. */
  const impatient = () => ({ ...server().env, vars: { ...server().env.vars, DPO_TIMEOUT_MS: "300" } });

  /** A Dar es Salaam order paid by mobile money on DPO's hosted page. */
  const paidWithDpo = async () => {
    const tanzanian = { buyer: { ...buyer, phone: "0754 123 456" } };
    const o = await createOrder(
      db(),
      createOrderSchema.parse(orderBody(demo().dar.regular.id, 1, demo().dar.slug, tanzanian)),
    );
    const started = await startPayment(db(), { reference: o.reference, gateway: "dpo" }, server().env);
    const page = (started.nextAction as { url: string }).url;
    const chosen = await fetch(page, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ outcome: "mobile", mno: "tanzania:mpesa", phone: "255754123456" }),
    });
    await fetch(chosen.headers.get("location")!, { redirect: "manual" });
    expect(await settled(started.paymentId)).toMatchObject({ status: "succeeded" });
    return { reference: o.reference, paymentId: started.paymentId };
  };
  /** As if the refund had been asked for `minutes` ago. */
  const age = (refundId: string, minutes: number) => {
    const at = new Date(Date.now() - minutes * 60_000);
    return db().refund.update({ where: { id: refundId }, data: { createdAt: at, askedAt: at } });
  };

  it("DPO refunds but answers too late: the refund waits for a person, who settles it from DPO's records", async () => {
    const paid = await paidWithDpo();
    await sim("settings", { slowMs: 1_500 });
    await sim("faults", { gateway: "dpo", fault: "slow" });
    const refund = await refundPayment(
      db(),
      { paymentId: paid.paymentId, reason: "Event clash", idempotencyKey: nonce() },
      impatient(),
    );
    // Failing it would offer the money again, which DPO has already sent back.
    expect(refund).toMatchObject({ status: "pending", failureReason: null });
    const row = await db().refund.findUniqueOrThrow({ where: { id: refund.refundId } });
    expect(refundWaitsOn(row, "dpo")).toBe("person");
    expect(await orderOf(paid.reference)).toMatchObject({ status: "paid", refundedMinor: 0 });
    // Never asked twice: DPO's refundToken may pay out again.
    expect(await resendUnansweredRefunds(db(), server().env, new Date(Date.now() + 11 * 60_000))).toBe(0);
    expect(await db().gatewayCall.count({ where: { paymentId: paid.paymentId, operation: "refundToken" } })).toBe(1);

    await sim("faults", { gateway: "dpo", fault: "none" });
    await age(refund.refundId, 11);
    const outcome = await settleRefund(db(), admin, {
      reference: paid.reference,
      refundId: refund.refundId,
      outcome: "refunded",
      note: "In DPO's portal: refund of 5 Dec, 30,000 TZS",
    });
    expect(outcome.message).toMatch(/refunded through DPO/);
    expect(await orderOf(paid.reference)).toMatchObject({ status: "refunded" });
    expect(await db().payment.findUniqueOrThrow({ where: { id: paid.paymentId } })).toMatchObject({
      status: "refunded",
    });
  });

  it("DPO answers a refund with an error page: pending; found not refunded, the money can go back again", async () => {
    const paid = await paidWithDpo();
    await sim("faults", { gateway: "dpo", fault: "http_500" });
    // As the admin's refund form asks, and what it answers.
    const asked = await refundOrder(db(), admin, { reference: paid.reference, nonce: nonce() }, server().env);
    expect(asked.message).toMatch(
      /^DPO Pay did not answer the refund of TZS .*, so whether the money went back is not known\. Check DPO Pay's own records/,
    );
    const first = asked.refund;
    expect(first).toMatchObject({ status: "pending" });
    await sim("faults", { gateway: "dpo", fault: "none" });
    // Still pending: nothing more can be refunded until it is settled.
    await expect(
      refundPayment(db(), { paymentId: paid.paymentId, reason: "Again", idempotencyKey: nonce() }, server().env),
    ).rejects.toMatchObject({ code: "payment_not_refundable" });

    await age(first.refundId, 11);
    await settleRefund(db(), admin, {
      reference: paid.reference,
      refundId: first.refundId,
      outcome: "not_refunded",
      note: "Not in DPO's transaction list",
    });
    const again = await refundPayment(
      db(),
      { paymentId: paid.paymentId, reason: "Event clash", idempotencyKey: nonce() },
      server().env,
    );
    expect(again).toMatchObject({ status: "succeeded" });
    expect(await orderOf(paid.reference)).toMatchObject({ status: "refunded" });
  });

  it("M-Pesa's refund result URL settles only M-Pesa refunds, whatever id its body names", async () => {
    const paid = await paidWithDpo();
    await sim("faults", { gateway: "dpo", fault: "http_500" });
    const asked = await refundPayment(
      db(),
      { paymentId: paid.paymentId, reason: "Event clash", idempotencyKey: nonce() },
      server().env,
    );
    await sim("faults", { gateway: "dpo", fault: "none" });
    expect(asked).toMatchObject({ status: "pending" });
    // Someone holding Daraja's URL secret posts a B2C "failed" naming the DPO refund: it would free the money
    // to be refunded again while DPO may have paid it out.
    const { config } = gatewayById("daraja", server().env) as { config: DarajaConfig };
    const res = await fetch(`${server().url}/api/callbacks/daraja/b2c-result?token=${config.callbackToken}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        Result: {
          ResultType: 0,
          ResultCode: 2001,
          ResultDesc: "The initiator information is invalid.",
          OriginatorConversationID: asked.refundId,
          ConversationID: "AG_20261206_forged",
          TransactionID: "SG60000001",
        },
      }),
    });
    expect(res.status).toBeLessThan(500);
    expect(await db().refund.findUniqueOrThrow({ where: { id: asked.refundId } })).toMatchObject({
      status: "pending",
    });
    expect(
      await db().callbackLog.findFirst({
        where: { gateway: "daraja", kind: "b2c-result" },
        orderBy: { receivedAt: "desc" },
      }),
    ).toMatchObject({ outcome: "rejected", detail: "no such refund" });
  });

  it("settling by hand: not before ten minutes, once, and only a refund that exists", async () => {
    const paid = await paidWithDpo();
    await sim("faults", { gateway: "dpo", fault: "http_500" });
    const refund = await refundPayment(
      db(),
      { paymentId: paid.paymentId, reason: "Event clash", idempotencyKey: nonce() },
      server().env,
    );
    await sim("faults", { gateway: "dpo", fault: "none" });
    const row = await db().refund.findUniqueOrThrow({ where: { id: refund.refundId } });
    const from = settleableFrom(row);
    expect(from.getTime() - row.askedAt!.getTime()).toBe(10 * 60_000);
    const hand = (outcome: "refunded" | "not_refunded", now = from) =>
      settleRefundByHand(db(), { refundId: row.id, outcome, note: "Checked DPO's portal", by: "desk@lango.test" }, now);

    const early = hand("refunded", new Date(from.getTime() - 1));
    await expect(early).rejects.toMatchObject({
      code: "refund_too_recent",
      message: expect.stringMatching(/^The gateway was asked less than 10 minutes ago .* in 1 minute if it has not/),
    });
    await expect(hand("refunded", new Date(from.getTime() - 4 * 60_000 - 1))).rejects.toMatchObject({
      message: expect.stringMatching(/ in 5 minutes if it has not/),
    });
    await expect(
      settleRefundByHand(db(), { refundId: "no-such-refund", outcome: "refunded", note: "x", by: "desk" }, from),
    ).rejects.toMatchObject({ code: "refund_not_found", status: 404 });

    // Someone else (another admin, or the gateway's result) settles it just after this settlement read it as
    // pending: theirs stands, also when they decided the same, so the settlement is recorded once.
    const overtaken = (other: () => Promise<unknown>) =>
      new Proxy(db(), {
        get(target, key) {
          const value: unknown = Reflect.get(target, key, target);
          if (key !== "refund") return typeof value === "function" ? value.bind(target) : value;
          return new Proxy(value as object, {
            get(delegate, k) {
              if (k !== "findUnique") return Reflect.get(delegate, k, delegate);
              return async (args: { where: { id: string } }) => {
                const read = await target.refund.findUnique(args);
                await other();
                return read;
              };
            },
          });
        },
      });
    const anotherSaidNo = () =>
      failRefund(db(), row.id, "Not refunded, as checked by another@lango.test: statement", from);
    await expect(
      settleRefundByHand(
        overtaken(anotherSaidNo),
        { refundId: row.id, outcome: "not_refunded", note: "Checked DPO's portal", by: "desk@lango.test" },
        from,
      ),
    ).rejects.toMatchObject({
      code: "refund_not_pending",
      message: "It was settled meanwhile: this refund has failed.",
    });
    expect(await db().refund.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      failureReason: "Not refunded, as checked by another@lango.test: statement",
    });
    // Settled once: a later settlement is refused.
    await expect(hand("refunded")).rejects.toMatchObject({
      code: "refund_not_pending",
      message: "This refund has already failed: there is nothing to settle.",
    });
  });

  it("says what a pending refund waits on: M-Pesa's Result, M-Pesa asked again for a day, else a person", () => {
    const now = new Date("2026-12-05T12:00:00Z");
    const made = (hoursAgo: number, gatewayReference: string | null = null) => ({
      gatewayReference,
      createdAt: new Date(now.getTime() - hoursAgo * 3_600_000),
    });
    expect(refundWaitsOn(made(1, "AG_1"), "daraja", now)).toBe("result");
    // Flutterwave's "initiated" refund: taken, but Flutterwave never reports its end.
    expect(refundWaitsOn(made(1, "75923"), "flutterwave", now)).toBe("taken");
    expect(refundWaitsOn(made(23.99), "daraja", now)).toBe("resend");
    expect(refundWaitsOn(made(24), "daraja", now)).toBe("person");
    expect(refundWaitsOn(made(1), "dpo", now)).toBe("person");
  });
});
