import "server-only";
import type { Db, DbTx } from "../db/client";
import { eventSigningKeys } from "./keys";
import { signTicketCode } from "./signing";

export interface CodeableTicket {
  id: string;
  eventId: string;
  codeVersion: number;
}

/**
 * The current code of each ticket. Codes are not stored: Ed25519 signatures are deterministic, so the
 * same ticket at the same version always gets the same code, and bumping the version is the only way
 * to change it. Revoked tickets get no code.
 */
export async function ticketCodes(
  db: Db | DbTx,
  tickets: (CodeableTicket & { status?: "valid" | "revoked" })[],
  env: Record<string, string | undefined> = process.env,
): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  const keys = new Map<string, Awaited<ReturnType<typeof eventSigningKeys>>>();
  for (const t of tickets) {
    if (t.status === "revoked") continue;
    let k = keys.get(t.eventId);
    if (!k) {
      k = await eventSigningKeys(db, t.eventId, env);
      keys.set(t.eventId, k);
    }
    codes.set(t.id, signTicketCode({ ticketId: t.id, eventId: t.eventId, version: t.codeVersion }, k.privateKey));
  }
  return codes;
}

export async function ticketCode(
  db: Db | DbTx,
  ticket: CodeableTicket,
  env?: Record<string, string | undefined>,
): Promise<string> {
  return (await ticketCodes(db, [ticket], env)).get(ticket.id)!;
}
