import { forgetExpiredEndedSessions } from "../auth/session-version";
import { getDatabase } from "../db/client";
import { sqlOf } from "../db/sql";
import { seedDemoSales } from "../demo/sales";
import { deliverDueEmails, mailerFromEnv, senderAddress } from "../email/send";
import { assertLiveReady, liveConfigWarnings } from "../ops/live-readiness";
import { reconcile } from "../payments/reconciler";
import { paymentsEnv } from "../payments/registry";
import { sweepWaitlist } from "../waitlist/offers";
import { cleanupTick, CLEANUP_INTERVAL_MS } from "./cleanup";
import { claimTick } from "./ticks";

const SWEEP_INTERVAL_MS = 30_000;
/** E-mails go out within seconds of the payment, never from inside the callback that paid. */
const EMAIL_INTERVAL_MS = 3_000;
const g = globalThis as unknown as {
  __langoJobs?: NodeJS.Timeout;
  __langoMail?: NodeJS.Timeout;
  __langoCleanup?: NodeJS.Timeout;
};

/**
 * Opens (migrates, seeds) the database when the server starts, so the first visitor does not wait, and
 * runs the periodic sweep: payments whose callback never came are settled by a status query, expired
 * holds go back on sale, lapsed waiting-list offers pass to the next in line, and sign-outs whose
 * cookies have run out are forgotten; and the cleanup, which deletes rate-limit counters whose windows
 * have ended. Several processes on one database (behind a load balancer) share the work: each tick runs
 * in the one process that claims it.
 */
export async function startBackgroundJobs() {
  const db = await getDatabase();
  if (g.__langoJobs) return;
  // Before the sweep starts: the demo's back-dated orders would otherwise look expired to it.
  try {
    await seedDemoSales(db.prisma, process.env, new Date(), (line) => console.info(`[seed] ${line}`));
  } catch (err) {
    console.error(JSON.stringify({ level: "error", msg: "demo sales not created", err: String(err) }));
  }
  const sql = sqlOf(db.prisma);
  // A failed claim (database briefly away) skips the tick; the next one tries again.
  const mine = (job: string, intervalMs: number) => claimTick(sql, job, intervalMs).catch(() => false);
  const sweep = async () => {
    if (!(await mine("sweep", SWEEP_INTERVAL_MS))) return;
    try {
      const report = await reconcile(db.prisma, paymentsEnv());
      if (report.checked || report.holdsReleased)
        console.info(JSON.stringify({ level: "info", msg: "reconciled", ...report }));
    } catch (err) {
      console.error(JSON.stringify({ level: "error", msg: "reconcile failed", err: String(err) }));
    }
    // Offers that ran out go to the next in line; seats left free are offered.
    await sweepWaitlist(db.prisma)
      .then((r) => r.lapsed + r.offered && console.info(JSON.stringify({ level: "info", msg: "waiting list", ...r })))
      .catch((err) =>
        console.error(JSON.stringify({ level: "error", msg: "waiting-list sweep failed", err: String(err) })),
      );
    await forgetExpiredEndedSessions(db.prisma).catch((err) =>
      console.error(JSON.stringify({ level: "error", msg: "ended-session sweep failed", err: String(err) })),
    );
  };
  g.__langoJobs = setInterval(sweep, SWEEP_INTERVAL_MS);
  g.__langoJobs.unref();
  void sweep();

  const mailer = mailerFromEnv();
  const from = senderAddress();
  let sending = false;
  g.__langoMail = setInterval(async () => {
    if (sending) return;
    sending = true;
    try {
      if (!(await mine("email", EMAIL_INTERVAL_MS))) return;
      const r = await deliverDueEmails(db.prisma, mailer, from);
      if (r.sent || r.failed)
        console.info(JSON.stringify({ level: "info", msg: "e-mails delivered", via: mailer.name, ...r }));
    } catch (err) {
      console.error(JSON.stringify({ level: "error", msg: "e-mail delivery failed", err: String(err) }));
    } finally {
      sending = false;
    }
  }, EMAIL_INTERVAL_MS);
  g.__langoMail.unref();

  g.__langoCleanup = setInterval(async () => {
    try {
      const r = await cleanupTick(db.prisma);
      if (r?.rateLimits) console.info(JSON.stringify({ level: "info", msg: "cleaned up", ...r }));
    } catch (err) {
      console.error(JSON.stringify({ level: "error", msg: "cleanup failed", err: String(err) }));
    }
  }, CLEANUP_INTERVAL_MS);
  g.__langoCleanup.unref();
}

/**
 * Server start. Whatever would make the server unsafe or useless stops it with why, one line per
 * problem: live mode's weak or missing secrets, demo data in a live database (lib/db/seed.ts), a database
 * that cannot be opened (already in use, unreachable). Exiting, not throwing: Next would keep serving 500s.
 */
export async function startServer() {
  try {
    assertLiveReady();
    for (const line of liveConfigWarnings()) console.warn(`[lango] ${line}`);
    if (paymentsEnv().mode === "simulator") {
      const { keepSimulatorLedger, ledgerPath } = await import("../simulators/ledger-file");
      keepSimulatorLedger(ledgerPath());
    }
    await startBackgroundJobs();
  } catch (err) {
    const lines = (err as Error).message.split("\n");
    console.error(`\n${lines.map((line) => `[lango] ${line}`).join("\n")}\n`);
    process.exit(1);
  }
}
