/**
 * Callback storms: many orders on one gateway, their payers paying or refusing at the simulator, and the
 * gateway's genuine notifications delivered duplicated, reordered, concurrently and late, mixed with
 * forged ones (success for an unpaid payment, the wrong amount, no URL secret). Afterwards the invariants
 * a buyer and an organiser rely on are checked: never two fulfilments, never paid without the gateway's
 * confirmation, never more sold and held than exists, and stock that matches its tickets and holds.
 *
 * Gateways come from a table of notification builders, so a gateway added to the registry joins the
 * storms by adding its row here; rows for gateways not registered yet are skipped.
 */
import { expect } from "vitest";
import type { Rng } from "@/bench/lib/prng";
import type { Db } from "@/lib/db/client";
import { releaseExpiredHolds } from "@/lib/orders/holds";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";
import { completeRefund, refundPayment } from "@/lib/payments/refunds";
import { gatewayById, isGatewayId, notificationUrl } from "@/lib/payments/registry";
import { startPayment, type StartedPayment } from "@/lib/payments/start-payment";
import type { startAppServer } from "@/test/app-server";
import { buyer } from "@/test/fixtures";
import { expectStockConsistent } from "@/test/stock-invariants";

export type Server = Awaited<ReturnType<typeof startAppServer>>;
type Payment = Awaited<ReturnType<Db["payment"]["findUniqueOrThrow"]>>;

export interface Delivery {
  label: string;
  url: string;
  body: string;
  contentType: string;
  /** Headers the notification authenticates with (Flutterwave's verif-hash), replayed as sent. */
  headers?: Record<string, string>;
}

export interface StormGateway {
  id: string;
  /** The demo event whose currency and country this gateway takes. */
  slug: string;
  /** The i-th buyer's phone, distinct so the per-phone prompt limit is not what the storm tests. */
  phone(i: number): string;
  method?: string;
  /** The payer at the simulator: pays, or refuses. */
  payer(server: Server, started: StartedPayment, payment: Payment, outcome: "approve" | "refuse"): Promise<void>;
  /** An attacker's notification claiming this payment succeeded for `amountMinor`, on the gateway's wire. */
  forge(server: Server, payment: Payment, amountMinor: number): Delivery[];
}

export const until = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 8000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
};

export const sim = (server: Server, path: string, body?: unknown) =>
  fetch(
    `${server.url}/sim/api/${path}`,
    body === undefined
      ? {}
      : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) },
  ).then((r) => r.json());

const digits = (s: string) => s.replace(/\D/g, "");

/** A push gateway's payer: answers the prompt on the virtual phone. */
async function answerPrompt(server: Server, _started: StartedPayment, payment: Payment, outcome: "approve" | "refuse") {
  const mine = (x: { phone: string }) => digits(x.phone).endsWith(digits(payment.phone!).slice(-9));
  const prompts = await until(
    () => sim(server, "prompts") as Promise<{ id: string; phone: string }[]>,
    (p) => p.some(mine),
  );
  const prompt = prompts.find(mine);
  if (!prompt) throw new Error(`no prompt for ${payment.phone}`);
  await sim(server, `prompts/${prompt.id}`, { outcome: outcome === "approve" ? "approve" : "decline" });
}

/** A hosted page's payer: submits the page's first "pay" button, or its failure button. */
function hostedPage(pay: RegExp, refuse: Record<string, string>) {
  return async (_server: Server, started: StartedPayment, payment: Payment, outcome: "approve" | "refuse") => {
    const url = (started.nextAction as { url: string }).url;
    const html = await (await fetch(url)).text();
    const [name, value] = pay.exec(html)?.slice(1) ?? [];
    if (!name) throw new Error(`no pay button on ${url}`);
    const form = new URLSearchParams(outcome === "approve" ? { [name]: value, phone: payment.phone ?? "" } : refuse);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
    const res = await fetch(new URL(action ?? url, url), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form,
    });
    await res.arrayBuffer();
  };
}

