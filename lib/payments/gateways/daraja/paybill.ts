import "server-only";
import type { Db } from "../../../db/handle";
import { isUniqueViolation } from "../../../db/errors";
import { formatMoney } from "../../../money";
import { isOrderReference } from "../../../orders/reference";
import { applyPaymentResult } from "../../apply-result";
import { gatewayContext } from "../../context";
import { gatewayById } from "../../registry";
import { applyConfirmedResult, syncPayment } from "../../sync-payment";
import { appliedVerdict } from "../../verdicts";
import type {
  CallbackLogEntry,
  CallbackVerdict,
  NotificationAck,
  PaymentFailure,
  PaymentsEnv,
  UnpromptedNotification,
} from "../../types";
import {
  checkStatusResultUrl,
  confirmationAck,
  isPaybillReference,
  paybillReference,
  parseC2bBody,
  parseStatusResult,
  registerC2bUrls,
  statusResultPaymentId,
  validationAck,
  type C2bPayment,
  type StatusResultClaim,
  type ValidationVerdict,
} from "./c2b";
import type { DarajaConfig } from "./config";

/**
 * M-Pesa paybill (C2B) on Lango's side: the buyer pays the paybill with the order reference as the account
 * number. Validation accepts only a pending order's reference with its exact amount. A confirmation is a
 * claim like any other notification: it records a `daraja` payment (method `paybill`, reference
 * `c2b:<TransID>`, so 20 copies make one payment) and asks Safaricom's Transaction Status API about the
 * TransID. The order settles when that answer (posted to a ResultURL with a proof only we can compute)
 * confirms the receipt, the amount and our paybill.
 */

/** The money is already with Safaricom: nothing for the buyer to do but wait for the check. */
const CONFIRM_WINDOW_MS = 24 * 60 * 60_000;
/** A status answer that never came is asked for again after this (reconciler). */
export const PAYBILL_REASK_AFTER_MS = 2 * 60_000;

/**
 * Transaction Status result codes that mean "no such transaction" [?]: gateways.md gives none for this API,
 * so the reversal API's "invalid original transaction" is taken as Safaricom's wording for it.
 */
const UNKNOWN_TRANSACTION_CODES = new Set(["R000002", "2032"]);

const DUPLICATE_OF = (other: string): PaymentFailure => ({
  gatewayCode: "duplicate_receipt",
  message: `This M-Pesa payment was already counted (payment ${other}); it is not counted twice.`,
});

type LogEntry = CallbackLogEntry;
type Io = UnpromptedNotification<DarajaConfig>;

export async function handlePaybillNotification(io: Io): Promise<{ ack: NotificationAck } & CallbackVerdict> {
  const { config } = io;
  switch (io.req.kind) {
    case "c2b-validation":
      return validate(io, config);
    case "c2b-confirmation":
      return confirm(io, config);
    default:
      return statusResult(io, config);
  }
}

async function payableOrder(db: Db, account: string) {
  if (!isOrderReference(account)) return null;
  return db.order.findUnique({
    where: { reference: account },
    select: {
      id: true,
      reference: true,
      status: true,
      holdReleasedAt: true,
      expiresAt: true,
      totalMinor: true,
      currency: true,
    },
  });
}

async function validate(io: Io, config: DarajaConfig) {
  const c2b = parseC2bBody(io.req.rawBody);
  // Safaricom's refusal code leads the detail: it is what the payer's phone was told.
  const answer = async (verdict: ValidationVerdict, detail: string) => {
    const outcome = verdict === "accept" ? "accepted" : "refused";
    const logged = verdict === "accept" ? detail : `${verdict}: ${detail}`;
    await io.log({ outcome, detail: logged, verified: true });
    return { ack: validationAck(verdict), outcome, detail: logged } as const;
  };
  if (!c2b) return answer("C2B00016", "not a C2B validation body");
  if (c2b.shortCode !== config.c2bShortcode) return answer("C2B00015", `paybill ${c2b.shortCode} is not ours`);
  const order = await payableOrder(io.db, c2b.account);
  const now = new Date();
  if (
    !order ||
    order.status !== "pending" ||
    order.holdReleasedAt ||
    order.expiresAt <= now ||
    order.currency !== "KES"
  ) {
    return answer("C2B00012", `account "${c2b.account}" is not an order awaiting payment`);
  }
  if (!c2b.amount || c2b.amount.amountMinor !== order.totalMinor) {
    return answer(
      "C2B00013",
      `${c2b.amount ? formatMoney(c2b.amount.amountMinor, "KES") : "a non-whole amount"} for ${order.reference}, due ${formatMoney(order.totalMinor, order.currency)}`,
    );
  }
  return answer("accept", `${c2b.transId} for order ${order.reference}`);
}

