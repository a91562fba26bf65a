import "server-only";
import { createHash } from "node:crypto";
import { cancelOrder } from "../admin/order-actions";
import { redeemScan } from "../checkin/redeem";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { AppError, notFound } from "../errors";
import { parseWith } from "../http/api";
import { formatMoney } from "../money";
import { createOrder } from "../orders/create-order";
import { paybillForOrder } from "../payments/gateways/daraja/paybill";
import { refundPayment } from "../payments/refunds";
import { inPersonPayments, type PaymentsEnv } from "../payments/registry";
import { startPayment } from "../payments/start-payment";
import { getPaymentView } from "../payments/payment-view";
import { syncPayment } from "../payments/sync-payment";
import type { NextAction } from "../payments/types";
import { ticketCodes } from "../tickets/codes";
import { retryPaymentSchema, saleSchema, voidSchema, type SalePayment } from "./schemas";
import { ownShift, type Cashier } from "./shifts";

/** What the till shows for a sale (and what POST /api/box-office/sales answers). */
export interface SaleView {
  reference: string;
  status: string;
  total: number;
  currency: string;
  gateway: string;
  tendered?: number;
  change?: number;
  paymentId?: string;
  paymentStatus?: string;
  failureReason?: string;
  nextAction?: NextAction;
  /** M-Pesa receipt (or the desk's receipt for cash) once paid. */
  gatewayReceipt?: string;
  receiptNumber?: string;
  receiptUrl: string;
  paybill?: { businessNumber: string; account: string };
  tickets?: { id: string; attendeeName: string; ticketType: string | null; code: string; checkedInAt: string | null }[];
  admit: boolean;
  voided: boolean;
}

const WALK_IN = "Walk-in buyer";

/** The desk's receipt for a door sale paid in cash: one per sale, so the money is recorded once. */
const cashReceipt = (reference: string) => `BO-${reference}`;

const hashOf = (value: unknown) => createHash("sha256").update(JSON.stringify(value)).digest("hex");

/**
 * Rings up a sale in the cashier's open shift: the order holds its seats like any order (never beyond
 * capacity) but without the online per-order caps, then the payment starts. Cash is recorded at once,
 * so the answer carries the tickets; a push prompt is answered pending, for the till to poll.
 *
 * The idempotency key is claimed first (unique per shift): a retry of a request whose answer was lost
 * gets the first sale back and sells nothing more; the same key for a different sale is refused.
 */