/** Major units as the gateway writes them (UGX has none below the shilling, THB and KES have cents). */
const major = (amountMinor: number, currency: string) =>
  amountMinor /
  10 ** (new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2);

const stkBody = (checkoutRequestId: string, amountMinor: number, resultCode = 0) =>
  JSON.stringify({
    Body: {
      stkCallback: {
        MerchantRequestID: "29115-34620561-1",
        CheckoutRequestID: checkoutRequestId,
        ResultCode: resultCode,
        ResultDesc: "The service request is processed successfully.",
        CallbackMetadata: {
          Item: [
            { Name: "Amount", Value: amountMinor / 100 },
            { Name: "MpesaReceiptNumber", Value: "FORGED0001" },
            { Name: "PhoneNumber", Value: 254712345678 },
          ],
        },
      },
    },
  });

const dpoPush = (payment: Payment, amountMinor: number) =>
  `<?xml version="1.0" encoding="utf-8"?><API3G><Result>000</Result><ResultExplanation>Transaction Paid</ResultExplanation><TransactionToken>${payment.gatewayReference}</TransactionToken><CompanyRef>${payment.id}</CompanyRef><TransactionApproval>FORGED01</TransactionApproval><TransactionCurrency>${payment.currency}</TransactionCurrency><TransactionAmount>${(amountMinor / 100).toFixed(2)}</TransactionAmount></API3G>`;

/** Every gateway with a simulator and a notification format; only those registered take part. */
export const STORM_GATEWAYS: StormGateway[] = [
  {
    id: "daraja",
    slug: "nairobi-tech-summit",
    phone: (i) => `07${String(10_000_000 + i * 7919).slice(-8)}`,
    payer: answerPrompt,
    forge(server, payment, amountMinor) {
      const url = notificationUrl(gatewayById("daraja", server.env), server.url);
      const body = stkBody(payment.gatewayReference!, amountMinor);
      // With the URL secret (it leaked), and without it.
      return [
        { label: "forged", url, body, contentType: "application/json" },
        {
          label: "forged without token",
          url: `${server.url}/api/callbacks/daraja/stk`,
          body,
          contentType: "application/json",
        },
      ];
    },
  },
  {
    id: "dpo",
    slug: "dar-trade-expo",
    phone: (i) => `07${String(54_000_000 + i * 7919).slice(-8)}`,
    async payer(_server, started, _payment, outcome) {
      const page = (started.nextAction as { url: string }).url;
      const form = new URLSearchParams({ outcome: outcome === "approve" ? "card" : "decline" });
      const res = await fetch(page, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form,
      });
      // The buyer's browser does not come back here: the storm is about notifications.
      await res.arrayBuffer();
    },
    forge: (server, payment, amountMinor) => [
      {
        label: "forged",
        url: `${server.url}/api/callbacks/dpo`,
        body: dpoPush(payment, amountMinor),
        contentType: "application/xml",
      },
    ],
  },
  {
    id: "mtn-momo",
    slug: "kampala-music-festival",
    phone: (i) => `077${String(1_000_000 + i * 7919).slice(-7)}`,
    payer: answerPrompt,
    forge: (server, payment, amountMinor) => [
      {
        label: "forged",
        url: notificationUrl(gatewayById("mtn-momo", server.env), server.url),
        contentType: "application/json",
        body: JSON.stringify({
          financialTransactionId: "9990001",
          externalId: payment.id,
          amount: String(major(amountMinor, payment.currency)),
          currency: payment.currency,
          payer: { partyIdType: "MSISDN", partyId: digits(payment.phone ?? "") },
          status: "SUCCESSFUL",
        }),
      },
    ],
  },
  {
    id: "airtel",
    slug: "kampala-music-festival",
    phone: (i) => `075${String(2_000_000 + i * 7919).slice(-7)}`,
    payer: answerPrompt,
    forge: (server, payment, amountMinor) => [
      {
        label: "forged",
        url: notificationUrl(gatewayById("airtel", server.env), server.url),
        contentType: "application/json",
        body: JSON.stringify({
          transaction: {
            id: payment.gatewayReference ?? payment.id,
            message: `Paid ${payment.currency} ${major(amountMinor, payment.currency)} for order`,
            status_code: "TS",
            airtel_money_id: "FORGED0001",
          },
        }),
      },
    ],
  },
  {
    id: "flutterwave",
    slug: "nairobi-tech-summit",
    phone: (i) => `07${String(30_000_000 + i * 7919).slice(-8)}`,
    payer: hostedPage(/name="(outcome)" value="(pay:card)"/, { outcome: "fail:declined" }),
    // Signed with a shared secret header: forged without it, or with a wrong one.
    forge: (server, payment, amountMinor) => {
      const body = JSON.stringify({
        event: "charge.completed",
        data: {
          id: 1234567,
          tx_ref: payment.id,
          flw_ref: "FLW-FORGED",
          amount: major(amountMinor, payment.currency),
          currency: payment.currency,
          charged_amount: major(amountMinor, payment.currency),
          status: "successful",
        },
      });
      const url = notificationUrl(gatewayById("flutterwave", server.env), server.url);
      return [
        { label: "forged", url, body, contentType: "application/json" },
        {
          label: "forged, wrong verif-hash",
          url,
          body,
          contentType: "application/json",
          headers: { "verif-hash": "not-the-secret-hash" },
        },
      ];
    },
  },
  {
    id: "ksher",
    slug: "bangkok-design-week",
    phone: (i) => `08${String(10_000_000 + i * 7919).slice(-8)}`,
    payer: hostedPage(/name="(pay)" value="([^"]+)"/, { fail: "PAYERROR" }),
    // Signed with Ksher's RSA key: a forger cannot sign.
    forge: (server, payment, amountMinor) => [
      {
        label: "forged",
        url: notificationUrl(gatewayById("ksher", server.env), server.url),
        contentType: "application/json",
        body: JSON.stringify({
          code: 0,
          msg: "ok",
          data: {
            mch_order_no: payment.id,
            ksher_order_no: "FORGED",
            result: "SUCCESS",
            total_fee: amountMinor,
            fee_type: payment.currency,
          },
          sign: "00".repeat(64),
        }),
      },
    ],
  },
];

