import "server-only";
import type { Db, DbTx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { AppError, notFound } from "../errors";
import { findEventKeys } from "../tickets/keys";
import { checkTicketCode, parseTicketCode } from "../tickets/signing";

export type ScanResult = "ok" | "already_checked_in" | "invalid" | "not_paid" | "revoked" | "wrong_event";

export interface ScanTicket {
  id: string;
  attendeeName: string;
  ticketType: string | null;
  orderReference: string;
  event: { id: string; name: string };
}

/** The answer of POST /api/checkin. */
export interface ScanAnswer {
  result: ScanResult;
  /** Absent for `invalid`: a code that does not verify says nothing about any ticket. */
  ticket?: ScanTicket;
  /** `ok`: now; `already_checked_in`: when the ticket was first admitted. */
  checkedInAt?: string;
  /** The gate of that first admission. */
  gate?: string | null;
  /**
   * An offline scan the phone admitted that the server does not confirm (admitted elsewhere first, or
   * revoked meanwhile): someone is inside on a ticket that should not have let them in. Listed for the admin.
   */
  conflict?: true;
}

export interface ScanRequest {
  code: string;
  gate?: string;
  deviceId?: string;
  /**
   * Chosen by the scanner per scan: the same user retrying it with a code of the same ticket gets the
   * stored answer and changes nothing; anyone else sending a scanId already used is refused (409).
   */
  scanId?: string;
  /** The staff member scanning. */
  userId: string | null;
  /** The event the scanner is bound to, if any. */
  eventId?: string;
  /**
   * A scan synced from an offline scanner (`offline: true`; ignored otherwise): when it happened, kept
   * between the ticket's creation and now, and what the phone decided. Only a phone's "ok" admits.
   */
  scannedAt?: Date;
  offline?: boolean;
  localResult?: ScanResult;
}

interface TicketRow {
  id: string;
  eventId: string;
  attendeeName: string;
  codeVersion: number;
  status: "valid" | "revoked";
  createdAt: Date;
  checkedInAt: Date | null;
  checkedInGate: string | null;
  ticketTypeName: string | null;
  orderReference: string;
  orderStatus: string;
  eventName: string;
}

/**
 * The ticket with what the gate shows, in one query. (Prisma loads nested relations with parallel
 * queries, which a transaction's single connection would have to queue.)
 */
async function loadTicket(db: Db | DbTx, id: string): Promise<TicketRow | null> {
  const rows = await db.$queryRaw<TicketRow[]>`
    SELECT t."id", t."eventId", t."attendeeName", t."codeVersion", t."status"::text AS "status", t."createdAt", t."checkedInAt", t."checkedInGate",
           tt."name" AS "ticketTypeName", o."reference" AS "orderReference", o."status"::text AS "orderStatus", e."name" AS "eventName"
    FROM "Ticket" t
    JOIN "Order" o ON o."id" = t."orderId"
    JOIN "Event" e ON e."id" = t."eventId"
    LEFT JOIN "TicketType" tt ON tt."id" = t."ticketTypeId"
    WHERE t."id" = ${id}`;
  const row = rows[0];
  return row
    ? {
        ...row,
        codeVersion: Number(row.codeVersion),
        createdAt: new Date(row.createdAt),
        checkedInAt: row.checkedInAt ? new Date(row.checkedInAt) : null,
      }
    : null;
}

/**
 * Answers one scan at a gate and records it. The first valid scan of a ticket admits it with a
 * conditional update (only while `checkedInAt` is null), so of any number of simultaneous scans exactly
 * one says `ok` and the others `already_checked_in` with the time and gate of that admission. Every scan
 * is written to CheckIn in the same transaction; a `scanId` seen before returns the stored answer, and
 * two simultaneous requests with one `scanId` both get the answer of the one that was stored.
 */
export async function redeemScan(
  db: Db,
  req: ScanRequest,
  opts: { now?: Date; env?: Record<string, string | undefined> } = {},
): Promise<ScanAnswer> {
  const serverNow = opts.now ?? new Date();
  // An offline scan admits as of when it happened, so the gate log and "already in at …" tell the truth;
  // a scan made online happened now, whatever time it names.
  const claimed =
    req.offline && req.scannedAt ? new Date(Math.min(req.scannedAt.getTime(), serverNow.getTime())) : serverNow;
  // A retry is also answered by the catch below (its insert meets the scanId's unique index and everything
  // rolls back): this lookup only spares it the work.
  // Stryker disable next-line ConditionalExpression,BlockStatement: the catch below answers a retry the same way
  if (req.scanId) {
    const stored = await storedAnswer(db, req);
    // Stryker disable next-line ConditionalExpression: the catch below answers a retry the same way
    if (stored) return stored;
  }
  if (req.eventId && !(await db.event.findUnique({ where: { id: req.eventId }, select: { id: true } }))) {
    throw notFound("event_not_found", "The scanner is bound to an event that does not exist.");
  }
  try {
    return await db.$transaction(
      async (tx) => {
        const { answer, ticketId, eventId, at } = await decide(tx, req, claimed, opts.env);
        const conflict = !!req.offline && req.localResult === "ok" && answer.result !== "ok";
        if (conflict) answer.conflict = true;
        await tx.checkIn.create({
          data: {
            ticketId,
            eventId: eventId ?? req.eventId ?? null,
            scanId: req.scanId ?? null,
            result: answer.result,
            gate: req.gate ?? null,
            deviceId: req.deviceId ?? null,
            userId: req.userId,
            offline: !!req.offline,
            localResult: req.localResult ?? null,
            conflict,
            scannedAt: at,
          },
        });
        return answer;
      },
      // Stryker disable next-line ObjectLiteral: headroom under load (Prisma's defaults are 5 s and 2 s); no test loads the server that far
      { timeout: 20_000, maxWait: 30_000 },
    );
  } catch (err) {
    // Another request with this scanId was stored first (on PostgreSQL ours waited for it on the unique
    // index and everything we did rolled back): its answer is the answer.
    // Stryker disable next-line ConditionalExpression,LogicalOperator: only the scanId is unique in CheckIn; any other error is thrown either way
    if (req.scanId && isUniqueViolation(err)) {
      const stored = await storedAnswer(db, req);
      // Stryker disable next-line ConditionalExpression: the scan we collided with has committed, so its row is there
      if (stored) return stored;
    }
    throw err;
  }
}

async function decide(
  tx: DbTx,
  req: ScanRequest,
  claimed: Date,
  env: Record<string, string | undefined> | undefined,
): Promise<{ answer: ScanAnswer; ticketId: string | null; eventId: string | null; at: Date }> {
  const invalid = { answer: { result: "invalid" as const }, ticketId: null, eventId: null, at: claimed };
  const parsed = parseTicketCode(req.code);
  if (!parsed) return invalid;
  const ticket = await loadTicket(tx, parsed.ticketId);
  if (!ticket) return invalid;
  const keys = await findEventKeys(tx, ticket.eventId, env);
  const check = keys ? checkTicketCode(parsed, ticket, keys.publicKey) : ({ ok: false, reason: "invalid" } as const);
  if (!check.ok && check.reason === "invalid") return invalid;

  // Nobody was admitted on a ticket before it existed: a phone's clock (or a client) cannot backdate one.
  const at = new Date(Math.max(claimed.getTime(), ticket.createdAt.getTime()));
  // From here the code is genuine: the answer may name the ticket.
  const logged = { ticketId: ticket.id, eventId: ticket.eventId, at };
  const answered = (result: ScanResult, t: TicketRow = ticket) => ({ ...logged, answer: answerFor(result, t) });
  if (req.eventId && ticket.eventId !== req.eventId) return answered("wrong_event");
  if (!check.ok) return answered("revoked");
  // Stryker disable next-line ConditionalExpression,StringLiteral: every revocation raises the code version too (tickets/revoke.ts), so the check above refuses it already
  if (ticket.status === "revoked") return answered("revoked");
  if (ticket.orderStatus !== "paid" && ticket.orderStatus !== "partially_refunded") return answered("not_paid");

  // A phone that refused the ticket offline turned the person away: the server's verdict is recorded,
  // but only the gate admits, so the ticket stays unused. If the server finds nothing wrong with it, the
  // gate's refusal is what happened and is what the log says.
  if (req.offline && req.localResult && req.localResult !== "ok") {
    if (ticket.checkedInAt) return answered("already_checked_in");
    // "invalid" names no ticket in the answer, as for any invalid code; the log still knows which it was.
    if (req.localResult === "invalid") return { ...logged, answer: { result: "invalid" } };
    return answered(req.localResult);
  }

  const admitted = await tx.ticket.updateMany({
    where: { id: ticket.id, checkedInAt: null, status: "valid", codeVersion: parsed.version },
    data: { checkedInAt: at, checkedInGate: req.gate ?? null },
  });
  if (admitted.count === 1) return answered("ok", { ...ticket, checkedInAt: at, checkedInGate: req.gate ?? null });
  // Someone else got there first: either the ticket was admitted, or it was revoked meanwhile.
  const current = (await loadTicket(tx, ticket.id))!;
  // Stryker disable next-line ConditionalExpression,StringLiteral: every revocation raises the code version too (tickets/revoke.ts), so the next check refuses it already
  if (current.status === "revoked") return answered("revoked", current);
  if (current.codeVersion !== parsed.version) return answered("revoked", current);
  return answered("already_checked_in", current);
}

function answerFor(result: ScanResult, t: TicketRow): ScanAnswer {
  const answer: ScanAnswer = {
    result,
    ticket: {
      id: t.id,
      attendeeName: t.attendeeName,
      ticketType: t.ticketTypeName,
      orderReference: t.orderReference,
      event: { id: t.eventId, name: t.eventName },
    },
  };
  if ((result === "ok" || result === "already_checked_in") && t.checkedInAt) {
    answer.checkedInAt = t.checkedInAt.toISOString();
    answer.gate = t.checkedInGate;
  }
  return answer;
}

/**
 * The answer given to an earlier scan with this id, rebuilt from what was stored: only for the same user
 * retrying with a code of the same ticket (a scan id is the phone's, not a key to anyone's answers).
 * Null when no scan has the id yet.
 */
async function storedAnswer(db: Db, req: ScanRequest): Promise<ScanAnswer | null> {
  const scan = await db.checkIn.findUnique({
    where: { scanId: req.scanId },
    select: { result: true, ticketId: true, userId: true, conflict: true },
  });
  if (!scan) return null;
  const result = scan.result as ScanResult;
  // An invalid scan stored no ticket, and its answer tells nothing about any.
  const sameTicket = result === "invalid" || scan.ticketId === (parseTicketCode(req.code)?.ticketId ?? null);
  if (scan.userId !== req.userId || !sameTicket) {
    throw new AppError(
      "scan_id_taken",
      "This scan id was already used for another scan. Scan again: the scanner gives each scan a new id.",
    );
  }
  // Every other answer was given about a ticket, and stored with it.
  const ticket = result !== "invalid" ? await loadTicket(db, scan.ticketId!) : null;
  const answer: ScanAnswer = ticket ? answerFor(result, ticket) : { result };
  if (scan.conflict) answer.conflict = true;
  return answer;
}
