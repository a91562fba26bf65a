import "server-only";
import type { Db } from "../db/client";
import { releaseExpiredHolds } from "../orders/holds";
import { resendUnansweredRefunds } from "./refunds";
import { unpromptedGateways, type PaymentsEnv } from "./registry";
import { syncPayment } from "./sync-payment";

export interface ReconcileReport {
  checked: number;
  settled: number;
  errors: number;
  holdsReleased: number;
  /** Payments that arrived unprompted (paybill) whose confirmation is still out, asked about again. */
  unpromptedRechecked: number;
  /** Refunds whose request went unanswered, asked for again. */
  refundsResent: number;
}

/**
 * Settles payments whose callback never came: every payment still pending past its window is asked
 * about, then expired holds are given back; refund requests that went unanswered are asked again. Safe to
 * run from several places at once (every change is a conditional update).
 *
 * "Pay at the desk" needs nothing of its own here: choosing it moved the order's hold to the end of the
 * event's offline-payment window, so the hold sweep leaves it alone until then and releases the seats
 * at that moment; the waiting cash attempt (which has no gateway reference) then expires with it.
 */
export async function reconcile(db: Db, env: PaymentsEnv, now = new Date(), limit = 100): Promise<ReconcileReport> {
  // Expire holds first, so payments for holds that are gone get cancelled at their gateway below.
  const holdsReleased = await releaseExpiredHolds(db, { now });
  const stale = await db.payment.findMany({
    where: {
      status: "pending",
      expiresAt: { lt: now },
      OR: [{ lastQueriedAt: null }, { lastQueriedAt: { lt: new Date(now.getTime() - 30_000) } }],
    },
    orderBy: { expiresAt: "asc" },
    take: limit,
    select: { id: true },
  });
  let settled = 0;
  let errors = 0;
  for (const { id } of stale) {
    try {
      const r = await syncPayment(db, id, env, { now });
      if (r.changed) settled++;
      else if (r.reason === "gateway_error") errors++;
    } catch (err) {
      errors++;
      console.error(JSON.stringify({ level: "error", msg: "reconcile failed", paymentId: id, err: String(err) }));
    }
  }
  let unpromptedRechecked = 0;
  for (const g of unpromptedGateways()) {
    unpromptedRechecked += await g.unprompted.recheck(db, env, now).catch((err) => {
      console.error(
        JSON.stringify({ level: "error", msg: "unprompted payments recheck failed", gateway: g.id, err: String(err) }),
      );
      return 0;
    });
  }
  const refundsResent = await resendUnansweredRefunds(db, env, now).catch((err) => {
    console.error(JSON.stringify({ level: "error", msg: "unanswered refunds not asked again", err: String(err) }));
    return 0;
  });
  return { checked: stale.length, settled, errors, holdsReleased, unpromptedRechecked, refundsResent };
}
