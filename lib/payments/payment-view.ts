import "server-only";
import type { Db } from "../db/client";
import { sqlOf } from "../db/sql";
import { notFound } from "../errors";
import { buyerReason, type BuyerReason } from "./buyer-reason";
import type { NextAction, PaymentStatus } from "./types";

export interface PaymentView {
  paymentId: string;
  gateway: string;
  status: PaymentStatus;
  amount: number;
  currency: string;
  orderReference: string;
  orderStatus: string;
  failureReason?: string;
  /** The stable code of `failureReason` (lib/payments/buyer-reason.ts), for saying it in the buyer's language. */
  failureReasonCode?: BuyerReason;
  receipt?: string;
  nextAction?: NextAction;
  expiresAt: string;
  createdAt: string;
}

interface PolledPayment {
  id: string;
  gateway: string;
  status: PaymentStatus;
  amountMinor: number;
  currency: string;
  failureReason: string | null;
  failureCode: string | null;
  gatewayReceipt: string | null;
  nextAction: NextAction | null;
  expiresMs: number;
  createdMs: number;
  orderReference: string;
  orderStatus: string;
}

/** Whether a string can be a payment id at all (checked before it goes near the database). */
export const isPaymentId = (id: string) => /^[a-z0-9]{20,40}$/i.test(id);

/** A poll this long after the start of a still-pending payment asks the gateway (a lost callback?). */
export const QUERY_AFTER_MS = 20_000;
/** …and then at most this often per payment, however many browsers poll. */
export const QUERY_EVERY_MS = 10_000;
const CHECK_NOW_EVERY_MS = 3_000;

/**
 * What the buyer's browser polls. Returns whether a status query is due; the caller runs it after
 * answering, so a slow gateway never slows the poll.
 */
export async function getPaymentView(
  db: Db,
  paymentId: string,
  opts: { checkNow?: boolean; now?: Date } = {},
): Promise<{ view: PaymentView; queryDue: boolean }> {
  const now = opts.now ?? new Date();
  if (!isPaymentId(paymentId)) throw notFound("payment_not_found", "There is no such payment.");
  // The busiest read of the app (every buyer's browser polls it): one plain query, joined, on the
  // driver itself rather than through the ORM (a few times slower per poll).
  const sql = sqlOf(db);
  const {
    rows: [p],
  } = await sql.query<PolledPayment>(
    `SELECT p."id", p."gateway", p."status"::text AS "status", p."amountMinor", p."currency", p."failureReason", p."failureCode", p."gatewayReceipt",
            p."nextAction", round(extract(epoch FROM p."expiresAt") * 1000)::float8 AS "expiresMs", round(extract(epoch FROM p."createdAt") * 1000)::float8 AS "createdMs",
            o."reference" AS "orderReference", o."status"::text AS "orderStatus"
     FROM "Payment" p JOIN "Order" o ON o."id" = p."orderId"
     WHERE p."id" = $1`,
    [paymentId],
  );
  if (!p) throw notFound("payment_not_found", "There is no such payment.");
  let queryDue = false;
  const reasonCode = p.failureReason ? buyerReason(p.gateway, p.failureCode) : null;
  // "I have paid — check again" asks at once (still at most every few seconds); a plain poll waits a while.
  const minAge = opts.checkNow ? 0 : QUERY_AFTER_MS;
  const every = opts.checkNow ? CHECK_NOW_EVERY_MS : QUERY_EVERY_MS;
  if (p.status === "pending" && now.getTime() - p.createdMs >= minAge) {
    // Claim the query slot with a conditional update, so concurrent polls trigger one query.
    const claimed = await sql.query(
      `UPDATE "Payment" SET "lastQueriedAt" = $2::timestamp, "updatedAt" = $2::timestamp
       WHERE "id" = $1 AND "status" = 'pending' AND ("lastQueriedAt" IS NULL OR "lastQueriedAt" < $3::timestamp)`,
      [p.id, now.toISOString(), new Date(now.getTime() - every).toISOString()],
    );
    queryDue = claimed.rowCount === 1;
  }
  return {
    queryDue,
    view: {
      paymentId: p.id,
      gateway: p.gateway,
      status: p.status,
      amount: p.amountMinor,
      currency: p.currency,
      orderReference: p.orderReference,
      orderStatus: p.orderStatus,
      ...(p.failureReason && { failureReason: p.failureReason }),
      ...(reasonCode && { failureReasonCode: reasonCode }),
      ...(p.gatewayReceipt && { receipt: p.gatewayReceipt }),
      ...(p.status === "pending" && p.nextAction ? { nextAction: p.nextAction as NextAction } : {}),
      expiresAt: new Date(p.expiresMs).toISOString(),
      createdAt: new Date(p.createdMs).toISOString(),
    },
  };
}
