import "server-only";
import type { Db } from "../db/client";
import { notFound } from "../errors";
import { findEventKeys } from "../tickets/keys";

/**
 * A ticket the gate may admit, as a tuple: a few thousand of these are the bulk of the bundle, and
 * repeating seven key names per ticket would double its size on a gate phone's data plan.
 */
export type BundleTicket = [
  id: string,
  codeVersion: number,
  attendeeName: string,
  ticketType: string | null,
  orderReference: string,
  checkedInAt: string | null,
  checkedInGate: string | null,
];

/** A ticket whose codes up to and including `upToVersion` must be refused, and why. */
export type BundleRevocation = [id: string, upToVersion: number, reason: "revoked" | "not_paid"];

/**
 * What a gate phone keeps to check tickets of one event without a network (GET /api/checkin/bundle).
 * The codes themselves are not in it: the phone verifies each code's signature with `publicKey`, so a
 * lost phone gives away names, not tickets.
 */
export interface OfflineBundle {
  eventId: string;
  eventName: string;
  /** Raw Ed25519 public key, base64url; null while the event has no key (then no genuine code exists). */
  publicKey: string | null;
  generatedAt: string;
  tickets: BundleTicket[];
  revoked: BundleRevocation[];
}

const ADMITTED_ORDER_STATUSES = new Set(["paid", "partially_refunded"]);

/** The event's offline bundle, as of now. */
export async function offlineBundle(db: Db, eventId: string, now = new Date()): Promise<OfflineBundle> {
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, name: true } });
  if (!event) throw notFound("event_not_found", "No such event.");
  const [keys, rows] = await Promise.all([
    findEventKeys(db, eventId),
    db.ticket.findMany({
      where: { eventId },
      orderBy: { id: "asc" },
      select: {
        id: true,
        codeVersion: true,
        status: true,
        attendeeName: true,
        checkedInAt: true,
        checkedInGate: true,
        ticketType: { select: { name: true } },
        order: { select: { reference: true, status: true } },
      },
    }),
  ]);
  const tickets: BundleTicket[] = [];
  const revoked: BundleRevocation[] = [];
  for (const t of rows) {
    // The same order of refusals as the server's redeemScan: revoked before not paid.
    if (t.status === "revoked") revoked.push([t.id, t.codeVersion, "revoked"]);
    else if (!ADMITTED_ORDER_STATUSES.has(t.order.status)) revoked.push([t.id, t.codeVersion, "not_paid"]);
    else
      tickets.push([
        t.id,
        t.codeVersion,
        t.attendeeName,
        t.ticketType?.name ?? null,
        t.order.reference,
        t.checkedInAt?.toISOString() ?? null,
        t.checkedInGate,
      ]);
  }
  return {
    eventId: event.id,
    eventName: event.name,
    publicKey: keys?.publicKeyRaw ?? null,
    generatedAt: now.toISOString(),
    tickets,
    revoked,
  };
}
