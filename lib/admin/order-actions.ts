import "server-only";
import { z } from "zod";
import type { AuthorizedUser } from "../auth/guards";
import type { Db, DbTx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { gatewayLabel } from "../documents/labels";
import { queueOrderConfirmationInTx } from "../email/queue";
import { AppError, invalid, notFound } from "../errors";
import { parseWith } from "../http/api";
import { formatMoney, minorUnitDigits, parseMajorUnits } from "../money";
import { releaseHold } from "../orders/holds";
import { applyPaymentResult } from "../payments/apply-result";
import { refundPayment, refundWaitsOn, settleRefundByHand, type RefundView } from "../payments/refunds";
import { gatewayById, inPersonPayments, type PaymentsEnv } from "../payments/registry";
import { syncPayment } from "../payments/sync-payment";
import { enforce } from "../rate-limit";
import { getAdminOrder, payingPayment, type AdminOrder } from "./orders";

/** Who acts: the signed-in admin, as requireRole returned them. */
export type Actor = Pick<AuthorizedUser, "id" | "email">;

export interface ActionOutcome {
  tone: "info" | "warning" | "error";
  message: string;
}

async function audit(db: Db | DbTx, actor: Actor, action: string, orderId: string, data: Prisma.InputJsonValue) {
  await db.auditLog.create({ data: { actorId: actor.id, action, entity: "order", entityId: orderId, data } });
}

/** A form's one-time id: the same nonce twice (a double click, a resubmitted form) acts once. */
const nonce = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, "The form has expired: reload the page and try again.");
const reference = z.string().trim().min(1, "No order given.").max(20);

/** Major units as typed ("2,500", "1500.50") into minor units of the order's currency. */
function amountFrom(text: string, currency: string, field: string): number {
  const minor = parseMajorUnits(text, currency);
  if (minor === null || minor <= 0) {
    const digits = minorUnitDigits(currency);
    throw invalid(
      `Enter an amount in ${currency}${digits ? ` with at most ${digits} decimals` : " without decimals"}.`,
      { [field]: "Enter an amount such as 2500." },
    );
  }
  return minor;
}

// ── Refund ──────────────────────────────────────────────────────────────────────────────────────

export const refundInput = z.object({
  reference,
  /** Major units; empty means everything still refundable. */
  amount: z.string().trim().max(20).optional().default(""),
  reason: z.string().trim().max(200).optional().default(""),
  nonce,
});

export interface RefundOutcome extends ActionOutcome {
  refund: RefundView;
}

/**
 * Refunds the payment that paid the order, in full or in part, through its gateway (or, for cash, as
 * money handed back at the desk). The key comes from the form's nonce, so a double submit refunds once
 * and shows the first refund's outcome.
 */
