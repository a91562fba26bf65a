import { beforeAll, beforeEach, expect, it } from "vitest";
import { createOrder } from "@/lib/orders/create-order";
import { releaseHold } from "@/lib/orders/holds";
import { createOrderSchema } from "@/lib/orders/schemas";
import { applyPaymentResult } from "@/lib/payments/apply-result";
import { applyConfirmedResult, syncPayment } from "@/lib/payments/sync-payment";
import { gatewayContext } from "@/lib/payments/context";
import { gatewayById } from "@/lib/payments/registry";
import { returnFromGateway } from "@/lib/payments/return-from-gateway";
import { startPayment } from "@/lib/payments/start-payment";
import { describeEachDatabase } from "@/test/db";
import { buyer } from "@/test/fixtures";
import { paymentsApp, until } from "@/test/payments-kit";
import { getAdminOrder, orderTimeline } from "@/lib/admin/orders";
import { registerC2bUrls } from "./c2b";
import type { DarajaConfig } from "./config";

const SUCCESS = { ResultCode: 0, ResultDesc: "Success" };

describeEachDatabase("M-Pesa paybill (C2B) over HTTP against the Daraja simulator", (database) => {
  const { db, server, demo, sim } = paymentsApp(database);
  let config: DarajaConfig;
  let nextAmount = 1;
  const order = async (opts: { capacity?: number } = {}) => {
    const price = 300_00 + nextAmount++ * 100;
    const type = await db().ticketType.create({
      data: {
        eventId: demo().nairobi.regular.eventId,
        name: `P${price}`,
        priceMinor: price,
        currency: "KES",
        capacity: opts.capacity ?? 50,
        maxPerOrder: 10,
      },
    });
    const created = await createOrder(
      db(),
      createOrderSchema.parse({
        eventSlug: demo().nairobi.slug,
        items: [{ ticketTypeId: type.id, quantity: 2 }],
        buyer,
      }),
    );
    const { id } = await db().order.findUniqueOrThrow({
      where: { reference: created.reference },
      select: { id: true },
    });
    return { ...created, id, type, amountKes: (price * 2) / 100 };
  };
  /** The payer's Pay Bill form on the simulated phone: validation, then completion and confirmation. */
  const payBill = async (account: string, amount: number, shortCode = config.c2bShortcode!) => {
    const res = await fetch(`${server().url}/sim/daraja/c2b`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ shortCode, account, amount: String(amount), msisdn: "254708374149" }),
    });
    const html = await res.text();
    return { status: res.status, html, receipt: /([A-Z][A-Z0-9]{9}) Confirmed\./.exec(html)?.[1] };
  };
  const url = (kind: string, token = config.callbackToken) =>
    `${server().url}/api/callbacks/daraja/${kind}?token=${token}`;
  const post = (to: string, body: unknown) =>
    fetch(to, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const c2bBody = (o: { account: string; amount: number; transId?: string }) => ({
    TransactionType: "Pay Bill",
    TransID: o.transId ?? "",
    TransTime: "20191122063845",
    TransAmount: String(o.amount),
    BusinessShortCode: config.c2bShortcode,
    BillRefNumber: o.account,
    InvoiceNumber: "",
    OrgAccountBalance: "",
    ThirdPartyTransID: "",
    MSISDN: "2547 ***** 126",
    FirstName: "John",
    MiddleName: "",
    LastName: "Doe",
  });
  const orderRow = (reference: string) =>
    db().order.findUniqueOrThrow({
      where: { reference },
      include: { payments: true, tickets: true, refunds: true, emails: true },
    });

  /** The payer approves the prompt for this amount, but no word of it (STK callback, C2B copy) arrives. */
  const approveUnheard = async (amountKes: number) => {
    await sim("faults", { gateway: "daraja", fault: "drop_callbacks" });
    try {
      const prompt = await until(
        () => sim("prompts") as Promise<{ id: string; amount: number }[]>,
        (p) => p.some((x) => x.amount === amountKes),
      );
      await sim(`prompts/${prompt.find((p) => p.amount === amountKes)!.id}`, { outcome: "approve" });
    } finally {
      await sim("faults", { gateway: "daraja", fault: "none" });
    }
  };

  beforeAll(async () => {
    config = gatewayById("daraja", server().env).config as DarajaConfig;
  });
  beforeEach(async () => {
    await registerC2bUrls(gatewayContext(db(), config));
  });

  it("validation accepts only a pending order's reference (trimmed, any case) with its exact amount, in Daraja's bodies", async () => {
    const o = await order();
    const answer = async (account: string, amount: number) =>
      (await post(url("c2b-validation"), c2bBody({ account, amount }))).json();
    expect(await answer(`  ${o.reference.toLowerCase()} `, o.amountKes)).toEqual({
      ResultCode: "0",
      ResultDesc: "Accepted",
    });
    expect(await answer("LGNOSUCHREF", o.amountKes)).toEqual({ ResultCode: "C2B00012", ResultDesc: "Rejected" });
    expect(await answer(o.reference, o.amountKes - 1)).toEqual({ ResultCode: "C2B00013", ResultDesc: "Rejected" });
    expect(await answer(o.reference, o.amountKes + 0.5)).toEqual({ ResultCode: "C2B00013", ResultDesc: "Rejected" });

    // Through the simulated phone: Safaricom asks, the payer sees the refusal, nothing is charged.
    const wrongAccount = await payBill("LGNOSUCHREF", o.amountKes);
    expect(wrongAccount.status).toBe(402);
    expect(wrongAccount.html).toContain("C2B00012 Invalid Account Number");
    const wrongAmount = await payBill(o.reference, o.amountKes + 1);
    expect(wrongAmount.html).toContain("C2B00013 Invalid Amount");
    expect(await orderRow(o.reference)).toMatchObject({ status: "pending", payments: [] });

    // A cancelled order's reference is no longer an account to pay into.
    await releaseHold(db(), o.id, "cancelled");
    expect(await answer(o.reference, o.amountKes)).toEqual({ ResultCode: "C2B00012", ResultDesc: "Rejected" });
  });

  it("pays an order: confirmation → Transaction Status confirms receipt, amount and paybill → paid, tickets once", async () => {
    const o = await order();
    const paid = await payBill(o.reference, o.amountKes);
    expect(paid.status).toBe(200);
    expect(paid.receipt).toBeTruthy();
    const row = await until(
      () => orderRow(o.reference),
      (r) => r.status === "paid",
    );
    expect(row.status).toBe("paid");
    expect(row.payments).toEqual([
      expect.objectContaining({
        gateway: "daraja",
        method: "paybill",
        status: "succeeded",
        gatewayReceipt: paid.receipt,
        gatewayReference: `c2b:${paid.receipt}`,
      }),
    ]);
    expect(row.tickets).toHaveLength(2);
    expect(await db().ticketType.findUniqueOrThrow({ where: { id: o.type.id } })).toMatchObject({ sold: 2, held: 0 });
    const calls = await until(
      () => db().gatewayCall.findMany({ where: { paymentId: row.payments[0].id } }),
      (c) => c.length > 0,
    );
    expect(calls.map((c) => c.operation)).toContain("transaction_status");
    const logs = await until(
      () => db().callbackLog.findMany({ where: { paymentId: row.payments[0].id }, orderBy: { receivedAt: "asc" } }),
      (l) => l.length >= 2 && l.every((x) => x.outcome !== "received"),
    );
    expect(logs.map((l) => [l.kind, l.outcome])).toEqual([
      ["c2b-confirmation", "awaiting"],
      ["status-result", "applied"],
    ]);
  });

  it("20 concurrent copies of one confirmation make one payment and fulfil once", async () => {
    const o = await order();
    await sim("faults", { gateway: "daraja", fault: "drop_callbacks" });
    const paid = await payBill(o.reference, o.amountKes);
    const notes = await until(
      () => sim("notifications?gateway=daraja") as Promise<{ kind: string; url: string; body: string }[]>,
      (n) => n.some((x) => x.kind === "c2b-confirmation"),
    );
    const note = notes.find((n) => n.kind === "c2b-confirmation")!;
    await sim("faults", { gateway: "daraja", fault: "none" });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(note.url, { method: "POST", headers: { "content-type": "application/json" }, body: note.body }).then(
          async (r) => [r.status, await r.json()],
        ),
      ),
    );
    expect(answers).toEqual(Array(20).fill([200, SUCCESS]));
    const row = await until(
      () => orderRow(o.reference),
      (r) => r.status === "paid",
    );
    expect(row.payments).toHaveLength(1);
    expect(row.payments[0]).toMatchObject({ status: "succeeded", gatewayReceipt: paid.receipt });
    expect(row.tickets).toHaveLength(2);
    expect(row.emails.filter((e) => e.kind === "order_confirmation")).toHaveLength(1);
    const logs = await db().callbackLog.findMany({
      where: { kind: "c2b-confirmation", body: { contains: paid.receipt! } },
    });
    expect(logs).toHaveLength(20);
    expect(logs.filter((l) => l.duplicate)).toHaveLength(19);
  });

  it("an STK payment that also arrives as a C2B confirmation (same receipt) is counted once", async () => {
    const o = await order();
    const started = await startPayment(db(), { reference: o.reference, gateway: "daraja" }, server().env);
    const prompts = await until(
      () => sim("prompts") as Promise<{ id: string; amount: number }[]>,
      (p) => p.some((x) => x.amount === o.amountKes),
    );
    await sim(`prompts/${prompts.find((p) => p.amount === o.amountKes)!.id}`, { outcome: "approve" });
    const row = await until(
      () => orderRow(o.reference),
      (r) => r.status === "paid" && r.payments.every((p) => p.status !== "pending"),
      10_000,
    );
    // Whichever word of the money came first (the STK callback or its C2B copy) counted it.
    const counted = row.payments.find((p) => p.status === "succeeded")!;
    expect(counted).toMatchObject({ gatewayReceipt: expect.any(String) });
    expect(row.payments.map((p) => p.id)).toContain(started.paymentId);
    // Wait for the C2B copy to be handled, then look: one succeeded payment, the receipt once.
    await until(
      () =>
        db().callbackLog.findMany({ where: { kind: "c2b-confirmation", body: { contains: counted.gatewayReceipt! } } }),
      (l) => l.length > 0 && l.every((x) => x.outcome !== "received"),
    );
    const after = await until(
      () => orderRow(o.reference),
      (r) => r.payments.every((p) => p.status !== "pending"),
    );
    expect(after.payments.filter((p) => p.status === "succeeded")).toHaveLength(1);
    expect(after.payments.filter((p) => p.gatewayReceipt === counted.gatewayReceipt)).toHaveLength(1);
    for (const other of after.payments.filter((p) => p.status !== "succeeded"))
      expect(other).toMatchObject({ status: "cancelled", gatewayReceipt: null });
    expect(after.tickets).toHaveLength(2);
    expect(after.refunds).toEqual([]);
  });

  it("money already counted never counts twice: no revival of its copy, no payout of a success without a receipt", async () => {
    const o = await order();
    // The buyer approves the prompt, but Safaricom's word of it (STK callback, C2B copy) never arrives.
    const p1 = await startPayment(db(), { reference: o.reference, gateway: "daraja" }, server().env);
    await approveUnheard(o.amountKes);
    // Meanwhile the order is paid through the paybill, under its own receipt.
    const p2 = await db().payment.create({
      data: {
        orderId: o.id,
        gateway: "daraja",
        method: "paybill",
        amountMinor: o.total,
        currency: "KES",
        gatewayReference: "c2b:TWN0000001",
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    await applyConfirmedResult(
      db(),
      p2.id,
      { status: "succeeded", paid: { amountMinor: o.total, currency: "KES" }, receipt: "TWN0000001" },
      server().env,
    );
    expect((await orderRow(o.reference)).status).toBe("paid");

    // Safaricom's STK query now calls the prompt paid, and names no receipt: it may be the very money the
    // paybill counted. It is recorded, but nothing is paid out by itself.
    const synced = await syncPayment(db(), p1.paymentId, server().env);
    expect(synced).toMatchObject({ changed: true, status: "succeeded", settle: "already_paid" });
    const row = await orderRow(o.reference);
    expect(row.refunds).toEqual([]);
    expect(row.status).toBe("paid");
    // The admin sees it on the order, and what to do.
    const timeline = await orderTimeline(db(), await getAdminOrder(db(), o.reference));
    expect(timeline.map((e) => e.detail).join("\n")).toMatch(
      /already paid: not refunded automatically, as it may be the same money told twice; check the gateway's statement/,
    );

    // A copy stood down as already counted stays down, whatever later says it succeeded.
    const copy = await db().payment.create({
      data: {
        orderId: o.id,
        gateway: "daraja",
        method: "stk",
        amountMinor: o.total,
        currency: "KES",
        gatewayReference: "ws_CO_TWIN_COPY",
        expiresAt: new Date(Date.now() + 60_000),
        status: "cancelled",
        failureCode: "duplicate_receipt",
      },
    });
    expect(await applyPaymentResult(db(), copy.id, { status: "succeeded", receipt: "TWN0000002" })).toEqual({
      changed: false,
      reason: "already_final",
    });
    expect(await db().payment.findUniqueOrThrow({ where: { id: copy.id } })).toMatchObject({ status: "cancelled" });
  });

  it("M-Pesa has no hosted page to come back from: its return URL asks Safaricom nothing and leads home", async () => {
    const o = await order();
    const started = await startPayment(db(), { reference: o.reference, gateway: "daraja" }, server().env);
    const query = new URLSearchParams({ payment: started.paymentId });
    expect(await returnFromGateway(db(), "daraja", query, server().env)).toBe("/");
    // A gateway with no credentials here (live mode without its keys) leads home as well, not to a 500.
    const bare = { ...server().env, mode: "live" as const, vars: {} };
    expect(await returnFromGateway(db(), "ksher", new URLSearchParams({ payment: started.paymentId }), bare)).toBe("/");
    expect(await db().payment.findUniqueOrThrow({ where: { id: started.paymentId } })).toMatchObject({
      status: "pending",
      lastQueriedAt: null,
    });
  });

  it("a given-up prompt is not revived by a status answer that names no receipt", async () => {
    const o = await order();
    const p1 = await startPayment(db(), { reference: o.reference, gateway: "daraja" }, server().env);
    await approveUnheard(o.amountKes);
    await applyPaymentResult(db(), p1.paymentId, {
      status: "expired",
      failure: { gatewayCode: "expired", message: "Not completed in time." },
    });
    // Without a receipt, Lango cannot tell this money from a paybill copy already counted elsewhere.
    expect(await syncPayment(db(), p1.paymentId, server().env, { revisitGivenUp: true })).toEqual({
      changed: false,
      reason: "not_pending",
    });
    const row = await orderRow(o.reference);
    expect(row.payments.find((p) => p.id === p1.paymentId)).toMatchObject({ status: "expired" });
    expect(row.status).toBe("pending");
  });

  it("money confirmed for a cancelled order goes back by reversal; the order stays cancelled", async () => {
    const o = await order();
    await sim("faults", { gateway: "daraja", fault: "drop_callbacks" });
    const paid = await payBill(o.reference, o.amountKes);
    const notes = await until(
      () => sim("notifications?gateway=daraja") as Promise<{ kind: string; url: string; body: string }[]>,
      (n) => n.some((x) => x.kind === "c2b-confirmation"),
    );
    await releaseHold(db(), o.id, "cancelled");
    await sim("faults", { gateway: "daraja", fault: "none" });
    const note = notes.find((n) => n.kind === "c2b-confirmation")!;
    expect(
      await (
        await fetch(note.url, { method: "POST", headers: { "content-type": "application/json" }, body: note.body })
      ).json(),
    ).toEqual(SUCCESS);
    const row = await until(
      () => orderRow(o.reference),
      (r) => r.refunds.some((x) => x.status === "succeeded"),
      10_000,
    );
    expect(row.status).toBe("cancelled");
    expect(row.tickets).toHaveLength(0);
    expect(row.payments).toEqual([expect.objectContaining({ method: "paybill", gatewayReceipt: paid.receipt })]);
    expect(row.refunds).toEqual([expect.objectContaining({ status: "succeeded", amountMinor: o.total })]);
  });

  it("money Safaricom confirms after the organiser cancelled the order mid-check still counts, and goes back", async () => {
    const o = await order();
    await sim("faults", { gateway: "daraja", fault: "drop_callbacks" });
    const paid = await payBill(o.reference, o.amountKes);
    const notes = () => sim("notifications?gateway=daraja") as Promise<{ kind: string; url: string; body: string }[]>;
    const confirmation = (await until(notes, (n) => n.some((x) => x.kind === "c2b-confirmation"))).find(
      (n) => n.kind === "c2b-confirmation",
    )!;
    // The confirmation arrives and Safaricom is asked; its answer is held back…
    await post(confirmation.url, JSON.parse(confirmation.body));
    const answer = await until(
      async () => (await notes()).find((n) => n.url.includes("status-result")),
      (n) => !!n,
    );
    // …while the organiser cancels the order, writing the open attempt off.
    const attempt = (await orderRow(o.reference)).payments.find((p) => p.method === "paybill")!;
    await applyPaymentResult(db(), attempt.id, {
      status: "cancelled",
      failure: { gatewayCode: "cancelled", message: "Order cancelled." },
    });
    await releaseHold(db(), o.id, "cancelled");
    await sim("faults", { gateway: "daraja", fault: "none" });
    await fetch(answer!.url, { method: "POST", headers: { "content-type": "application/json" }, body: answer!.body });
    const row = await until(
      () => orderRow(o.reference),
      (r) => r.refunds.some((x) => x.status === "succeeded"),
      10_000,
    );
    expect(row).toMatchObject({ status: "cancelled", tickets: [] });
    expect(row.payments).toEqual([
      expect.objectContaining({ method: "paybill", status: "refunded", gatewayReceipt: paid.receipt }),
    ]);
    expect(row.refunds).toEqual([expect.objectContaining({ status: "succeeded", amountMinor: o.total })]);
  });

  it("forged notifications change nothing: bad token, a TransID Safaricom never issued, a status result without our proof", async () => {
    const o = await order();
    const forged = c2bBody({ account: o.reference, amount: o.amountKes, transId: "QFORGED123" });
    expect((await post(url("c2b-confirmation", "wrong-token-wrong-token-wrong"), forged)).status).toBe(403);
    expect((await orderRow(o.reference)).payments).toEqual([]);

    // With the real token (say it leaked): the confirmation is recorded, Safaricom is asked, and denies it.
    expect(await (await post(url("c2b-confirmation"), forged)).json()).toEqual(SUCCESS);
    const row = await until(
      () => orderRow(o.reference),
      (r) => r.payments.some((p) => p.status !== "pending"),
    );
    expect(row).toMatchObject({ status: "pending", tickets: [] });
    expect(row.payments).toEqual([
      expect.objectContaining({ status: "failed", failureCode: "R000002", gatewayReceipt: null }),
    ]);

    // A success result posted to the ResultURL without the proof we put in it is refused.
    const o2 = await order();
    await post(
      url("c2b-confirmation"),
      c2bBody({ account: o2.reference, amount: o2.amountKes, transId: "QFORGED456" }),
    );
    const p2 = await until(
      () => orderRow(o2.reference),
      (r) => r.payments.length > 0 && r.payments[0].status !== "pending",
    ).then((r) => r.payments[0]);
    const result = {
      Result: {
        ResultType: 0,
        ResultCode: 0,
        ResultDesc: "ok",
        ConversationID: "AG_20240706_forged",
        OriginatorConversationID: "1",
        ResultParameters: {
          ResultParameter: [
            { Key: "ReceiptNo", Value: "QFORGED456" },
            { Key: "Amount", Value: o2.amountKes },
            { Key: "TransactionStatus", Value: "Completed" },
            { Key: "CreditPartyName", Value: `${config.c2bShortcode} - Lango` },
          ],
        },
      },
    };
    const hex = Buffer.from(p2.id).toString("hex");
    expect((await post(`${url("status-result")}&p=${hex}&proof=${"0".repeat(64)}`, result)).status).toBe(403);
    expect(await orderRow(o2.reference)).toMatchObject({ status: "pending", tickets: [] });
  });
});
