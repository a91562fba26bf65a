import "server-only";
import type { Db } from "../db/client";
import type { CallbackOutcome } from "../db/generated/client";
import { describeCode, explainCall, NOT_A_BUYER_FAILURE, type CallEffect } from "../payments/code-words";
import { enabledGateways, isGatewayId, type PaymentsEnv } from "../payments/registry";
import { GATEWAY_IDS } from "../payments/types";

/**
 * How each gateway is behaving, from what Lango itself saw: the calls it made (GatewayCall), the
 * notifications it received (CallbackLog) and how the payment attempts ended (Payment).
 */

export const HEALTH_WINDOWS = { "24h": 24, "7d": 7 * 24 } as const;
export type HealthWindow = keyof typeof HEALTH_WINDOWS;

export interface GatewayErrorGroup {
  operation: string;
  /** The gateway's own code (ResultCode, DPO Result…), when the response had one. */
  resultCode: string | null;
  httpStatus: number | null;
  count: number;
  lastAt: Date;
  /** What the code means and whether it cost a buyer anything (an expired token is retried, for one). */
  effect: CallEffect;
  meaning: string;
}

export interface GatewayHealth {
  gateway: string;
  /**
   * Buyers, counted once per order that tried this gateway: one who declined a prompt and then paid on the
   * next is a buyer who paid. This is the headline: it is what buyers experienced.
   */
  buyers: {
    orders: number;
    paid: number;
    /** Every attempt ended without money (declined, timed out, wrong PIN…) and none is still open. */
    notPaid: number;
    waiting: number;
    /** Paid out of the orders whose attempts have all finished; null when none has. */
    successRate: number | null;
  };
  payments: {
    started: number;
    succeeded: number;
    /** Failed, cancelled or expired attempts (the payer declined, the prompt timed out…). */
    unsuccessful: number;
    pending: number;
    /**
     * Attempts that were never a buyer's failure, left out of the figures above: paybill copies of an M-Pesa
     * payment already counted (Safaricom confirms an STK payment to the paybill as well), and attempts
     * closed because the organiser cancelled the order.
     */
    notCounted: { copies: number; organiserCancelled: number };
    /** Succeeded out of the attempts that have finished; null when none has. */
    successRate: number | null;
    failuresByCode: { code: string; count: number; meaning: string }[];
  };
  calls: {
    count: number;
    /** Refused or unanswered calls, including those retried at once without a buyer noticing. */
    errors: number;
    /** Of the errors, those recovered by a retry (an expired access token). */
    retried: number;
    errorRate: number | null;
    p50Ms: number | null;
    p95Ms: number | null;
    errorsByCode: GatewayErrorGroup[];
  };
  callbacks: {
    count: number;
    unverified: number;
    duplicates: number;
    /** The most recent notification, however old. */
    last: {
      id: string;
      kind: string;
      receivedAt: Date;
      outcome: CallbackOutcome;
      detail: string | null;
      verified: boolean;
    } | null;
  };
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Health of every gateway that is registered or that shows up in the data, over the last `window`. */
export async function gatewayHealth(
  db: Db,
  opts: { window?: HealthWindow; now?: Date } = {},
): Promise<{ since: Date; gateways: GatewayHealth[] }> {
  const now = opts.now ?? new Date();
  const since = new Date(now.getTime() - HEALTH_WINDOWS[opts.window ?? "24h"] * 3_600_000);
  const inWindow = { gte: since, lte: now };

  const counted = { OR: [{ failureCode: null }, { failureCode: { notIn: [...NOT_A_BUYER_FAILURE] } }] };
  const [payments, uncounted, failures, buyers, latency, errors, callbacks] = await Promise.all([
    db.payment.groupBy({
      by: ["gateway", "status"],
      where: { createdAt: inWindow, ...counted },
      _count: { _all: true },
    }),
    db.payment.groupBy({
      by: ["gateway", "failureCode"],
      where: { createdAt: inWindow, failureCode: { in: [...NOT_A_BUYER_FAILURE] } },
      _count: { _all: true },
    }),
    db.payment.groupBy({
      by: ["gateway", "failureCode"],
      where: { createdAt: inWindow, status: { in: ["failed", "cancelled", "expired"] }, ...counted },
      _count: { _all: true },
    }),
    // Per order, then per gateway: did any attempt of this order on this gateway bring the money?
    db.$queryRaw<{ gateway: string; orders: number; paid: number; waiting: number }[]>`
      SELECT "gateway", COUNT(*)::int AS orders, COUNT(*) FILTER (WHERE paid)::int AS paid,
             COUNT(*) FILTER (WHERE NOT paid AND open)::int AS waiting
      FROM (
        SELECT "gateway", "orderId",
               bool_or("status" IN ('succeeded', 'refunded')) AS paid, bool_or("status" = 'pending') AS open
        FROM "Payment"
        WHERE "createdAt" >= ${since} AND "createdAt" <= ${now}
          AND ("failureCode" IS NULL OR "failureCode" <> ALL(${[...NOT_A_BUYER_FAILURE]}))
        GROUP BY "gateway", "orderId"
      ) AS per_order
      GROUP BY "gateway"`,
    db.$queryRaw<{ gateway: string; count: number; errors: number; p50: number | null; p95: number | null }[]>`
      SELECT "gateway", COUNT(*)::int AS count, COUNT(*) FILTER (WHERE NOT "ok")::int AS errors,
             percentile_disc(0.5) WITHIN GROUP (ORDER BY "durationMs") AS p50,
             percentile_disc(0.95) WITHIN GROUP (ORDER BY "durationMs") AS p95
      FROM "GatewayCall" WHERE "createdAt" >= ${since} AND "createdAt" <= ${now}
      GROUP BY "gateway"`,
    db.gatewayCall.groupBy({
      by: ["gateway", "operation", "resultCode", "httpStatus"],
      where: { createdAt: inWindow, ok: false },
      _count: { _all: true },
      _max: { createdAt: true },
    }),
    db.callbackLog.groupBy({
      by: ["gateway", "verified", "duplicate"],
      where: { receivedAt: inWindow },
      _count: { _all: true },
    }),
  ]);

  const seen = new Set<string>([
    ...GATEWAY_IDS.filter((id) => isGatewayId(id)),
    ...payments.map((p) => p.gateway),
    ...latency.map((l) => l.gateway),
    ...callbacks.map((c) => c.gateway),
  ]);
  const ids = [...seen].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const lasts = await Promise.all(
    ids.map((gateway) =>
      db.callbackLog.findFirst({
        where: { gateway },
        orderBy: { receivedAt: "desc" },
        select: { id: true, kind: true, receivedAt: true, outcome: true, detail: true, verified: true },
      }),
    ),
  );

  return {
    since,
    gateways: ids.map((gateway, i) => {
      const mine = payments.filter((p) => p.gateway === gateway);
      const count = (statuses: string[]) =>
        mine.filter((p) => statuses.includes(p.status)).reduce((n, p) => n + p._count._all, 0);
      // A payment refunded since still succeeded as far as the gateway's health goes.
      const succeeded = count(["succeeded", "refunded"]);
      const unsuccessful = count(["failed", "cancelled", "expired"]);
      const pending = count(["pending"]);
      const calls = latency.find((l) => l.gateway === gateway);
      const cb = callbacks.filter((c) => c.gateway === gateway);
      const notCounted = (code: string) =>
        uncounted.find((u) => u.gateway === gateway && u.failureCode === code)?._count._all ?? 0;
      const b = buyers.find((x) => x.gateway === gateway);
      const [orders, paid, waiting] = [b?.orders ?? 0, b?.paid ?? 0, b?.waiting ?? 0];
      const notPaid = orders - paid - waiting;
      const errorsByCode = errors
        .filter((e) => e.gateway === gateway)
        .map((e) => {
          const { effect, words } = explainCall({ ...e, ok: false });
          return {
            operation: e.operation,
            resultCode: e.resultCode,
            httpStatus: e.httpStatus,
            count: e._count._all,
            lastAt: e._max.createdAt!,
            effect,
            meaning: words,
          };
        })
        .sort((a, b) => b.count - a.count || b.lastAt.getTime() - a.lastAt.getTime());
      return {
        gateway,
        buyers: { orders, paid, notPaid, waiting, successRate: ratio(paid, paid + notPaid) },
        payments: {
          started: succeeded + unsuccessful + pending,
          succeeded,
          unsuccessful,
          pending,
          notCounted: { copies: notCounted("duplicate_receipt"), organiserCancelled: notCounted("order_cancelled") },
          successRate: ratio(succeeded, succeeded + unsuccessful),
          failuresByCode: failures
            .filter((f) => f.gateway === gateway)
            .map((f) => ({
              code: f.failureCode ?? "(none)",
              count: f._count._all,
              meaning: f.failureCode ? describeCode(gateway, f.failureCode) : "No reason recorded",
            }))
            .sort((a, b) => b.count - a.count),
        },
        calls: {
          count: calls?.count ?? 0,
          errors: calls?.errors ?? 0,
          retried: errorsByCode.filter((e) => e.effect === "retried").reduce((n, e) => n + e.count, 0),
          errorRate: ratio(calls?.errors ?? 0, calls?.count ?? 0),
          p50Ms: calls?.p50 ?? null,
          p95Ms: calls?.p95 ?? null,
          errorsByCode,
        },
        callbacks: {
          count: cb.reduce((n, c) => n + c._count._all, 0),
          unverified: cb.filter((c) => !c.verified).reduce((n, c) => n + c._count._all, 0),
          duplicates: cb.filter((c) => c.duplicate).reduce((n, c) => n + c._count._all, 0),
          last: lasts[i],
        },
      };
    }),
  };
}

/** Gateways in the contract's order, unknown ones last. */
function order(id: string): number {
  const i = (GATEWAY_IDS as readonly string[]).indexOf(id);
  return i === -1 ? GATEWAY_IDS.length : i;
}

export interface GatewayAvailability {
  gateway: string;
  displayName: string;
  flow: "push" | "redirect" | "desk";
  /** The events a buyer can pay with it now (it takes their currency there and is configured). */
  events: { id: string; name: string; currency: string }[];
}

/**
 * Which gateways buyers are offered, per event, as checkout would decide it now: in simulator mode
 * every registered gateway is; in live mode only those whose credentials are set.
 */
export async function gatewayAvailability(
  db: Db,
  env: PaymentsEnv,
): Promise<{ mode: PaymentsEnv["mode"]; gateways: GatewayAvailability[] }> {
  const events = await db.event.findMany({
    orderBy: { startsAt: "asc" },
    select: { id: true, name: true, currency: true, country: true },
  });
  const byId = new Map<string, GatewayAvailability>();
  for (const e of events) {
    for (const g of enabledGateways({ currency: e.currency, country: e.country }, env)) {
      const entry = byId.get(g.id) ?? { gateway: g.id, displayName: g.displayName, flow: g.flow, events: [] };
      entry.events.push({ id: e.id, name: e.name, currency: e.currency });
      byId.set(g.id, entry);
    }
  }
  return { mode: env.mode, gateways: [...byId.values()].sort((a, b) => order(a.gateway) - order(b.gateway)) };
}
