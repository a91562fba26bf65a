import "server-only";
import type { Db } from "../db/client";
import { newRowId, sqlOf, type Statement } from "../db/sql";
import { AppError, invalid } from "../errors";
import { releaseHold } from "../orders/holds";
import { normalizePhone } from "../orders/phone";
import { readEnv } from "../env";
import { holdLimits } from "../orders/order-limits";
import { admitToOrder, missBucket, normalizeReference, orderNotFound, type OrderCaller } from "../orders/order-access";
import { isOrderReference } from "../orders/reference";
import { DIRECT_CLIENT } from "../http/client-ip";
import { enforceAll } from "../rate-limit";
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
  /**
   * Who asks, for a public request (orderCaller): a start names an order by its reference, so a miss counts
   * against the caller as a lookup's does, and a client may start only so many attempts, whichever orders
   * and phones they name. Absent for the box office (a signed-in cashier).
   */
  caller?: OrderCaller;
}

/**
 * Each attempt can make a phone ring, and the phone is whatever the caller types: without a cap per caller
 * a script could prompt any number of strangers (who might even approve). Per client only where its address
 * is known (TRUST_PROXY): one bucket for every unknown client would stop a whole on-sale's payments, as it
 * would its orders (ORDER_RATE_LIMIT_PER_IP). The cap follows the per-address order limits
 * (paymentStartsPerClient), so an operator whose buyers share addresses (mobile carriers' NAT) raises those
 * and this follows; both 0 means no cap here either. A phone gets a few prompts a day at most.
 */
export const PAYMENT_START_LIMITS = {
  attemptsPerOrder: 2,
  clientWindowMs: 10 * 60_000,
  perPhoneDay: { limit: 15, windowMs: 24 * 60 * 60_000 },
};

/**
 * How many attempts a client of known address may start in PAYMENT_START_LIMITS.clientWindowMs: a couple for
 * each order it may place in that window (ORDER_RATE_LIMIT_PER_IP) or hold (UNPAID_HOLDS_PER_IP), whichever
 * allows more, so a client is never refused a payment for an order it was allowed to place.
 */