export const registeredStormGateways = () => STORM_GATEWAYS.filter((g) => isGatewayId(g.id));

interface Planned {
  reference: string;
  orderId: string;
  quantity: number;
  paymentId: string;
  outcome: "approve" | "refuse" | "ignore";
  late: boolean;
  /** The organiser refunded it in full after the storm. */
  refunded?: boolean;
}

export interface StormReport {
  orders: number;
  deliveries: number;
  /** Paid orders the organiser then refunded in full. */
  refunds: number;
  statuses: Record<number, number>;
  ms: number;
}

/**
 * One storm on one gateway. Every notification goes through the app's real HTTP callback route; the
 * simulator's own deliveries are dropped (fault `drop_callbacks`) and replayed by the storm instead.
 */
export async function runStorm(
  db: Db,
  server: Server,
  gw: StormGateway,
  rng: Rng,
  opts: { orders: number },
): Promise<StormReport> {
  const t0 = Date.now();
  await sim(server, "reset", {});
  await db.rateLimit.deleteMany();
  await sim(server, "faults", { gateway: gw.id, fault: "drop_callbacks" });
  const ev = await db.event.findUniqueOrThrow({ where: { slug: gw.slug } });
  const event = { slug: ev.slug, eventId: ev.id };
  const quantities = Array.from({ length: opts.orders }, () => 1 + rng.int(2));
  const capacity = quantities.reduce((a, b) => a + b, 0);
  const type = await db.ticketType.create({
    data: {
      eventId: event.eventId,
      name: `Storm ${gw.id} ${rng.int(1e9)}`,
      priceMinor: 1_000_00 + rng.int(50) * 100,
      currency: ev.currency,
      capacity,
      maxPerOrder: 10,
    },
  });

  const planned: Planned[] = [];
  for (const [i, quantity] of quantities.entries()) {
    const created = await createOrder(
      db,
      createOrderSchema.parse({
        eventSlug: event.slug,
        items: [{ ticketTypeId: type.id, quantity }],
        buyer: { ...buyer, phone: gw.phone(planned.length) },
      }),
    );
    const started = await startPayment(
      db,
      { reference: created.reference, gateway: gw.id, ...(gw.method && { method: gw.method }) },
      server.env,
    );
    expect(started.status, `payment ${i} started`).toBe("pending");
    const r = rng.next();
    planned.push({
      reference: created.reference,
      orderId: (await db.order.findUniqueOrThrow({ where: { reference: created.reference } })).id,
      quantity,
      paymentId: started.paymentId,
      outcome: r < 0.55 ? "approve" : r < 0.75 ? "refuse" : "ignore",
      late: rng.chance(0.2),
    });
    if (planned.at(-1)!.outcome !== "ignore")
      await gw.payer(
        server,
        started,
        await db.payment.findUniqueOrThrow({ where: { id: started.paymentId } }),
        planned.at(-1)!.outcome as "approve" | "refuse",
      );
  }
  const approvals = planned.filter((p) => p.outcome === "approve").length;
  const genuine = await until(
    () =>
      sim(server, `notifications?gateway=${gw.id}`) as Promise<
        { url: string; body: string; contentType: string; headers?: Record<string, string> }[]
      >,
    (n) => n.length >= approvals,
  );

  // Late: the hold runs out before any notification arrives, and someone else buys the seats.
  for (const p of planned.filter((x) => x.late))
    await db.order.update({ where: { id: p.orderId }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await releaseExpiredHolds(db, { eventId: event.eventId });
  const freed = planned.filter((p) => p.late).reduce((a, p) => a + p.quantity, 0);
  if (freed > 0) {
    await createOrder(
      db,
      createOrderSchema.parse({
        eventSlug: event.slug,
        items: [{ ticketTypeId: type.id, quantity: freed }],
        buyer: { ...buyer, phone: gw.phone(9999) },
      }),
    ).catch(() => undefined);
  }

  const deliveries: Delivery[] = [];
  for (const n of genuine)
    for (let k = 1 + rng.int(3); k > 0; k--)
      deliveries.push({ label: "genuine", url: n.url, body: n.body, contentType: n.contentType, headers: n.headers });
  for (const p of planned) {
    const payment = await db.payment.findUniqueOrThrow({ where: { id: p.paymentId } });
    if (rng.chance(0.5)) deliveries.push(...gw.forge(server, payment, payment.amountMinor));
    if (rng.chance(0.4)) deliveries.push(...gw.forge(server, payment, payment.amountMinor - 100 * (1 + rng.int(5))));
  }
  const shuffled = rng.shuffle(deliveries);
  const statuses: Record<number, number> = {};
  for (let i = 0; i < shuffled.length;) {
    const batch = shuffled.slice(i, (i += 1 + rng.int(8)));
    const answers = await Promise.all(
      batch.map((d) =>
        fetch(d.url, { method: "POST", headers: { "content-type": d.contentType, ...d.headers }, body: d.body }).then(
          async (r) => (await r.arrayBuffer(), r.status),
        ),
      ),
    );
    for (const s of answers) statuses[s] = (statuses[s] ?? 0) + 1;
  }
  await sim(server, "faults", { gateway: gw.id, fault: "none" });
  const refunds = await refundSome(db, server, rng, planned);

  await checkInvariants(db, type.id, planned);
  // And the whole database's stock, not only this storm's ticket type: sold is valid tickets, held is
  // live holds, every booth matches its orders (lib/orders/stock-audit.ts).
  await expectStockConsistent(db, `after the ${gw.id} storm`);
  expect(
    Object.keys(statuses).filter((s) => Number(s) >= 500),
    `5xx answers to notifications: ${JSON.stringify(statuses)}`,
  ).toEqual([]);
  return { orders: planned.length, deliveries: shuffled.length, refunds, statuses, ms: Date.now() - t0 };
}

/**
 * The organiser refunds some paid orders in full, each asked three times at once (a double click with one
 * key, a second admin with another); then every refund is asked again and its result applied again, as
 * a retried job and a repeated gateway result would. Their seats must come back once (checked after).
 */
async function refundSome(db: Db, server: Server, rng: Rng, planned: Planned[]): Promise<number> {
  const chosen: Planned[] = [];
  for (const p of planned) {
    if (!rng.chance(0.5)) continue;
    const order = await db.order.findUniqueOrThrow({ where: { id: p.orderId }, select: { status: true } });
    if (order.status === "paid") chosen.push(p);
  }
  const ask = (p: Planned, key: string) =>
    refundPayment(
      db,
      { paymentId: p.paymentId, reason: "Storm refund", idempotencyKey: `storm-refund:${p.paymentId}:${key}` },
      server.env,
    );
  await Promise.all(chosen.map((p) => Promise.allSettled([ask(p, "a"), ask(p, "a"), ask(p, "b")])));
  for (const p of chosen) p.refunded = true;
  const paymentIds = chosen.map((p) => p.paymentId);
  // Gateways that answer a refund later do so at their result URL.
  await until(
    () => db.refund.count({ where: { paymentId: { in: paymentIds }, status: "pending" } }),
    (n) => n === 0,
    15_000,
  );
  await Promise.allSettled(chosen.map((p) => ask(p, "a")));
  for (const r of await db.refund.findMany({ where: { paymentId: { in: paymentIds } } }))
    await completeRefund(db, r.id);
  return chosen.length;
}

/** What must hold after any storm, whatever the order of arrival. */
async function checkInvariants(db: Db, ticketTypeId: string, planned: Planned[]) {
  for (const p of planned) {
    const order = await db.order.findUniqueOrThrow({
      where: { id: p.orderId },
      include: { tickets: true, emails: true, payments: { include: { refunds: true } } },
    });
    const payment = order.payments.find((x) => x.id === p.paymentId)!;
    const where = `${p.reference} (${p.outcome}${p.late ? ", late" : ""}, payment ${payment.status}, order ${order.status})`;
    // Never paid without the gateway's confirmation: only the payments the payer approved succeeded.
    if (p.outcome !== "approve") expect(["pending", "failed", "cancelled", "expired"], where).toContain(payment.status);
    else expect(["succeeded", "refunded"], where).toContain(payment.status);
    if (order.status === "paid") expect(p.outcome, where).toBe("approve");
    // Never two fulfilments: one set of tickets and one confirmation for a paid order, none otherwise.
    expect(
      order.tickets.filter((t) => t.status !== "revoked"),
      where,
    ).toHaveLength(order.status === "paid" ? p.quantity : 0);
    expect(
      order.emails.filter((e) => e.kind === "order_confirmation"),
      where,
    ).toHaveLength(order.status === "paid" || p.refunded ? 1 : 0);
    // Money confirmed for seats that went to someone else goes back; so does the organiser's refund, once.
    if (p.outcome === "approve" && order.status !== "paid")
      expect(
        payment.refunds.map((r) => r.amountMinor),
        where,
      ).toEqual([payment.amountMinor]);
    if (order.status === "paid" && !p.refunded) expect(payment.refunds, where).toEqual([]);
    // A gateway without a refund API refuses (failed refund): the order stays paid with its tickets.
    if (p.refunded)
      expect(order.status, where).toBe(payment.refunds.some((r) => r.status === "succeeded") ? "refunded" : "paid");
  }
  const type = await db.ticketType.findUniqueOrThrow({ where: { id: ticketTypeId } });
  const items = await db.orderItem.findMany({
    where: { ticketTypeId },
    include: { order: { select: { status: true } } },
  });
  const sum = (status: string) => items.filter((i) => i.order.status === status).reduce((a, i) => a + i.quantity, 0);
  expect(type.sold + type.held, "sold + held ≤ capacity").toBeLessThanOrEqual(type.capacity);
  expect({ sold: type.sold, held: type.held }).toEqual({ sold: sum("paid"), held: sum("pending") });
}
