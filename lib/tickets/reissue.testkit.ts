import type { Db, DbTx } from "../db/client";

/**
 * Gives a valid ticket a new code (a lost or shared phone screenshot): the version goes up, so the old
 * code answers "revoked" and only the new one admits. Returns the new version, or null when the ticket
 * is not valid (a revoked ticket cannot be brought back this way).
 *
 * A test kit, not product code: no screen re-issues a ticket yet, but the code-version rule it relies on
 * (a superseded code reads "revoked" at the gate, online and offline) is real and tested through it.
 */
export async function reissueTicket(db: Db | DbTx, ticketId: string, now = new Date()): Promise<number | null> {
  const rows = await db.$queryRaw<{ codeVersion: number }[]>`
    UPDATE "Ticket" SET "codeVersion" = "codeVersion" + 1, "updatedAt" = ${now}
    WHERE "id" = ${ticketId} AND "status" = 'valid'
    RETURNING "codeVersion"`;
  return rows[0] ? Number(rows[0].codeVersion) : null;
}