export async function sell(
  db: Db,
  cashier: Cashier,
  raw: unknown,
  env: PaymentsEnv,
  now = new Date(),
): Promise<{ sale: SaleView; repeated: boolean }> {
  const input = parseWith(saleSchema, raw, "sale");
  const shift = await ownShift(db, cashier, input.shiftId);
  const requestHash = hashOf({ items: input.items, buyer: input.buyer, payment: input.payment, admit: input.admit });
  const earlier = await db.boxOfficeSale.findUnique({
    where: { shiftId_idempotencyKey: { shiftId: shift.id, idempotencyKey: input.idempotencyKey } },
  });
  if (earlier) return { sale: await answerRepeat(db, earlier, requestHash, env), repeated: true };
  if (shift.closedAt) throw shiftClosed();

  // Priced from the catalogue for the cash check; createOrder prices it again, from the same rows.
  const types = await db.ticketType.findMany({
    where: { eventId: shift.eventId, id: { in: input.items.map((i) => i.ticketTypeId) } },
    select: { id: true, priceMinor: true },
  });
  const total = input.items.reduce(
    (sum, i) => sum + (types.find((t) => t.id === i.ticketTypeId)?.priceMinor ?? 0) * i.quantity,
    0,
  );
  const cash = cashTerms(input.payment, total, shift.currency);

  let claim;
  try {
    claim = await db.boxOfficeSale.create({
      data: {
        shiftId: shift.id,
        idempotencyKey: input.idempotencyKey,
        requestHash,
        gateway: input.payment.gateway,
        admit: input.admit,
        ...cash,
      },
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const raced = await db.boxOfficeSale.findUniqueOrThrow({
      where: { shiftId_idempotencyKey: { shiftId: shift.id, idempotencyKey: input.idempotencyKey } },
    });
    return { sale: await answerRepeat(db, raced, requestHash, env), repeated: true };
  }

  let reference: string;
  try {
    ({ reference } = await createOrder(
      db,
      {
        eventSlug: shift.event.slug,
        items: input.items.map((i) => ({ ticketTypeId: i.ticketTypeId, quantity: i.quantity })),
        booths: [],
        buyer: { name: input.buyer.name || WALK_IN, email: input.buyer.email, phone: input.buyer.phone },
      },
      now,
      undefined,
      { door: true },
    ));
  } catch (err) {
    // Nothing was sold (sold out, a bad line): the key is free again for a corrected retry.
    await db.boxOfficeSale.delete({ where: { id: claim.id } });
    throw err;
  }
  const order = await db.order.update({
    where: { reference },
    data: { boxOfficeSale: { connect: { id: claim.id } } },
    select: { id: true, reference: true, totalMinor: true, currency: true },
  });
  const sale = { ...claim, orderId: order.id };
  const started = await pay(db, cashier, sale, order, input.payment, input.buyer.phone, env, now);
  return { sale: await saleView(db, sale, env, started), repeated: false };
}

async function answerRepeat(
  db: Db,
  sale: { id: string; requestHash: string; orderId: string | null; admit: boolean; voidedAt: Date | null },
  requestHash: string,
  env: PaymentsEnv,
): Promise<SaleView> {
  if (sale.requestHash !== requestHash)
    throw new AppError(
      "idempotency_key_reused",
      "This idempotency key was already used for a different sale. Use a new key for a new sale.",
    );
  if (!sale.orderId)
    throw new AppError(
      "sale_in_progress",
      "This sale is still being processed. Wait a moment and try again: it will not be sold twice.",
    );
  return saleView(db, { ...sale, orderId: sale.orderId }, env);
}

const shiftClosed = () => new AppError("shift_closed", "This shift is closed: open a new shift to sell.");

/** Cash: the amount tendered must cover the total; the change is what goes back with the tickets. */
function cashTerms(payment: SalePayment, total: number, currency: string) {
  if (payment.gateway !== "cash") return { tenderedMinor: null, changeMinor: null };
  const tendered = (payment as { tendered: number }).tendered;
  if (tendered < total) {
    const msg = `The total is ${formatMoney(total, currency)}; ${formatMoney(tendered, currency)} tendered is not enough.`;
    throw new AppError("tendered_too_low", msg, { "payment.tendered": msg });
  }
  return { tenderedMinor: tendered, changeMinor: tendered - total };
}

interface Started {
  paymentId?: string;
  failureReason?: string;
  nextAction?: NextAction;
}

/**
 * Takes the money for a sale's order: cash through the cash gateway's desk recording (paid at once,
 * tickets issued), paybill by waiting for the buyer's C2B payment, anything else through startPayment as
 * the checkout does. A gateway that refuses (too many prompts, a bad phone) leaves the sale unpaid with
 * the reason, for the cashier to resend or take cash instead.
 */
async function pay(
  db: Db,
  cashier: Cashier,
  sale: { id: string; admit: boolean; orderId: string },
  order: { id: string; reference: string; totalMinor: number; currency: string },
  payment: SalePayment,
  buyerPhone: string,
  env: PaymentsEnv,
  now: Date,
): Promise<Started> {
  if (payment.gateway === "cash") {
    const desk = inPersonPayments("cash");
    if (!desk) throw new AppError("gateway_not_configured", "Cash is not available.");
    const recorded = await desk.record(
      db,
      {
        orderId: order.id,
        amount: { amountMinor: order.totalMinor, currency: order.currency },
        receipt: cashReceipt(order.reference),
        receivedBy: cashier,
      },
      env,
      now,
    );
    return { paymentId: recorded.paymentId };
  }
  const other = payment as { gateway: string; phone?: string; method?: string };
  if (other.gateway === "daraja" && other.method === "paybill") return {};
  try {
    const started = await startPayment(
      db,
      {
        reference: order.reference,
        gateway: other.gateway,
        phone: other.phone || buyerPhone || undefined,
        method: other.method,
      },
      env,
      now,
    );
    return { paymentId: started.paymentId, failureReason: started.failureReason, nextAction: started.nextAction };
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return { failureReason: err.message };
    throw err;
  }
}

/** Checks a paid door sale's tickets in ("sell and admit"); the scan id per ticket makes a repeat a no-op. */
export async function admitSale(db: Db, orderId: string) {
  const order = await db.order.findUniqueOrThrow({
    where: { id: orderId },
    select: {
      status: true,
      boxOfficeSale: { select: { shift: { select: { cashierId: true } } } },
      tickets: {
        where: { status: "valid", checkedInAt: null },
        select: { id: true, eventId: true, codeVersion: true },
      },
    },
  });
  if (order.status !== "paid" || !order.tickets.length) return;
  const codes = await ticketCodes(db, order.tickets);
  for (const t of order.tickets) {
    const code = codes.get(t.id);
    if (!code) continue;
    await redeemScan(db, {
      code,
      gate: "Box office",
      scanId: `box-office:${t.id}`,
      userId: order.boxOfficeSale?.shift.cashierId ?? null,
      eventId: t.eventId,
    });
  }
}

/** A sale the cashier may see: in one of their own shifts (any shift for an admin). */
export async function findSale(db: Db, cashier: Cashier, reference: string) {
  const sale = await db.boxOfficeSale.findFirst({
    where: { order: { reference: reference.trim().toUpperCase() } },
    include: { shift: { select: { id: true, cashierId: true, closedAt: true } } },
  });
  if (!sale?.orderId || (sale.shift.cashierId !== cashier.id && cashier.role !== "admin"))
    throw notFound("order_not_found", "There is no box-office sale with that reference.");
  return { ...sale, orderId: sale.orderId };
}

/**
 * The sale as the till shows it, polled while a prompt is open: a payment pending for a while is asked
 * about at the gateway (a lost callback must not keep a buyer waiting at the gate), and a paid
 * "sell and admit" sale is checked in.
 */
export async function saleView(
  db: Db,
  sale: {
    id: string;
    orderId: string;
    admit: boolean;
    voidedAt: Date | null;
    tenderedMinor?: number | null;
    changeMinor?: number | null;
  },
  env: PaymentsEnv,
  started?: Started,
): Promise<SaleView> {
  const latest = () =>
    db.payment.findFirst({
      where: { orderId: sale.orderId },
      orderBy: { createdAt: "desc" },
      select: { id: true, status: true },
    });
  const pending = await latest();
  if (pending?.status === "pending") {
    const { queryDue } = await getPaymentView(db, pending.id);
    if (queryDue) await syncPayment(db, pending.id, env).catch(() => undefined);
  }
  const read = () =>
    Promise.all([
      db.boxOfficeSale.findUniqueOrThrow({ where: { id: sale.id } }),
      db.order.findUniqueOrThrow({
        where: { id: sale.orderId },
        include: {
          event: { select: { country: true } },
          payments: { orderBy: { createdAt: "desc" } },
          tickets: {
            orderBy: [{ createdAt: "asc" }, { id: "asc" }],
            include: { ticketType: { select: { name: true } } },
          },
        },
      }),
    ]);
  if (sale.admit) await admitSale(db, sale.orderId);
  let [row, order] = await read();
  // The payment may have settled between that admission and this read: admit what it issued, and read again.
  if (sale.admit && order.status === "paid" && order.tickets.some((t) => t.status === "valid" && !t.checkedInAt)) {
    await admitSale(db, sale.orderId);
    [row, order] = await read();
  }
  const paid = order.payments.find((p) => p.status === "succeeded" || p.status === "refunded");
  const shown = paid ?? order.payments[0];
  const paybill =
    row.gateway === "daraja" && order.status === "pending" && !order.payments.some((p) => p.status === "pending")
      ? (
          await paybillForOrder(db, env, {
            reference: order.reference,
            currency: order.currency,
            country: order.event.country,
          })
        ).businessNumber
      : null;
  const codes =
    order.status === "paid" || order.status === "partially_refunded" ? await ticketCodes(db, order.tickets) : null;
  return {
    reference: order.reference,
    status: order.status,
    total: order.totalMinor,
    currency: order.currency,
    gateway: paid?.gateway ?? row.gateway,
    ...(row.tenderedMinor !== null && { tendered: row.tenderedMinor, change: row.changeMinor ?? 0 }),
    ...(shown && { paymentId: shown.id, paymentStatus: shown.status }),
    ...((started?.failureReason ?? shown?.failureReason) && {
      failureReason: started?.failureReason ?? shown?.failureReason ?? undefined,
    }),
    ...(started?.nextAction && { nextAction: started.nextAction }),
    ...(paid?.gatewayReceipt && { gatewayReceipt: paid.gatewayReceipt }),
    ...(order.receiptNumber && { receiptNumber: order.receiptNumber }),
    receiptUrl: `/box-office/receipts/${order.reference}`,
    ...(paybill && { paybill: { businessNumber: paybill, account: order.reference } }),
    ...(codes && {
      tickets: order.tickets
        .filter((t) => codes.has(t.id))
        .map((t) => ({
          id: t.id,
          attendeeName: t.attendeeName,
          ticketType: t.ticketType?.name ?? null,
          code: codes.get(t.id)!,
          checkedInAt: t.checkedInAt?.toISOString() ?? null,
        })),
    }),
    admit: row.admit,
    voided: !!row.voidedAt,
  };
}

/**
 * "Resend" the prompt, or "switch to cash", for an unpaid sale of the cashier's open shift. Switching to
 * cash while a prompt is still open is safe: if the buyer approves it after all, that payment finds the
 * order paid and is refunded automatically.
 */
export async function retrySalePayment(
  db: Db,
  cashier: Cashier,
  reference: string,
  raw: unknown,
  env: PaymentsEnv,
  now = new Date(),
): Promise<SaleView> {
  const { payment } = parseWith(retryPaymentSchema, raw, "payment");
  const sale = await findSale(db, cashier, reference);
  if (sale.shift.cashierId !== cashier.id)
    throw notFound("order_not_found", "Only the cashier of this sale can take its payment.");
  if (sale.shift.closedAt) throw shiftClosed();
  const order = await db.order.findUniqueOrThrow({
    where: { id: sale.orderId },
    select: { id: true, reference: true, status: true, totalMinor: true, currency: true, buyerPhone: true },
  });
  if (order.status !== "pending")
    throw new AppError(
      "order_not_payable",
      `This sale is ${order.status.replace("_", " ")}: there is nothing to pay.`,
      undefined,
      {
        orderStatus: order.status,
      },
    );
  const cash = cashTerms(payment, order.totalMinor, order.currency);
  await db.boxOfficeSale.update({ where: { id: sale.id }, data: { gateway: payment.gateway, ...cash } });
  const started = await pay(db, cashier, sale, order, payment, order.buyerPhone, env, now);
  return saleView(db, { ...sale, ...cash }, env, started);
}

/**
 * Voids a sale within its shift, always with a reason, logged with who and why. An unpaid sale is
 * cancelled (its seats go back on sale); a paid one is refunded in full: cash over the desk by the
 * shift's cashier, any other way only by an admin, since that money moves through a gateway.
 */
export async function voidSale(
  db: Db,
  actor: Cashier,
  reference: string,
  raw: unknown,
  env: PaymentsEnv,
  now = new Date(),
): Promise<SaleView> {
  const { reason } = parseWith(voidSchema, raw, "void");
  const sale = await findSale(db, actor, reference);
  const admin = actor.role === "admin";
  if (sale.voidedAt) return saleView(db, sale, env);
  if (sale.shift.closedAt && !admin)
    throw new AppError("sale_not_voidable", "This sale's shift is closed: ask an admin to refund it.");
  const order = await db.order.findUniqueOrThrow({
    where: { id: sale.orderId },
    include: { payments: { where: { status: "succeeded" } } },
  });
  const paying = order.payments[0];
  let refunded: { amountMinor: number; gateway: string; status: string } | null = null;
  if (order.status === "pending") {
    await cancelOrder(db, actor, { reference: order.reference, reason }, env, now);
  } else if (paying && (order.status === "paid" || order.status === "partially_refunded")) {
    if (paying.gateway !== "cash" && !admin)
      throw new AppError(
        "forbidden",
        `This sale was paid by ${paying.gateway === "daraja" ? "M-Pesa" : paying.gateway}: only an admin can refund it.`,
      );
    const refund = await refundPayment(
      db,
      {
        paymentId: paying.id,
        reason: `Box office void: ${reason}`,
        idempotencyKey: `box-office-void:${sale.id}`,
        requestedById: actor.id,
      },
      env,
    );
    if (refund.status === "failed")
      throw new AppError(
        "sale_not_voidable",
        `The refund failed: ${refund.failureReason ?? "the gateway refused it"}.`,
      );
    refunded = { amountMinor: refund.amount, gateway: paying.gateway, status: refund.status };
  } else {
    throw new AppError(
      "sale_not_voidable",
      `This sale is ${order.status.replace("_", " ")}: there is nothing to void.`,
    );
  }
  const updated = await db.boxOfficeSale.update({ where: { id: sale.id }, data: { voidedAt: now } });
  await db.auditLog.create({
    data: {
      actorId: actor.id,
      action: "box_office.void",
      entity: "order",
      entityId: order.id,
      data: { reason, saleId: sale.id, shiftId: sale.shiftId, orderStatus: order.status, refund: refunded },
    },
  });
  return saleView(db, updated as typeof updated & { orderId: string }, env);
}
