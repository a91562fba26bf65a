import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { AppError, notFound } from "../errors";
import { parseWith } from "../http/api";

/** Body of a rename request (e.g. PATCH /api/orders/{reference}/tickets/{ticketId}). */
export const renameAttendeeSchema = z.object({
  name: z
    .string("Enter the attendee's name.")
    .trim()
    .min(1, "Enter the attendee's name.")
    .max(100, "At most 100 characters."),
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
}

/**
 * Lets the buyer change who a ticket is for until the event starts. The name is not part of the signed
 * code, so the code stays the same. A ticket of another order answers 404, like one that does not exist.
 */
export async function renameAttendee(
  db: Db,
  req: { ticketId: string; order: OrderProof; name: string },
  now = new Date(),
): Promise<RenamedTicket> {
  const { name } = parseWith(renameAttendeeSchema, { name: req.name }, "name");
  const ticket = await db.ticket.findUnique({
    where: { id: req.ticketId },
    select: {
      id: true,
      status: true,
      attendeeName: true,
      order: { select: { accessToken: true, status: true } },
      event: { select: { startsAt: true } },
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
  if (name === ticket.attendeeName) return { id: ticket.id, attendeeName: name };

  await db.$transaction(async (tx) => {
    const { count } = await tx.ticket.updateMany({
      where: { id: ticket.id, status: "valid" },
      data: { attendeeName: name, updatedAt: now },
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
        data: { from: ticket.attendeeName, to: name },
        createdAt: now,
      },
    });
  });
  return { id: ticket.id, attendeeName: name };
}

function ownsOrder(order: { accessToken: string }, proof: OrderProof): boolean {
  // The token is a secret: compared in constant time (digests make the lengths equal).
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(order.accessToken), digest(proof.accessToken));
}