export async function refundOrder(db: Db, actor: Actor, raw: unknown, env: PaymentsEnv): Promise<RefundOutcome> {
  const input = parseWith(refundInput, raw, "refund");
  const order = await getAdminOrder(db, input.reference);
  const idempotencyKey = `admin-refund:${order.id}:${input.nonce}`;
  const earlier = await db.refund.findUnique({ where: { idempotencyKey } });
  if (earlier) return describeRefund(order, earlier, toView(earlier), true);

  if (order.status !== "paid" && order.status !== "partially_refunded") {
    throw new AppError(
      "order_not_refundable",
      `This order is ${order.status.replace("_", " ")}: there is no payment left to refund.`,
    );
  }
  const payment = payingPayment(order);
  if (!payment) throw new AppError("order_not_refundable", "No succeeded payment paid this order.");
  // The payment only counts a refund as refunded once the gateway confirms it: money already on its way
  // back must not be offered again.
  const inFlight = payment.refunds.filter((r) => r.status === "pending");
  if (inFlight.length) {
    throw new AppError(
      "order_not_refundable",
      `A refund of ${formatMoney(inFlight[0].amountMinor, payment.currency)} is still waiting for ${gatewayLabel(payment.gateway)}'s answer. Wait for it (it appears in the timeline), or settle it by hand under Payments if it never comes, before refunding more.`,
    );
  }
  // Read without a lock, for a readable answer on the form; refundPayment checks again with the payment
  // locked, so two admins refunding at the same moment can never give back more than was paid.
  const refundable = payment.amountMinor - payment.refundedMinor;
  const amountMinor = input.amount ? amountFrom(input.amount, payment.currency, "amount") : refundable;
  if (amountMinor > refundable) {
    throw invalid(`At most ${formatMoney(refundable, payment.currency)} can still be refunded.`, {
      amount: `At most ${formatMoney(refundable, payment.currency)}.`,
    });
  }
  // M-Pesa moves whole shillings: a refund with cents would be rounded by Safaricom, not by us.
  if (payment.gateway === "daraja" && amountMinor % 10 ** minorUnitDigits(payment.currency) !== 0) {
    throw invalid("M-Pesa refunds are in whole shillings.", { amount: "Enter whole shillings." });
  }

  const refund = await refundPayment(
    db,
    {
      paymentId: payment.id,
      amountMinor,
      reason: input.reason || "Refunded by the organiser",
      idempotencyKey,
      requestedById: actor.id,
    },
    env,
  );
  await audit(db, actor, "order.refund", order.id, {
    refundId: refund.refundId,
    amountMinor,
    currency: payment.currency,
    gateway: payment.gateway,
    status: refund.status,
    reason: input.reason || null,
  });
  const row = await db.refund.findUniqueOrThrow({ where: { id: refund.refundId } });
  return describeRefund(order, row, refund, false, amountMinor === refundable);
}

const toView = (r: {
  id: string;
  status: RefundView["status"];
  amountMinor: number;
  currency: string;
  failureReason: string | null;
}): RefundView => ({
  refundId: r.id,
  status: r.status,
  amount: r.amountMinor,
  currency: r.currency,
  failureReason: r.failureReason,
});

function describeRefund(
  order: AdminOrder,
  row: { paymentId: string; gatewayReference: string | null; createdAt: Date },
  refund: RefundView,
  repeated: boolean,
  full = false,
): RefundOutcome {
  const gateway = order.payments.find((p) => p.id === row.paymentId)?.gateway ?? "";
  const amount = formatMoney(refund.amount, refund.currency);
  const again = repeated ? "This form was already submitted: " : "";
  if (refund.status === "failed") {
    return {
      tone: "error",
      refund,
      message: `${again}The refund of ${amount} failed: ${refund.failureReason ?? "the gateway refused it"}.`,
    };
  }
  if (refund.status === "pending") {
    const via = gatewayLabel(gateway);
    const message = {
      result: `Refund of ${amount} sent to ${via}; waiting for its result, which will appear in the timeline.`,
      taken: `Refund of ${amount} taken by ${via} and under way. ${via} does not report when it is done: check its dashboard; from ten minutes on, it can be settled by hand under Payments.`,
      resend: `${via} did not answer the refund of ${amount}. Lango asks again by itself; the result will appear in the timeline.`,
      person: `${via} did not answer the refund of ${amount}, so whether the money went back is not known. Check ${via}'s own records; from ten minutes after asking, it can be settled by hand under Payments.`,
    }[refundWaitsOn(row, gateway)];
    return { tone: "warning", refund, message: `${again}${message}` };
  }
  const how =
    gateway === "cash"
      ? "Hand the cash back to the buyer at the desk; it is recorded as refunded."
      : `Refunded through ${gatewayLabel(gateway)}.`;
  const released = full ? " Its tickets no longer admit anyone, and its seats and booths are on sale again." : "";
  return { tone: "info", refund, message: `${again}${amount} refunded. ${how}${released}` };
}

// ── Settle a refund by hand ──────────────────────────────────────────────────────────────────────

export const settleRefundInput = z.object({
  reference,
  refundId: z.string().trim().min(1, "No refund given.").max(40),
  outcome: z.enum(["refunded", "not_refunded"], { error: "Choose what the gateway's records show." }),
  note: z
    .string()
    .trim()
    .min(3, "Say what you checked, for example the gateway's refund reference.")
    .max(200, "At most 200 characters."),
});

