import "server-only";
import type { Prisma } from "../db/generated/client";
import type { Db, DbTx } from "../db/client";
import { AppError, invalid, notFound } from "../errors";
import { releaseHold } from "../orders/holds";
import { normalizePhone } from "../orders/phone";
import { isOrderReference } from "../orders/reference";
import { enforce } from "../rate-limit";
import { applyPaymentResult } from "./apply-result";
import { buyerReason, type BuyerReason } from "./buyer-reason";
import { gatewayContext } from "./context";
import { notificationUrl, PUSH_GATEWAY_IDS, resolveGateway, type PaymentsEnv } from "./registry";
import { syncPayment } from "./sync-payment";
import { GatewayError, type NextAction, type PaymentStatus } from "./types";

export interface StartPaymentInput {
  reference: string;
  gateway: string;
  phone?: string;
  method?: string;
}

export interface StartedPayment {
  paymentId: string;
  status: PaymentStatus;
  nextAction: NextAction;
  failureReason?: string;
  /** The stable code of `failureReason` (lib/payments/buyer-reason.ts). */
  failureReasonCode?: BuyerReason;
}

/**
 * How long a push attempt counts as open until its gateway says when the prompt closes (the adapter's
 * `nextAction.expiresAt` then replaces it); also the window of an attempt whose start never got an answer.
 */
const PUSH_WINDOW_MS = 2 * 60_000;

/**
 * Starts one attempt at paying an order: a new Payment on the same order and hold, then the gateway's
 * first step (a phone prompt, or a hosted page to redirect to). Rate-limited per order and per phone,
 * since each attempt can make someone's phone ring.
 */
export async function startPayment(
  db: Db,
  input: StartPaymentInput,
  env: PaymentsEnv,
  now = new Date(),
): Promise<StartedPayment> {
  const reference = input.reference.trim().toUpperCase();
  if (!isOrderReference(reference)) throw notFound("order_not_found", "There is no order with that reference.");
  const order = await db.order.findUnique({ where: { reference }, include: { event: true } });
  if (!order) throw notFound("order_not_found", "There is no order with that reference.");
  if (order.status === "pending" && order.expiresAt <= now) {
    await releaseHold(db, order.id, "expired", now);
    throw new AppError(
      "order_not_payable",
      "Your hold on these tickets has run out. Please start a new order.",
      undefined,
      { orderStatus: "expired" },
    );
  }
  if (order.status === "paid")
    throw new AppError("order_already_paid", "This order is already paid.", undefined, { orderStatus: order.status });
  if (order.status !== "pending") {
    throw new AppError("order_not_payable", `This order is ${order.status} and can no longer be paid.`, undefined, {
      orderStatus: order.status,
    });
  }

  const resolved = resolveGateway(input.gateway, { currency: order.currency, country: order.event.country }, env);
  const { gateway, config } = resolved;

  let phone: string | undefined;
  if (gateway.flow === "push") {
    const typed = input.phone?.trim() || order.buyerPhone;
    phone = normalizePhone(typed, order.event.country) ?? undefined;
    if (!phone)
      throw invalid("Enter a valid phone number.", {
        phone: "Enter the phone number that should get the payment prompt.",
      });
  }

  await enforce(
    db,
    `pay:order:${order.id}`,
    8,
    10 * 60_000,
    "Too many payment attempts for this order. Please wait a few minutes and try again.",
    now,
  );
  if (phone)
    await enforce(
      db,
      `pay:phone:${phone}`,
      4,
      2 * 60_000,
      "Too many payment prompts to this phone. Please wait two minutes and try again.",
      now,
    );
  // Paying at the desk keeps the seats for the event's offline-payment window (never past its start).
  if (gateway.inPerson) order.expiresAt = await gateway.inPerson.holdOrder(db, order.id, now);

  const attempt: Prisma.PaymentUncheckedCreateInput = {
    orderId: order.id,
    gateway: gateway.id,
    method: input.method ?? null,
    amountMinor: order.totalMinor,
    currency: order.currency,
    phone: phone ?? null,
    expiresAt:
      gateway.flow === "push"
        ? new Date(Math.min(now.getTime() + PUSH_WINDOW_MS, order.expiresAt.getTime()))
        : order.expiresAt,
  };
  const payment =
    gateway.flow === "push"
      ? await createPushAttempt(db, attempt, env, now)
      : await db.payment.create({ data: attempt });

  const ctx = gatewayContext(db, config);
  try {
    const started = await gateway.initiate(
      {
        paymentId: payment.id,
        orderReference: order.reference,
        amount: { amountMinor: order.totalMinor, currency: order.currency },
        description: `Order ${order.reference} · ${order.event.name}`,
        customer: { name: order.buyerName, email: order.buyerEmail, phoneE164: phone ?? order.buyerPhone },
        method: input.method,
        country: order.event.country,
        serviceDate: order.event.startsAt,
        expiresAt: order.expiresAt,
        returnUrl: `${env.appUrl}/pay/return/${gateway.id}?payment=${payment.id}`,
        callbackUrl: notificationUrl(resolved, env.appUrl),
      },
      ctx,
    );
    await db.payment.update({
      where: { id: payment.id },
      data: {
        gatewayReference: started.gatewayReference || null,
        nextAction: started.nextAction,
        // The attempt is open exactly as long as the buyer's countdown says: "send a new prompt" is refused
        // while the phone still rings, and allowed the moment it stops.
        ...(started.nextAction.type === "await_customer" && { expiresAt: new Date(started.nextAction.expiresAt) }),
      },
    });
    if (started.status !== "pending") {
      await applyPaymentResult(db, payment.id, { status: started.status, failure: started.failure }, now);
    }
    return {
      paymentId: payment.id,
      status: started.status,
      nextAction: started.status === "pending" ? started.nextAction : { type: "none" },
      ...(started.failure && { failureReason: started.failure.message }),
      ...(started.failure && withReasonCode(gateway.id, started.failure.gatewayCode)),
    };
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    const message =
      err.details.buyerMessage ??
      `${gateway.displayName} is not answering right now. Please try again in a minute, or choose another way to pay.`;
    const gatewayCode = err.details.gatewayCode ?? err.code;
    await applyPaymentResult(db, payment.id, { status: "failed", failure: { gatewayCode, message } }, now);
    return {
      paymentId: payment.id,
      status: "failed",
      nextAction: { type: "none" },
      failureReason: message,
      ...withReasonCode(gateway.id, gatewayCode),
    };
  }
}