export const paymentStartsPerClient = (env: Record<string, string | undefined> = process.env) =>
  Math.max(holdLimits(env).perClient, readEnv(env).ORDER_RATE_LIMIT_PER_IP) * PAYMENT_START_LIMITS.attemptsPerOrder;

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
  const reference = normalizeReference(input.reference);
  const misses = input.caller ? missBucket(input.caller) : null;
  const order = isOrderReference(reference) ? await payableOrder(db, reference, now, misses) : null;
  // Otherwise this would be an oracle for guessing references that the lookup's miss limit does not see.
  if (input.caller)
    await admitToOrder(db, order, input.caller, now, order ? { missesOver: order.missesOver } : undefined);
  if (!order) throw orderNotFound();
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

  const perClient = paymentStartsPerClient();
  await enforceAll(
    db,
    [
      {
        key: `pay:order:${order.id}`,
        limit: 8,
        windowMs: 10 * 60_000,
        message: "Too many payment attempts for this order. Please wait a few minutes and try again.",
      },
      ...(phone
        ? [
            {
              key: `pay:phone:${phone}`,
              limit: 4,
              windowMs: 2 * 60_000,
              message: "Too many payment prompts to this phone. Please wait two minutes and try again.",
            },
            {
              key: `pay:phone-day:${phone}`,
              ...PAYMENT_START_LIMITS.perPhoneDay,
              message:
                "This phone has had as many payment prompts as one phone may get in a day. Please pay another way.",
            },
          ]
        : []),
      ...(input.caller && input.caller.client !== DIRECT_CLIENT && perClient > 0
        ? [
            {
              key: `pay:client:${input.caller.client}`,
              limit: perClient,
              windowMs: PAYMENT_START_LIMITS.clientWindowMs,
              message: "Too many payment attempts from here. Please wait a few minutes and try again.",
            },
          ]
        : []),
    ],
    now,
  );
  // Paying at the desk keeps the seats for the event's offline-payment window (never past its start).
  if (gateway.inPerson) order.expiresAt = await gateway.inPerson.holdOrder(db, order.id, now);

  const attempt: NewAttempt = {
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
      ? await createPushAttempt(db, attempt, order.openPushId, env, now)
      : await insertAttempt(db, attempt, now);

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
    await sqlOf(db).query(
      `UPDATE "Payment" SET "gatewayReference" = $2, "nextAction" = $3::jsonb,
         "expiresAt" = coalesce($4::timestamp, "expiresAt"), "updatedAt" = $5::timestamp
       WHERE "id" = $1`,
      [
        payment.id,
        started.gatewayReference || null,
        JSON.stringify(started.nextAction),
        // The attempt is open exactly as long as the buyer's countdown says: "send a new prompt" is refused
        // while the phone still rings, and allowed the moment it stops.
        started.nextAction.type === "await_customer" ? new Date(started.nextAction.expiresAt).toISOString() : null,
        new Date().toISOString(),
      ],
    );
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

function unreachable(what: string): never {
  throw new Error(`Unexpected: ${what}`);
}

interface NewAttempt {
  orderId: string;
  gateway: string;
  method: string | null;
  amountMinor: number;
  currency: string;
  phone: string | null;
  expiresAt: Date;
}

interface PayableOrder {
  id: string;
  reference: string;
  /** Compared (constant-time) with the caller's token by admitToOrder; never sent anywhere. */
  accessToken: string;
  status: string;
  totalMinor: number;
  currency: string;
  buyerName: string;
  buyerEmail: string;
  buyerPhone: string;
  expiresAt: Date;
  event: { name: string; country: string; startsAt: Date };
  /** The order's push attempt still waiting on a phone, if any (see createPushAttempt). */
  openPushId: string | null;
  /** Whether the caller is over the lookup-miss limit (read with the order: no round trip of its own). */
  missesOver: boolean;
}

/** Which of an order's attempts is a prompt still open on a phone: a pending push attempt inside its window. */
const openPush = (orderId: string) =>
  `p."orderId" = ${orderId} AND p."gateway" = ANY($2::text[]) AND p."status" = 'pending' AND p."expiresAt" > $3::timestamp`;

/**
 * The order, its event and its open prompt in one round trip, on the driver: every buyer of an on-sale rush
 * starts a payment within a minute of ordering.
 */
async function payableOrder(
  db: Db,
  reference: string,
  now: Date,
  misses: { key: string; limit: number } | null,
): Promise<PayableOrder | null> {
  const { rows } = await sqlOf(db).query<
    Omit<PayableOrder, "expiresAt" | "event"> & {
      expiresMs: number;
      eventName: string;
      country: string;
      startsMs: number;
    }
  >(
    `SELECT o."id", o."reference", o."accessToken", o."status", o."totalMinor", o."currency", o."buyerName", o."buyerEmail", o."buyerPhone",
       round(extract(epoch FROM o."expiresAt") * 1000)::float8 AS "expiresMs",
       e."name" AS "eventName", e."country", round(extract(epoch FROM e."startsAt") * 1000)::float8 AS "startsMs",
       (SELECT p."id" FROM "Payment" p WHERE ${openPush(`o."id"`)}
         ORDER BY p."createdAt" DESC LIMIT 1) AS "openPushId",
       EXISTS (SELECT 1 FROM "RateLimit" r WHERE r."key" = $4 AND r."resetAt" > $3::timestamp AND r."count" > $5::int) AS "missesOver"
     FROM "Order" o JOIN "Event" e ON e."id" = o."eventId" WHERE o."reference" = $1`,
    [reference, PUSH_GATEWAY_IDS, now.toISOString(), misses?.key ?? null, misses?.limit ?? 0],
  );
  const row = rows[0];
  if (!row) return null;
  const { expiresMs, eventName, country, startsMs, ...order } = row;
  return {
    ...order,
    expiresAt: new Date(expiresMs),
    event: { name: eventName, country, startsAt: new Date(startsMs) },
  };
}

/**
 * Inserts the attempt; with `unlessOpenPush`, only if the order has no prompt open on a phone (else no row).
 * Created is when it really happened, even when `now` is given (attempts are listed by it).
 */
/** The insert of a payment attempt, with the id it will have; `unlessOpenPush`: not if a prompt is open. */
function attemptInsert(a: NewAttempt, now: Date, unlessOpenPush = false): { id: string; insert: Statement } {
  const id = newRowId();
  return {
    id,
    insert: {
      text: `INSERT INTO "Payment" ("id", "orderId", "gateway", "method", "amountMinor", "currency", "phone", "expiresAt", "createdAt", "updatedAt")
     SELECT $4, $1, $5, $6, $7, $8, $9, $10::timestamp, $11::timestamp, $11::timestamp
     WHERE NOT $12::boolean OR NOT EXISTS (SELECT 1 FROM "Payment" p WHERE ${openPush("$1")})`,
      params: [
        a.orderId,
        PUSH_GATEWAY_IDS,
        now.toISOString(),
        id,
        a.gateway,
        a.method,
        a.amountMinor,
        a.currency,
        a.phone,
        a.expiresAt.toISOString(),
        new Date().toISOString(),
        unlessOpenPush,
      ],
    },
  };
}

async function insertAttempt(db: Db, a: NewAttempt, now: Date): Promise<{ id: string }> {
  const { id, insert } = attemptInsert(a, now);
  const { rowCount } = await sqlOf(db).query(insert.text, insert.params);
  return rowCount === 1 ? { id } : unreachable("the attempt was not inserted");
}

/**
 * A push attempt, unless the order already has a prompt open on some phone: the buyer who starts again
 * while the first prompt still rings (or eight tabs at once) would be charged once per phone that approves.
 * The gateway is asked about an open prompt first: a prompt that closed on the phone without a word reaching
 * us (timed out, callback lost) is settled by that answer, so the buyer's "send a new prompt" is not refused
 * for the rest of a window nobody can see. Starts on one order queue on an advisory lock taken in a statement
 * of its own, so the insert's check sees every attempt committed before it: the check and the insert are one
 * step even under concurrent requests.
 */
async function createPushAttempt(db: Db, attempt: NewAttempt, openPushId: string | null, env: PaymentsEnv, now: Date) {
  if (openPushId) await syncPayment(db, openPushId, env, { now });
  const sql = sqlOf(db);
  const { id, insert } = attemptInsert(attempt, now, true);
  // BEGIN, the lock, the insert and COMMIT travel together: one round trip on PostgreSQL.
  const [, inserted] = await sql.transaction((tx) =>
    tx.commitWith([
      { text: `SELECT pg_advisory_xact_lock(hashtext($1))`, params: [`push-prompt:${attempt.orderId}`] },
      insert,
    ]),
  );
  if (inserted === 1) return { id };
  const { rows } = await sql.query<{ id: string; gateway: string; expiresMs: number }>(
    `SELECT p."id", p."gateway", round(extract(epoch FROM p."expiresAt") * 1000)::float8 AS "expiresMs"
     FROM "Payment" p WHERE ${openPush("$1")} ORDER BY p."createdAt" DESC LIMIT 1`,
    [attempt.orderId, PUSH_GATEWAY_IDS, now.toISOString()],
  );
  const open = rows[0];
  throw new AppError(
    "payment_in_progress",
    "A payment prompt for this order is already waiting on a phone. Approve it there, or try again once it has expired.",
    undefined,
    open && { paymentId: open.id, gateway: open.gateway, expiresAt: new Date(open.expiresMs).toISOString() },
  );
}