async function confirm(io: Io, config: DarajaConfig) {
  const { db } = io;
  const done = async (entry: LogEntry) => {
    await io.log(entry);
    return { ack: confirmationAck(), outcome: entry.outcome, detail: entry.detail };
  };
  // Safaricom is always told "Success": the money has moved whatever we think of it, and a refusal here
  // would neither return it nor be retried. What we did with it is in the callback log.
  const c2b = parseC2bBody(io.req.rawBody);
  if (!c2b || !c2b.transId) return done({ outcome: "ignored", detail: "not a C2B confirmation body", verified: true });
  if (c2b.shortCode !== config.c2bShortcode)
    return done({ outcome: "ignored", detail: `paybill ${c2b.shortCode} is not ours`, verified: true });

  const counted = await db.payment.findFirst({
    where: { gateway: "daraja", gatewayReceipt: c2b.transId },
    select: { id: true },
  });
  if (counted)
    return done({
      outcome: "duplicate",
      detail: `receipt ${c2b.transId} already counted on payment ${counted.id}`,
      verified: true,
      paymentId: counted.id,
      duplicate: true,
    });

  const order = await payableOrder(db, c2b.account);
  if (!order || order.currency !== "KES") {
    return done({
      outcome: "unmatched",
      detail: `no KES order "${c2b.account}" for ${c2b.transId}; refund it from the M-Pesa portal`,
      verified: true,
    });
  }

  const now = new Date();
  const payment = await createPaybillPayment(db, order, c2b, now);
  if (!payment.created) {
    return done({
      outcome: "duplicate",
      detail: "already handled",
      verified: true,
      paymentId: payment.id,
      duplicate: true,
    });
  }

  let entry;
  try {
    entry = await io.log({
      outcome: "received",
      verified: true,
      dedupeKey: `daraja:c2b:${c2b.transId}`,
      paymentId: payment.id,
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return done({
      outcome: "duplicate",
      detail: "already handled",
      verified: true,
      paymentId: payment.id,
      duplicate: true,
    });
  }
  const asked = await askSafaricom(db, payment.id, io.env);
  await db.callbackLog.update({
    where: { id: entry.id },
    data: { outcome: asked.outcome, detail: asked.detail ?? null },
  });
  return { ack: confirmationAck(), ...asked };
}

/** One payment per TransID: the unique (gateway, gatewayReference) makes concurrent copies meet here. */
async function createPaybillPayment(
  db: Db,
  order: { id: string; reference: string; totalMinor: number; currency: string },
  c2b: C2bPayment,
  now: Date,
) {
  const reference = paybillReference(c2b.transId);
  try {
    const expiresAt = new Date(now.getTime() + CONFIRM_WINDOW_MS);
    const p = await db.payment.create({
      data: {
        orderId: order.id,
        gateway: "daraja",
        method: "paybill",
        // The amount due: what M-Pesa says was paid is checked against it when Safaricom confirms.
        amountMinor: order.totalMinor,
        currency: order.currency,
        phone: c2b.phoneE164 ?? null,
        gatewayReference: reference,
        expiresAt,
        nextAction: {
          type: "await_customer",
          message: `We have your M-Pesa payment ${c2b.transId} and are confirming it with Safaricom.`,
          pollAfterMs: 2_000,
          expiresAt: expiresAt.toISOString(),
        },
        metadata: {
          paybill: {
            transId: c2b.transId,
            transTime: c2b.transTime ?? null,
            account: c2b.account,
            claimedMinor: c2b.amount?.amountMinor ?? null,
            payer: c2b.firstName ?? null,
          },
        },
      },
      select: { id: true },
    });
    return { id: p.id, created: true };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const existing = await db.payment.findUniqueOrThrow({
      where: { gateway_gatewayReference: { gateway: "daraja", gatewayReference: reference } },
      select: { id: true },
    });
    return { id: existing.id, created: false };
  }
}

/** Sends the Transaction Status request (through getStatus, so every path asks the same way). */
async function askSafaricom(db: Db, paymentId: string, env: PaymentsEnv): Promise<CallbackVerdict> {
  const r = await syncPayment(db, paymentId, env);
  if (!r.changed && r.reason === "gateway_error")
    return { outcome: "unconfirmed", detail: `could not ask Safaricom (${r.error}); the reconciler asks again` };
  return { outcome: "awaiting", detail: "Safaricom's Transaction Status answer" };
}

async function statusResult(io: Io, config: DarajaConfig) {
  const { db, req } = io;
  const done = async (ack: NotificationAck, entry: LogEntry) => {
    await io.log(entry);
    return { ack, outcome: entry.outcome, detail: entry.detail };
  };
  const accepted = confirmationAck();
  const result = parseStatusResult(req.rawBody);
  if (!result) return done(accepted, { outcome: "ignored", detail: "not a Transaction Status Result", verified: true });

  const paymentId = statusResultPaymentId(req.query);
  const payment = paymentId
    ? await db.payment.findUnique({
        where: { id: paymentId },
        select: {
          id: true,
          status: true,
          failureCode: true,
          orderId: true,
          amountMinor: true,
          gateway: true,
          gatewayReference: true,
        },
      })
    : null;
  if (
    !payment ||
    payment.gateway !== "daraja" ||
    !payment.gatewayReference ||
    !isPaybillReference(payment.gatewayReference)
  ) {
    return done(io.rejectedAck, { outcome: "rejected", detail: "no such paybill payment", verified: false });
  }
  const transId = payment.gatewayReference.slice("c2b:".length);
  if (!checkStatusResultUrl(req.query, config, transId)) {
    return done(io.rejectedAck, {
      outcome: "rejected",
      detail: "status result proof invalid",
      verified: false,
      paymentId: payment.id,
    });
  }

  let entry;
  try {
    entry = await io.log({
      outcome: "received",
      verified: true,
      dedupeKey: `daraja:status-result:${result.conversationId}`,
      paymentId: payment.id,
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return done(accepted, {
      outcome: "duplicate",
      detail: "already handled",
      verified: true,
      paymentId: payment.id,
      duplicate: true,
    });
  }
  // Money confirmed for an attempt written off meanwhile (the order cancelled while Safaricom was being
  // asked) still counts, and goes the late-payment way; a copy already counted elsewhere never does.
  const open =
    payment.status === "pending" ||
    ((payment.status === "cancelled" || payment.status === "expired") && payment.failureCode !== "duplicate_receipt");
  const verdict: CallbackVerdict = open
    ? await settlePaybill(db, io.env, config, payment, transId, result)
    : { outcome: "no_change", detail: `payment already ${payment.status}` };
  await db.callbackLog.update({
    where: { id: entry.id },
    data: { outcome: verdict.outcome, detail: verdict.detail ?? null },
  });
  return { ack: accepted, ...verdict };
}

async function settlePaybill(
  db: Db,
  env: PaymentsEnv,
  config: DarajaConfig,
  payment: { id: string; orderId: string; amountMinor: number },
  transId: string,
  result: StatusResultClaim,
): Promise<CallbackVerdict> {
  if (!result.completed) {
    if (UNKNOWN_TRANSACTION_CODES.has(result.resultCode)) {
      const failure = {
        gatewayCode: result.resultCode,
        message: `M-Pesa has no paybill payment ${transId}: nothing was paid through it.`,
      };
      await applyPaymentResult(db, payment.id, { status: "failed", failure });
      return {
        outcome: "refused",
        detail: `Safaricom knows no transaction ${transId} (${result.resultCode}); payment failed, order unchanged`,
      };
    }
    // Our credentials, Safaricom's load: not an answer about the money. Asked again later.
    return {
      outcome: "unconfirmed",
      detail: `Transaction Status answered ${result.resultCode}${result.resultDesc ? ` ${result.resultDesc}` : ""}; asked again later`,
    };
  }
  if (
    result.receipt !== transId ||
    (result.creditShortCode && result.creditShortCode !== config.c2bShortcode) ||
    !result.amount
  ) {
    const failure = {
      gatewayCode: "status_mismatch",
      message: "M-Pesa's record of this payment does not match it. The organiser will check it.",
    };
    await applyPaymentResult(db, payment.id, { status: "failed", failure });
    return {
      outcome: "refused",
      detail: `Transaction Status describes receipt ${result.receipt ?? "?"} to ${result.creditShortCode ?? "?"}, not ${transId} to ${config.c2bShortcode}`,
    };
  }

  // The same money can arrive as an STK callback and as a C2B confirmation (gateways.md §1 Gotchas).
  const counted = await db.payment.findFirst({
    where: { gateway: "daraja", gatewayReceipt: transId, id: { not: payment.id } },
    select: { id: true },
  });
  if (counted) return duplicateOf(db, payment.id, counted.id);
  const prompts = await db.payment.findMany({
    where: {
      orderId: payment.orderId,
      gateway: "daraja",
      status: "pending",
      id: { not: payment.id },
      amountMinor: payment.amountMinor,
      NOT: { gatewayReference: { startsWith: "c2b:" } },
    },
    select: { id: true },
  });
  for (const p of prompts) {
    // An STK prompt on this order for this amount that M-Pesa now calls paid is this very transaction:
    // it takes the receipt, and the paybill record stands down.
    const r = await syncPayment(db, p.id, env, { hint: { receipt: transId } }).catch(() => null);
    if (r?.changed && r.status === "succeeded") return duplicateOf(db, payment.id, p.id);
  }

  try {
    const applied = await applyConfirmedResult(
      db,
      payment.id,
      { status: "succeeded", paid: result.amount, receipt: transId },
      env,
    );
    if (!applied.changed) return { outcome: "no_change", detail: "payment already settled" };
    // The STK callback for the same money settled the order while this answer was on its way: applying it
    // found the receipt already counted on this order and stood the paybill record down.
    if (applied.status === "cancelled")
      return { outcome: "duplicate", detail: `receipt ${transId} was already counted on this order's STK payment` };
    return appliedVerdict(applied);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const other = await db.payment.findFirst({
      where: { gateway: "daraja", gatewayReceipt: transId },
      select: { id: true },
    });
    return duplicateOf(db, payment.id, other?.id ?? "?");
  }
}

async function duplicateOf(db: Db, paymentId: string, otherId: string): Promise<CallbackVerdict> {
  await applyPaymentResult(db, paymentId, { status: "cancelled", failure: DUPLICATE_OF(otherId) });
  return { outcome: "duplicate", detail: `the same M-Pesa transaction was already counted on payment ${otherId}` };
}

/**
 * Asks again about paybill payments whose Transaction Status answer never came (a lost result), every
 * couple of minutes until it does. Called by the reconciler.
 */
export async function reaskPaybillPayments(db: Db, env: PaymentsEnv, now = new Date(), limit = 50): Promise<number> {
  const due = await db.payment.findMany({
    where: {
      gateway: "daraja",
      status: "pending",
      gatewayReference: { startsWith: "c2b:" },
      createdAt: { lt: new Date(now.getTime() - PAYBILL_REASK_AFTER_MS) },
      OR: [{ lastQueriedAt: null }, { lastQueriedAt: { lt: new Date(now.getTime() - PAYBILL_REASK_AFTER_MS) } }],
    },
    take: limit,
    select: { id: true },
  });
  for (const { id } of due) await syncPayment(db, id, env, { now }).catch(() => null);
  return due.length;
}

/** One registration in flight per target, shared by concurrent page renders. */
const registering = new Map<string, Promise<boolean>>();

/**
 * In simulator mode the app registers its paybill URLs itself whenever it shows the paybill box (the
 * sandbox, like the simulator, lets a registration be overwritten, and a simulator reset forgets it). In
 * live mode registration is a deliberate step (scripts/daraja-register-c2b.ts), because production
 * refuses a second one.
 */
export async function ensurePaybillRegistered(db: Db, env: PaymentsEnv): Promise<boolean> {
  if (env.mode !== "simulator") return true;
  const { config } = gatewayById("daraja", env) as { config: DarajaConfig };
  if (!config.c2bShortcode) return false;
  const key = `${config.baseUrl}|${config.appUrl}`;
  let running = registering.get(key);
  if (!running) {
    running = registerC2bUrls(gatewayContext(db, config))
      .then(
        () => true,
        (err) => {
          console.warn(JSON.stringify({ level: "warn", msg: "paybill URL registration failed", err: String(err) }));
          return false;
        },
      )
      .finally(() => registering.delete(key));
    registering.set(key, running);
  }
  return running;
}

/**
 * What the order page needs for the paybill box: the business number when M-Pesa paybill can take this
 * order (KES, Daraja enabled, a paybill configured and its URLs registered), and which of the order's
 * payments are paybill payments (waited on without a prompt).
 */
export async function paybillForOrder(
  db: Db,
  env: PaymentsEnv,
  order: { reference: string; currency: string; country: string },
): Promise<{ businessNumber: string | null; paymentIds: Set<string> }> {
  const payments = await db.payment.findMany({
    where: { order: { reference: order.reference }, gateway: "daraja", method: "paybill" },
    select: { id: true },
  });
  const paymentIds = new Set(payments.map((p) => p.id));
  let config: DarajaConfig;
  try {
    config = gatewayById("daraja", env).config as DarajaConfig;
  } catch {
    return { businessNumber: null, paymentIds };
  }
  const usable =
    order.currency === "KES" &&
    order.country.toUpperCase() === "KE" &&
    config.c2bShortcode &&
    config.initiatorName &&
    config.securityCredential;
  if (!usable || !(await ensurePaybillRegistered(db, env))) return { businessNumber: null, paymentIds };
  return { businessNumber: config.c2bShortcode ?? null, paymentIds };
}
