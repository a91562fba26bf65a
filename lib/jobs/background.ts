import { getDatabase } from "../db/client";
import { releaseExpiredHolds } from "../orders/holds";

const SWEEP_INTERVAL_MS = 30_000;
const g = globalThis as unknown as { __langoJobs?: NodeJS.Timeout };

/**
 * Opens (migrates, seeds) the database when the server starts, so the first visitor does not wait, and
 * runs the periodic sweep that returns expired holds to sale.
 */
export async function startBackgroundJobs() {
  const db = await getDatabase();
  if (g.__langoJobs) return;
  const sweep = async () => {
    try {
      const released = await releaseExpiredHolds(db.prisma);
      if (released) console.info(JSON.stringify({ level: "info", msg: "expired holds released", released }));
    } catch (err) {
      console.error(JSON.stringify({ level: "error", msg: "hold sweep failed", err: String(err) }));
    }
  };
  g.__langoJobs = setInterval(sweep, SWEEP_INTERVAL_MS);
  g.__langoJobs.unref();
  void sweep();
}

/** Server start: a database that cannot be opened (already in use, unreachable) stops the server with why. */
export async function startServer() {
  try {
    await startBackgroundJobs();
  } catch (err) {
    console.error(`\n[lango] ${(err as Error).message}\n`);
    process.exit(1);
  }
}
