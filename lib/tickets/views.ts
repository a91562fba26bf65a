import "server-only";
import type { Db } from "../db/client";
import { loadQuestions } from "../questions/answers";
import { questionApplies, storedAnswers, type AnswerValue, type PublicQuestion } from "../questions/schemas";
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
  /** The event's attendee questions for this ticket's type, each with this attendee's answer (if any). */
  answers?: (PublicQuestion & { value?: AnswerValue })[];
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
      answers: true,
      ticketTypeId: true,
      ticketType: { select: { name: true } },
    },
  });
  const codes = await ticketCodes(db, tickets, env);
  const questions = tickets.length
    ? (await loadQuestions(db, tickets[0].eventId)).filter((q) => q.scope === "attendee")
    : [];
  // Only where the event asks this ticket's type something: other tickets keep their plain shape.
  const answersOf = (t: { ticketTypeId: string | null; answers: unknown }) => {
    const asked = t.ticketTypeId ? questions.filter((q) => questionApplies(q, [t.ticketTypeId!])) : [];
    return asked.length ? { answers: asked.map((q) => ({ ...q, value: storedAnswers(t.answers)[q.id] })) } : {};
  };
  return tickets.map((t) => ({
    id: t.id,
    attendeeName: t.attendeeName,
    ticketType: t.ticketType?.name ?? null,
    code: codes.get(t.id) ?? null,
    status: t.status,
    checkedInAt: t.checkedInAt?.toISOString() ?? null,
    ...answersOf(t),
  }));
}
