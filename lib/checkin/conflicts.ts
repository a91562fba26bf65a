import "server-only";
import type { Db } from "../db/client";

export interface ScanSide {
  gate: string | null;
  deviceId: string | null;
  scannedAt: Date;
  offline: boolean;
  staff: string | null;
}

export interface CheckinConflict {
  id: string;
  /** What the server answered the synced scan: usually already_checked_in, sometimes revoked or not_paid. */
  result: string;
  event: { name: string; timeZone: string; country: string } | null;
  ticketId: string | null;
  attendeeName: string | null;
  orderReference: string | null;
  /** The scan a phone admitted offline and the server did not confirm. */
  conflicting: ScanSide;
  /** The scan that admitted the ticket first, when there is one. */
  admitted: ScanSide | null;
}

const scanSelect = {
  gate: true,
  deviceId: true,
  scannedAt: true,
  offline: true,
  user: { select: { name: true, email: true } },
} as const;
const side = (s: {
  gate: string | null;
  deviceId: string | null;
  scannedAt: Date;
  offline: boolean;
  user: { name: string | null; email: string } | null;
}): ScanSide => ({
  gate: s.gate,
  deviceId: s.deviceId,
  scannedAt: s.scannedAt,
  offline: s.offline,
  staff: s.user ? (s.user.name ?? s.user.email) : null,
});

/**
 * Offline admissions the server did not confirm at sync, newest first, each beside the scan that let
 * the ticket in first: the admin sees that one ticket got two people in (or a cancelled one got in).
 */
export async function listConflicts(
  db: Db,
  opts: { eventId?: string; limit?: number } = {},
): Promise<CheckinConflict[]> {
  const rows = await db.checkIn.findMany({
    where: { conflict: true, ...(opts.eventId && { eventId: opts.eventId }) },
    orderBy: { scannedAt: "desc" },
    take: opts.limit ?? 200,
    select: {
      id: true,
      result: true,
      ticketId: true,
      ...scanSelect,
      event: { select: { name: true, timezone: true, country: true } },
      ticket: { select: { attendeeName: true, order: { select: { reference: true } } } },
    },
  });
  const ticketIds = [...new Set(rows.flatMap((r) => (r.ticketId ? [r.ticketId] : [])))];
  const admissions = await db.checkIn.findMany({
    where: { ticketId: { in: ticketIds }, result: "ok" },
    orderBy: { scannedAt: "asc" },
    select: { ticketId: true, ...scanSelect },
  });
  const first = new Map<string, (typeof admissions)[number]>();
  for (const a of admissions) if (a.ticketId && !first.has(a.ticketId)) first.set(a.ticketId, a);
  return rows.map((r) => {
    const admittedBy = r.ticketId ? first.get(r.ticketId) : undefined;
    return {
      id: r.id,
      result: r.result,
      event: r.event && { name: r.event.name, timeZone: r.event.timezone, country: r.event.country },
      ticketId: r.ticketId,
      attendeeName: r.ticket?.attendeeName ?? null,
      orderReference: r.ticket?.order.reference ?? null,
      conflicting: side(r),
      admitted: admittedBy ? side(admittedBy) : null,
    };
  });
}
