import type { Db, DbTx } from "../db/client";

/**
 * Revokes every still-valid ticket of an order (cancelled or refunded): the code version goes up, so
 * each code already sent stops verifying, and the status says why at the gate. Run it in the
 * transaction that cancels or refunds the order. Returns how many tickets it revoked; a second call
 * revokes nothing.
 */
export async function revokeOrderTicketsInTx(tx: DbTx, orderId: string, now: Date): Promise<number> {
  const { count } = await tx.ticket.updateMany({
    where: { orderId, status: "valid" },
    data: { status: "revoked", codeVersion: { increment: 1 }, updatedAt: now },
  });
  return count;
}

/** Revokes one ticket (a seat refunded on its own). Returns whether it was still valid. */
export async function revokeTicketInTx(tx: DbTx, ticketId: string, now: Date): Promise<boolean> {
  const { count } = await tx.ticket.updateMany({
    where: { id: ticketId, status: "valid" },
    data: { status: "revoked", codeVersion: { increment: 1 }, updatedAt: now },
  });
  return count === 1;
}

/**
 * Gives a valid ticket a new code (a lost or shared phone screenshot): the version goes up, so the old
 * code answers "revoked" and only the new one admits. Returns the new version, or null when the ticket
 * is not valid (a revoked ticket cannot be brought back this way).
 */
export async function reissueTicket(db: Db | DbTx, ticketId: string, now = new Date()): Promise<number | null> {
  const rows = await db.$queryRaw<{ codeVersion: number }[]>`
    UPDATE "Ticket" SET "codeVersion" = "codeVersion" + 1, "updatedAt" = ${now}
    WHERE "id" = ${ticketId} AND "status" = 'valid'
    RETURNING "codeVersion"`;
  return rows[0] ? Number(rows[0].codeVersion) : null;
}