/**
 * Records what the gateway's own records show for a refund whose answer never came (see
 * settleRefundByHand): the refund of another order is not found here, whatever its id.
 */
export async function settleRefund(db: Db, actor: Actor, raw: unknown): Promise<ActionOutcome> {
  const input = parseWith(settleRefundInput, raw, "settle the refund");
  const order = await getAdminOrder(db, input.reference);
  const payment = order.payments.find((p) => p.refunds.some((r) => r.id === input.refundId));
  if (!payment) throw notFound("refund_not_found", "This order has no such refund.");
  const refund = await settleRefundByHand(db, {
    refundId: input.refundId,
    outcome: input.outcome,
    note: input.note,
    by: actor.email,
  });
  await audit(db, actor, "order.refund_settled_by_hand", order.id, {
    refundId: refund.id,
    outcome: input.outcome,
    note: input.note,
    amountMinor: refund.amountMinor,
    currency: refund.currency,
    gateway: payment.gateway,
  });
  const amount = formatMoney(refund.amountMinor, refund.currency);
  if (refund.status === "failed") {
    return {
      tone: "warning",
      message: `Recorded: the refund of ${amount} did not go through. The money can be refunded again.`,
    };
  }
  const after = await db.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } });
  const released =
    after.status === "refunded"
      ? " Its tickets no longer admit anyone, and its seats and booths are on sale again."
      : "";
  return {
    tone: "info",
    message: `Recorded: ${amount} refunded through ${gatewayLabel(payment.gateway)}.${released}`,
  };
}

// ── Cancel ──────────────────────────────────────────────────────────────────────────────────────

export const cancelInput = z.object({ reference, reason: z.string().trim().max(200).optional().default("") });

const CANCELLED = { gatewayCode: "order_cancelled", message: "The organiser cancelled this order." };

