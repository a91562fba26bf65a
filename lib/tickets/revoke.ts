import type { DbTx } from "../db/client";
import { Prisma } from "../db/generated/client";

/** A ticket one revocation moved from valid to revoked. */
export interface RevokedTicket {
  id: string;
  ticketTypeId: string | null;
  boothId: string | null;
}

/**
 * Revokes still-valid tickets (all of an order's, or the ones named): the code version goes up, so each
 * code already sent stops verifying, and the status says why at the gate. Returns exactly the tickets
 * this call revoked: one UPDATE … RETURNING, so two concurrent revocations can never both claim a
 * ticket, and a caller that gives seats back for them gives each seat back once.
 *
 * Stock is not touched here (tickets know nothing of it): money going back revokes through
 * lib/orders/settle.ts, which returns the seats in the same transaction.
 */
export async function revokeTicketsInTx(
  tx: DbTx,
  scope: { orderId: string; ticketIds?: readonly string[] } | { ticketIds: readonly string[] },
  now: Date,
): Promise<RevokedTicket[]> {
  if (scope.ticketIds && scope.ticketIds.length === 0) return [];
  const byOrder = "orderId" in scope ? Prisma.sql`AND "orderId" = ${scope.orderId}` : Prisma.empty;
  const byId = scope.ticketIds ? Prisma.sql`AND "id" IN (${Prisma.join(scope.ticketIds)})` : Prisma.empty;
  return tx.$queryRaw<RevokedTicket[]>`
    UPDATE "Ticket" SET "status" = 'revoked', "codeVersion" = "codeVersion" + 1, "updatedAt" = ${now}
    WHERE "status" = 'valid' ${byOrder} ${byId}
    RETURNING "id", "ticketTypeId", "boothId"`;
}

/**
 * Revokes every still-valid ticket of an order. Returns how many; a second call revokes nothing. The
 * seats stay sold: when money goes back, settleOrderRefundedInTx revokes and returns them together.
 */
export async function revokeOrderTicketsInTx(tx: DbTx, orderId: string, now: Date): Promise<number> {
  return (await revokeTicketsInTx(tx, { orderId }, now)).length;
}