function withReasonCode(gateway: string, gatewayCode: string): { failureReasonCode?: BuyerReason } {
  const code = buyerReason(gateway, gatewayCode);
  return code ? { failureReasonCode: code } : {};
}

/** The order's push attempt still waiting on a phone, if any: pending and inside its window. */
function openPushAttempt(db: Db | DbTx, orderId: string, now: Date) {
  return db.payment.findFirst({
    where: { orderId, gateway: { in: [...PUSH_GATEWAY_IDS] }, status: "pending", expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
    select: { id: true, gateway: true, expiresAt: true },
  });
}

/**
 * A push attempt, unless the order already has a prompt open on some phone: the buyer who starts again
 * while the first prompt still rings (or eight tabs at once) would be charged once per phone that approves.
 * An open prompt is a pending push attempt inside its window. The gateway is asked about it first: a prompt
 * that closed on the phone without a word reaching us (timed out, callback lost) is settled by that answer,
 * so the buyer's "send a new prompt" is not refused for the rest of a window nobody can see. Starts on one
 * order queue on an advisory lock, so the check and the insert are one step even under concurrent requests.
 */
async function createPushAttempt(db: Db, data: Prisma.PaymentUncheckedCreateInput, env: PaymentsEnv, now: Date) {
  const earlier = await openPushAttempt(db, data.orderId, now);
  if (earlier) await syncPayment(db, earlier.id, env, { now });
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS "locked" FROM pg_advisory_xact_lock(hashtext(${`push-prompt:${data.orderId}`}))`;
    const open = await openPushAttempt(tx, data.orderId, now);
    if (open) {
      throw new AppError(
        "payment_in_progress",
        "A payment prompt for this order is already waiting on a phone. Approve it there, or try again once it has expired.",
        undefined,
        { paymentId: open.id, gateway: open.gateway, expiresAt: open.expiresAt.toISOString() },
      );
    }
    return tx.payment.create({ data });
  });
}
