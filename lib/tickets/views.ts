import "server-only";
import type { Db } from "../db/client";
import { ticketCodes } from "./codes";

/** A ticket as the buyer's order page and GET /api/orders/{reference} show it. */
export interface OrderTicketView {
  id: string;
  attendeeName: string;
  ticketType: string | null;
  /** What the QR code holds; null once the ticket is revoked (cancelled or refunded). */
  code: string | null;
  status: "valid" | "revoked";
  checkedInAt: string | null;
}

/** The order's tickets in checkout order, each with its current code. Attendee e-mails stay private. */
export async function listOrderTickets(
  db: Db,
  orderId: string,
  env?: Record<string, string | undefined>,
): Promise<OrderTicketView[]> {
  const tickets = await db.ticket.findMany({
    where: { orderId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      eventId: true,
      codeVersion: true,
      status: true,
      attendeeName: true,
      checkedInAt: true,
      ticketType: { select: { name: true } },
    },
  });
  const codes = await ticketCodes(db, tickets, env);
  return tickets.map((t) => ({
    id: t.id,
    attendeeName: t.attendeeName,
    ticketType: t.ticketType?.name ?? null,
    code: codes.get(t.id) ?? null,
    status: t.status,
    checkedInAt: t.checkedInAt?.toISOString() ?? null,
  }));
}