function flowOf(gateway: string, env: PaymentsEnv): "push" | "redirect" | "desk" | null {
  try {
    return gatewayById(gateway, env).gateway.flow;
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
}

/**
 * Cancels an unpaid order and gives its seats and booths back. A paid order is cancelled by refunding
 * it. Payment attempts are dealt with first, because a payment confirmed after the hold is released
 * would pay (and revive) a cancelled order while seats remain: each open attempt is asked about (a
 * payment that already went through stops the cancellation), a push prompt still open on the buyer's
 * phone must close first, and what is left is cancelled at the gateway where it can be (DPO) and marked
 * cancelled here, so a late confirmation changes nothing.
 */
export async function cancelOrder(
  db: Db,
  actor: Actor,
  raw: unknown,
  env: PaymentsEnv,
  now = new Date(),
): Promise<ActionOutcome> {
  const input = parseWith(cancelInput, raw, "cancellation");
  let order = await getAdminOrder(db, input.reference, now);
  if (order.status === "cancelled") return { tone: "info", message: "This order is already cancelled." };
  if (order.status === "paid" || order.status === "partially_refunded") {
    throw new AppError(
      "order_not_cancellable",
      "This order is paid: cancel it by refunding it in full. The buyer gets the money back and the tickets stop working.",
    );
  }
  if (order.status !== "pending") {
    throw new AppError(
      "order_not_cancellable",
      `This order is already ${order.status.replace("_", " ")}; it holds nothing to cancel.`,
    );
  }

  const openAttempts = () => order.payments.filter((p) => p.status === "pending");
  for (const p of openAttempts()) await syncPayment(db, p.id, env, { now }).catch(ignoreUnknownGateway);
  order = await getAdminOrder(db, order.reference, now);
  if (order.status === "paid") {
    throw new AppError(
      "order_not_cancellable",
      "A payment for this order has just gone through, so it is paid now. To cancel it, refund it in full.",
    );
  }
  const prompt = openAttempts().find((p) => flowOf(p.gateway, env) === "push" && p.expiresAt > now);
  if (prompt) {
    const seconds = Math.ceil((prompt.expiresAt.getTime() - now.getTime()) / 1000);
    throw new AppError(
      "order_not_cancellable",
      `A ${gatewayLabel(prompt.gateway)} prompt is still open on ${prompt.phone ?? "the buyer's phone"} for up to ${seconds} s. Cancel once it has closed, so no money can arrive for a cancelled order.`,
    );
  }
  if (order.status === "pending" && !(await releaseHold(db, order.id, "cancelled", now))) {
    order = await getAdminOrder(db, order.reference, now);
    if (order.status !== "cancelled")
      throw new AppError(
        "order_not_cancellable",
        `The order changed meanwhile: it is ${order.status.replace("_", " ")} now.`,
      );
    return { tone: "info", message: "This order is already cancelled." };
  }

  // The order is no longer pending, so a sync cancels the attempt at gateways that can (DPO's token).
  // An attempt whose gateway could not be reached stays pending: the reconciler asks again, and money
  // that arrives for the cancelled order is refunded automatically (settleOrderPaid: order_cancelled).
  let refused = 0;
  let unreachable = 0;
  for (const p of openAttempts()) {
    const synced = await syncPayment(db, p.id, env, { now }).catch(ignoreUnknownGateway);
    if (synced && !synced.changed && synced.reason === "gateway_error") {
      unreachable++;
      continue;
    }
    const outcome = await applyPaymentResult(db, p.id, { status: "cancelled", failure: CANCELLED }, now);
    if (outcome.changed) refused++;
  }
  order = await getAdminOrder(db, order.reference, now);
  await audit(db, actor, "order.cancel", order.id, {
    reason: input.reason || null,
    attemptsCancelled: refused,
    status: order.status,
  });
  if (order.status !== "cancelled") {
    return {
      tone: "warning",
      message: `A payment went through while cancelling, so the order is ${order.status.replace("_", " ")}. Refund it in full if it must be cancelled.`,
    };
  }
  const stillOpen = unreachable
    ? ` ${unreachable} payment attempt(s) could not be stopped at the gateway just now; if money arrives for them it is refunded automatically.`
    : "";
  return {
    tone: "info",
    message: `Order cancelled; its seats are on sale again.${refused ? ` ${refused} unfinished payment attempt(s) were stopped.` : ""}${stillOpen}`,
  };
}

function ignoreUnknownGateway(err: unknown) {
  // A gateway no longer configured cannot be asked; its attempt is simply marked cancelled afterwards.
  if (!(err instanceof AppError)) throw err;
}

// ── Cash ────────────────────────────────────────────────────────────────────────────────────────

export const cashInput = z.object({
  reference,
  amount: z.string().trim().min(1, "Enter the amount received.").max(20),
  receiptNumber: z
    .string()
    .trim()
    .min(1, "Enter the number on the receipt book.")
    .max(40, "At most 40 characters.")
    .regex(/^[A-Za-z0-9][A-Za-z0-9 /-]*$/, "Letters, digits, spaces, - and / only.")
    .transform((s) => s.replace(/\s+/g, " ").toUpperCase()),
});

export interface CashOutcome extends ActionOutcome {
  paymentId: string;
}

/**
 * Records cash taken at the desk for a pending order (or an expired one whose seats are still free): the
 * cash gateway records and settles it (tickets issued and the confirmation queued once), and gives back
 * as a desk refund cash that bought nothing. The receipt-book number makes a double submit record the
 * money once.
 */
export async function markCashPaid(
  db: Db,
  actor: Actor,
  raw: unknown,
  env: PaymentsEnv,
  now = new Date(),
): Promise<CashOutcome> {
  const input = parseWith(cashInput, raw, "cash payment");
  const order = await getAdminOrder(db, input.reference, now);
  const desk = inPersonPayments("cash");
  if (!desk) throw new AppError("gateway_not_configured", "Cash at the desk is not available.");
  const receipt = input.receiptNumber;

  const existing = await desk.recorded(db, receipt);
  if (existing) return alreadyRecorded(order, existing);
  if (order.status === "paid" || order.status === "partially_refunded")
    throw new AppError("order_already_paid", "This order is already paid.");
  if (order.status !== "pending" && order.status !== "expired") {
    throw new AppError("order_not_payable", `This order is ${order.status.replace("_", " ")} and cannot be paid.`);
  }
  const amountMinor = amountFrom(input.amount, order.currency, "amount");
  if (amountMinor !== order.totalMinor) {
    const msg = `The order's total is ${formatMoney(order.totalMinor, order.currency)}; ${formatMoney(amountMinor, order.currency)} was entered. Take exactly the total.`;
    throw new AppError("amount_mismatch", msg, { amount: msg });
  }

  const recorded = await desk.record(
    db,
    { orderId: order.id, amount: { amountMinor, currency: order.currency }, receipt, receivedBy: actor },
    env,
    now,
  );
  if (recorded.type === "already_recorded") return alreadyRecorded(order, recorded);
  const { paymentId, settlement } = recorded;
  await audit(db, actor, "order.cash_paid", order.id, {
    paymentId,
    receiptNumber: receipt,
    amountMinor,
    currency: order.currency,
    settlement: settlement ?? null,
  });

  if (recorded.sold) {
    return {
      tone: "info",
      paymentId,
      message: `Cash ${formatMoney(amountMinor, order.currency)} recorded (receipt ${receipt}). The order is paid; the tickets are issued and e-mailed to ${order.buyerEmail}.`,
    };
  }
  const why =
    settlement === "no_capacity"
      ? "the seats were sold to someone else after this order's hold ran out"
      : "the order was paid another way meanwhile";
  return {
    tone: "warning",
    paymentId,
    message: `Not sold: ${why}. Give the ${formatMoney(amountMinor, order.currency)} back to the buyer; it is recorded as refunded.`,
  };
}

function alreadyRecorded(
  order: AdminOrder,
  existing: { paymentId: string; orderId: string; orderReference: string },
): CashOutcome {
  if (existing.orderId !== order.id) {
    const msg = `Receipt number already recorded, on order ${existing.orderReference}.`;
    throw new AppError("receipt_already_used", msg, { receiptNumber: msg });
  }
  return {
    tone: "info",
    paymentId: existing.paymentId,
    message: "This cash payment is already recorded (same receipt number).",
  };
}

// ── Resend tickets ──────────────────────────────────────────────────────────────────────────────

export const resendInput = z.object({ reference, nonce });

const RESENDS_PER_HOUR = 5;

/**
 * E-mails the buyer their tickets again, with each ticket's current code: a new outbox message per
 * request (keyed by the form's nonce, so a double click sends one), at most five an hour per order.
 */
export async function resendOrderTickets(db: Db, actor: Actor, raw: unknown, now = new Date()): Promise<ActionOutcome> {
  const input = parseWith(resendInput, raw, "request");
  const order = await getAdminOrder(db, input.reference, now);
  if (order.status !== "paid" && order.status !== "partially_refunded") {
    throw new AppError(
      "order_has_no_tickets",
      `This order is ${order.status.replace("_", " ")}: it has no valid tickets to send.`,
    );
  }
  const dedupeKey = `order-confirmation:${order.id}:resend:${input.nonce}`;
  if (await db.emailOutbox.findUnique({ where: { dedupeKey }, select: { id: true } })) {
    return { tone: "info", message: `Already queued for ${order.buyerEmail}.` };
  }
  await enforce(
    db,
    `admin-resend:order:${order.id}`,
    RESENDS_PER_HOUR,
    60 * 60_000,
    `These tickets were re-sent ${RESENDS_PER_HOUR} times in the last hour. Please wait before sending again.`,
    now,
  );
  const queued = await db.$transaction(async (tx) => {
    const fresh = await queueOrderConfirmationInTx(tx, order.id, { dedupeKey });
    if (fresh) await audit(tx, actor, "order.resend_tickets", order.id, { to: order.buyerEmail });
    return fresh;
  });
  return {
    tone: "info",
    message: queued ? `Tickets queued for ${order.buyerEmail}.` : `Already queued for ${order.buyerEmail}.`,
  };
}
