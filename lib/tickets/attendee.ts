import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { AppError, invalid, notFound } from "../errors";
import { parseWith } from "../http/api";
import { checkAnswers, loadQuestions } from "../questions/answers";
import { answersSchema, questionApplies, storedAnswers, type Answers } from "../questions/schemas";

/** Body of a rename request (e.g. PATCH /api/orders/{reference}/tickets/{ticketId}). */
export const renameAttendeeSchema = z.object({
  name: z
    .string("Enter the attendee's name.")
    .trim()
    .min(1, "Enter the attendee's name.")
    .max(100, "At most 100 characters."),
  /** New answers to the attendee's checkout questions (all of them: a blank optional one is cleared). */
  answers: answersSchema.optional(),
});

export type RenameAttendeeInput = z.infer<typeof renameAttendeeSchema>;

/**
 * How the buyer proves the order is theirs: its access token (the cookie, a Bearer header or the e-mailed
 * link). Never the reference alone: that is read aloud at the desk and typed into M-Pesa.
 */
export type OrderProof = { accessToken: string };

export interface RenamedTicket {
  id: string;
  attendeeName: string;
  answers?: Answers;
}

/**
 * Lets the buyer change who a ticket is for until the event starts. The name is not part of the signed
 * code, so the code stays the same. A ticket of another order answers 404, like one that does not exist.
 */
export async function renameAttendee(
  db: Db,
  req: { ticketId: string; order: OrderProof; name: string; answers?: unknown },
  now = new Date(),
): Promise<RenamedTicket> {
  const { name, answers: given } = parseWith(renameAttendeeSchema, { name: req.name, answers: req.answers }, "name");
  const ticket = await db.ticket.findUnique({
    where: { id: req.ticketId },
    select: {
      id: true,
      status: true,
      attendeeName: true,
      answers: true,
      ticketTypeId: true,
      eventId: true,
      order: { select: { accessToken: true, status: true } },
      event: { select: { startsAt: true, country: true } },
    },
  });
  if (!ticket || !ownsOrder(ticket.order, req.order))
    throw notFound("not_found", "There is no such ticket in this order.");
  if (ticket.status !== "valid" || (ticket.order.status !== "paid" && ticket.order.status !== "partially_refunded")) {
    throw new AppError(
      "ticket_cancelled",
      "This ticket has been cancelled, so its name cannot be changed.",
      undefined,
      { reason: "ticket_revoked" },
    );
  }
  if (ticket.event.startsAt <= now) {
    throw new AppError("event_started", "The event has started: attendee names can no longer be changed.", undefined, {
      reason: "event_started",
    });
  }
  // The answers are checked like at checkout, against the questions this ticket's type is asked.
  let answers: Answers | undefined;
  if (given) {
    const asked = (await loadQuestions(db, ticket.eventId)).filter(
      (q) => q.scope === "attendee" && ticket.ticketTypeId && questionApplies(q, [ticket.ticketTypeId]),
    );
    const fields: Record<string, string> = {};
    answers = checkAnswers(asked, given, ticket.event.country, "answers", fields);
    if (Object.keys(fields).length) throw invalid("Please check the highlighted answers.", fields);
  }
  const sameAnswers = !answers || JSON.stringify(answers) === JSON.stringify(storedAnswers(ticket.answers));
  if (name === ticket.attendeeName && sameAnswers) return { id: ticket.id, attendeeName: name, answers };

  await db.$transaction(async (tx) => {
    const { count } = await tx.ticket.updateMany({
      where: { id: ticket.id, status: "valid" },
      data: { attendeeName: name, ...(answers && { answers }), updatedAt: now },
    });
    if (count === 0) {
      throw new AppError(
        "ticket_cancelled",
        "This ticket has been cancelled, so its name cannot be changed.",
        undefined,
        { reason: "ticket_revoked" },
      );
    }
    await tx.auditLog.create({
      data: {
        action: "ticket.attendee_renamed",
        entity: "Ticket",
        entityId: ticket.id,
        data: { from: ticket.attendeeName, to: name, ...(answers && { answers }) },
        createdAt: now,
      },
    });
  });
  return { id: ticket.id, attendeeName: name, answers };
}

function ownsOrder(order: { accessToken: string }, proof: OrderProof): boolean {
  // The token is a secret: compared in constant time (digests make the lengths equal).
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(order.accessToken), digest(proof.accessToken));
}
