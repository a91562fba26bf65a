import "server-only";
import type { Db } from "../db/client";
import { likeLiteral } from "../db/like";
import { ticketCodes } from "../tickets/codes";

/**
 * For the gate when a code will not scan: paid tickets of an event whose attendee, buyer or order
 * reference matches, with their codes (staff are trusted with them; they are what the gate admits).
 */
export async function searchTickets(db: Db, eventId: string, query: string, limit = 20) {
  // Control characters are never typed, and a NUL byte would fail in PostgreSQL rather than match nothing.
  const q = query.replace(/\p{Cc}/gu, "").trim();
  if (q.length < 2) return [];
  const pattern = likeLiteral(q);
  const tickets = await db.ticket.findMany({
    where: {
      eventId,
      status: "valid",
      order: { status: { in: ["paid", "partially_refunded"] } },
      OR: [
        { attendeeName: { contains: pattern, mode: "insensitive" } },
        { order: { buyerName: { contains: pattern, mode: "insensitive" } } },
        { order: { reference: q.toUpperCase() } },
      ],
    },
    orderBy: { attendeeName: "asc" },
    take: limit,
    select: {
      id: true,
      eventId: true,
      codeVersion: true,
      status: true,
      attendeeName: true,
      checkedInAt: true,
      checkedInGate: true,
      ticketType: { select: { name: true } },
      order: { select: { reference: true } },
    },
  });
  const codes = await ticketCodes(db, tickets);
  return tickets.map((t) => ({
    ticketId: t.id,
    attendeeName: t.attendeeName,
    ticketType: t.ticketType?.name ?? null,
    orderReference: t.order.reference,
    checkedInAt: t.checkedInAt?.toISOString() ?? null,
    gate: t.checkedInGate,
    code: codes.get(t.id) ?? null,
  }));
}

/** Live progress at the gates: how many of the event's valid tickets are in, in all and per gate. */
export async function checkinProgress(db: Db, eventId: string) {
  const where = {
    eventId,
    status: "valid" as const,
    order: { status: { in: ["paid" as const, "partially_refunded" as const] } },
  };
  const [total, byGate] = await Promise.all([
    db.ticket.count({ where }),
    db.ticket.groupBy({
      by: ["checkedInGate"],
      where: { ...where, checkedInAt: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const gates = Object.fromEntries(byGate.map((g) => [g.checkedInGate ?? "(no gate)", g._count._all]));
  return { total, checkedIn: Object.values(gates).reduce((a, b) => a + b, 0), byGate: gates };
}

/** Events a gate can scan for: published, and not ended more than a day ago. */
export function eventsOpenForCheckin(db: Db, now = new Date()) {
  return db.event.findMany({
    where: { published: true, endsAt: { gt: new Date(now.getTime() - 24 * 60 * 60_000) } },
    orderBy: { startsAt: "asc" },
    select: { id: true, name: true },
  });
}
