import { seatsLeft } from "../catalog/availability";
import type { Sql } from "../db/sql";

/**
 * The one owner of stock: every change to a ticket type's `sold` and `held` and to a booth's status,
 * hold and booking is a statement in this file, so the capacity rule and the booth rules are written
 * once. Plain SQL on one interface: the hot path (holding seats) runs it on its own connection, the rest
 * inside a Prisma transaction through txSql. Ticket types and booths are always changed in id order, so
 * two transactions never lock them in opposite orders.
 */

/** An order line as far as stock goes: a ticket line takes `quantity` seats, a booth line one booth; add-ons take nothing. */
export interface StockItem {
  kind: "ticket" | "booth" | "addon";
  ticketTypeId: string | null;
  boothId: string | null;
  quantity: number;
}

/** The capacity rule: `$2` more seats fit a ticket type while sold + held + $2 stays within its capacity. */
const SEATS_FIT = `"sold" + "held" + $2 <= "capacity"`;

/** A booth another order may take: free, or held by an order whose hold ran out and was released. */
const BOOTH_FREE = `"status" = 'available' OR ("status" = 'held' AND "holdExpiresAt" <= $2::timestamp AND NOT EXISTS (
  SELECT 1 FROM "Order" o WHERE o."id" = "Booth"."holdOrderId" AND o."status" = 'pending' AND o."holdReleasedAt" IS NULL))`;

/** Seats per ticket type (summed, in id order) and booths (in id order) of some order lines. */
function stockOf(items: readonly StockItem[]): { seats: [string, number][]; booths: string[] } {
  const seats = new Map<string, number>();
  const booths = new Set<string>();
  for (const item of items) {
    // Only a ticket line names a ticket type (booth and add-on lines have none).
    if (item.ticketTypeId) {
      seats.set(item.ticketTypeId, (seats.get(item.ticketTypeId) ?? 0) + item.quantity);
    } else {
      // Stryker disable next-line ConditionalExpression,LogicalOperator: an add-on line names its own booth line's booth, which the set holds once
      if (item.kind === "booth" && item.boothId) booths.add(item.boothId);
    }
  }
  // Stryker disable next-line MethodExpression,ArrowFunction: the lock order; PGlite runs one transaction at a time, so lock-order.db.test.ts shows a deadlock on PostgreSQL only
  return { seats: [...seats].sort(([a], [b]) => a.localeCompare(b)), booths: [...booths].sort() };
}

const iso = (d: Date) => d.toISOString();

/**
 * Holds `n` seats of a ticket type if they fit: one statement on the hot path. When they do not, says
 * how many are left (a second statement, on the sold-out path only).
 */
export async function holdSeats(
  sql: Sql,
  ticketTypeId: string,
  n: number,
  now: Date,
): Promise<{ held: true } | { held: false; left: number }> {
  const updated = await sql.query(
    `UPDATE "TicketType" SET "held" = "held" + $2, "updatedAt" = $3::timestamp WHERE "id" = $1 AND ${SEATS_FIT}`,
    [ticketTypeId, n, iso(now)],
  );
  if (updated.rowCount > 0) return { held: true };
  const { rows } = await sql.query<{ capacity: number; sold: number; held: number }>(
    `SELECT "capacity", "sold", "held" FROM "TicketType" WHERE "id" = $1`,
    [ticketTypeId],
  );
  return { held: false, left: rows[0] ? seatsLeft(rows[0]) : 0 };
}

/** The database's capacity rule on TicketType (migration 0001): sold + held never beyond capacity. */
const STOCK_CHECK = "TicketType_stock_check";

/** Seats that did not fit when held with the commit; the transaction is rolled back. */
export class SeatsNotHeld extends Error {
  constructor(readonly seats: [string, number][]) {
    super("Not every ticket type had room for its seats.");
  }
}

/**
 * Holds seats of several ticket types (in id order) and commits the order's transaction with them, in one
 * round trip (Sql.commitWith). Every order of an on-sale rush updates the same ticket-type row; its lock is
 * held from this update to the commit, so the commit must not wait for another round trip to the app. The
 * update has no room condition, since nothing may be decided after it: the database's stock check refuses
 * seats that do not fit, which aborts the whole transaction, and SeatsNotHeld says so (firstShort then
 * tells which type, after the rollback). The rows exist: the order's lines, inserted before, hold a key
 * lock on them that no delete can pass.
 */
export async function holdSeatsAndCommit(sql: Sql, seats: [string, number][], now: Date): Promise<void> {
  // Stryker disable next-line MethodExpression,ArrowFunction: the lock order; PGlite runs one transaction at a time, so lock-order.db.test.ts shows a deadlock on PostgreSQL only
  const sorted = [...seats].sort(([a], [b]) => a.localeCompare(b));
  let counts: number[];
  try {
    counts = await sql.commitWith(
      sorted.map(([ticketTypeId, n]) => ({
        text: `UPDATE "TicketType" SET "held" = "held" + $2, "updatedAt" = $3::timestamp WHERE "id" = $1`,
        params: [ticketTypeId, n, iso(now)],
      })),
    );
  } catch (err) {
    // Stryker disable next-line OptionalChaining: what the driver throws is an Error, never null
    if ((err as { constraint?: string } | null)?.constraint === STOCK_CHECK) throw new SeatsNotHeld(sorted);
    throw err;
  }
  if (counts.some((c) => c !== 1)) throw new Error("A ticket type being held was deleted during the order.");
}

/** Of some seats wanted, the first ticket type without room for them now, and how many it has left. */
export async function firstShort(
  sql: Sql,
  seats: [string, number][],
): Promise<{ ticketTypeId: string; left: number } | null> {
  const { rows } = await sql.query<{ id: string; capacity: number; sold: number; held: number }>(
    `SELECT "id", "capacity", "sold", "held" FROM "TicketType" WHERE "id" = ANY($1::text[])`,
    [seats.map(([id]) => id)],
  );
  for (const [id, n] of seats) {
    const row = rows.find((r) => r.id === id);
    const left = row ? seatsLeft(row) : 0;
    if (left < n) return { ticketTypeId: id, left };
  }
  return null;
}

/**
 * Holds a free booth for an order until `until`. Never two holders at once: a hold that has run out is
 * not taken over here but released first, so its order expires and a late payment for it is refunded
 * instead of being settled onto a booth that is no longer its own.
 */
export async function holdBooth(sql: Sql, boothId: string, orderId: string, until: Date, now: Date): Promise<boolean> {
  const taken = await sql.query(
    `UPDATE "Booth" SET "status" = 'held', "holdOrderId" = $2, "holdExpiresAt" = $3::timestamp, "updatedAt" = $4::timestamp
     WHERE "id" = $1 AND "status" = 'available'`,
    [boothId, orderId, iso(until), iso(now)],
  );
  return taken.rowCount > 0;
}

/** Moves the deadline of the booths an order holds (the desk's longer hold). */
export async function extendBoothHolds(sql: Sql, orderId: string, until: Date, now: Date): Promise<void> {
  await sql.query(
    `UPDATE "Booth" SET "holdExpiresAt" = $2::timestamp, "updatedAt" = $3::timestamp WHERE "holdOrderId" = $1 AND "status" = 'held'`,
    [orderId, iso(until), iso(now)],
  );
}

/**
 * Gives back what an order holds. The caller makes this happen once per order (it moves the order out of
 * its hold in the same transaction); a booth goes back only while this order still holds it, since an
 * expired hold may already have been taken over.
 */
export async function releaseHeld(sql: Sql, orderId: string, items: readonly StockItem[], now: Date): Promise<void> {
  const { seats, booths } = stockOf(items);
  for (const [id, n] of seats) {
    await sql.query(`UPDATE "TicketType" SET "held" = "held" - $2, "updatedAt" = $3::timestamp WHERE "id" = $1`, [
      id,
      n,
      iso(now),
    ]);
  }
  for (const id of booths) {
    await sql.query(
      `UPDATE "Booth" SET "status" = 'available', "holdOrderId" = NULL, "holdExpiresAt" = NULL, "updatedAt" = $3::timestamp
       WHERE "id" = $1 AND "status" = 'held' AND "holdOrderId" = $2`,
      [id, orderId, iso(now)],
    );
  }
}

/** Turns what an order holds into a sale. */
export async function sellHeld(sql: Sql, orderId: string, items: readonly StockItem[], now: Date): Promise<void> {
  const { seats, booths } = stockOf(items);
  for (const [id, n] of seats) {
    await sql.query(
      `UPDATE "TicketType" SET "held" = "held" - $2, "sold" = "sold" + $2, "updatedAt" = $3::timestamp WHERE "id" = $1`,
      [id, n, iso(now)],
    );
  }
  for (const id of booths) {
    await sql.query(
      `UPDATE "Booth" SET "status" = 'booked', "bookedOrderId" = $2, "holdOrderId" = NULL, "holdExpiresAt" = NULL, "updatedAt" = $3::timestamp
       WHERE "id" = $1 AND "holdOrderId" = $2`,
      [id, orderId, iso(now)],
    );
  }
}

/**
 * The order still marked as holding a booth although its hold has run out (other than `orderId`), with
 * the booth locked: it must be expired before the booth can be sold to someone else.
 */
export async function expiredHolderOf(sql: Sql, boothId: string, orderId: string, now: Date): Promise<string | null> {
  const { rows } = await sql.query<{ holdOrderId: string | null }>(
    `SELECT "holdOrderId" FROM "Booth" WHERE "id" = $1 AND "status" = 'held' AND "holdExpiresAt" <= $2::timestamp AND "holdOrderId" <> $3 FOR UPDATE`,
    [boothId, iso(now), orderId],
  );
  return rows[0]?.holdOrderId ?? null;
}

/**
 * For a payment that arrived after its hold ran out: locks the lines' stock and says whether all of it is
 * still free (seats within capacity, booths nobody holds). It writes nothing, so a refusal needs no undoing;
 * the locks keep the answer true until sellFree, in the same transaction, sells it.
 */
export async function lockFree(sql: Sql, items: readonly StockItem[], now: Date): Promise<boolean> {
  const { seats, booths } = stockOf(items);
  for (const [id, n] of seats) {
    const { rows } = await sql.query<{ fits: boolean }>(
      `SELECT ${SEATS_FIT} AS "fits" FROM "TicketType" WHERE "id" = $1 FOR UPDATE`,
      [id, n],
    );
    // Stryker disable next-line OptionalChaining: an order line's ticket type always exists (a foreign key, and types with orders are never deleted)
    if (!rows[0]?.fits) return false;
  }
  for (const id of booths) {
    const { rowCount } = await sql.query(`SELECT 1 FROM "Booth" WHERE "id" = $1 AND (${BOOTH_FREE}) FOR UPDATE`, [
      id,
      iso(now),
    ]);
    if (rowCount === 0) return false;
  }
  return true;
}

/** Sells stock that lockFree has just locked and found free. Anything else is a bug, and fails the transaction. */
export async function sellFree(sql: Sql, orderId: string, items: readonly StockItem[], now: Date): Promise<void> {
  const { seats, booths } = stockOf(items);
  for (const [id, n] of seats) {
    const sold = await sql.query(
      `UPDATE "TicketType" SET "sold" = "sold" + $2, "updatedAt" = $3::timestamp WHERE "id" = $1 AND ${SEATS_FIT}`,
      [id, n, iso(now)],
    );
    if (sold.rowCount === 0)
      throw new Error(`Ticket type ${id} has no room for ${n} seats: sellFree without lockFree?`);
  }
  for (const id of booths) {
    const booked = await sql.query(
      `UPDATE "Booth" SET "status" = 'booked', "bookedOrderId" = $3, "holdOrderId" = NULL, "holdExpiresAt" = NULL, "updatedAt" = $2::timestamp
       WHERE "id" = $1 AND (${BOOTH_FREE})`,
      [id, iso(now), orderId],
    );
    if (booked.rowCount === 0) throw new Error(`Booth ${id} is not free: sellFree without lockFree?`);
  }
}

/** One seat back on sale per ticket taken back (a refund), by ticket type. */
export async function returnSeats(sql: Sql, ticketTypeIds: readonly string[], now: Date): Promise<void> {
  const { seats } = stockOf(
    // Stryker disable next-line StringLiteral: stockOf counts a line's seats by the ticket type it names; the kind is for the type checker
    ticketTypeIds.map((ticketTypeId) => ({ kind: "ticket", ticketTypeId, boothId: null, quantity: 1 })),
  );
  for (const [id, n] of seats) {
    await sql.query(`UPDATE "TicketType" SET "sold" = "sold" - $2, "updatedAt" = $3::timestamp WHERE "id" = $1`, [
      id,
      n,
      iso(now),
    ]);
  }
}

/** Frees the booths an order has booked; only while it still has them, so a second call frees nothing. */
export async function returnBooths(sql: Sql, orderId: string, now: Date): Promise<void> {
  await sql.query(
    `UPDATE "Booth" SET "status" = 'available', "bookedOrderId" = NULL, "updatedAt" = $2::timestamp WHERE "bookedOrderId" = $1 AND "status" = 'booked'`,
    [orderId, iso(now)],
  );
}

/**
 * Sets a ticket type's capacity unless seats already sold or held would not fit in it: the same row a
 * buyer's hold updates, so a hold landing at the same moment cannot leave it oversold.
 */
export async function setCapacity(sql: Sql, ticketTypeId: string, capacity: number, now: Date): Promise<boolean> {
  const set = await sql.query(
    `UPDATE "TicketType" SET "capacity" = $2, "updatedAt" = $3::timestamp WHERE "id" = $1 AND "sold" + "held" <= $2`,
    [ticketTypeId, capacity, iso(now)],
  );
  return set.rowCount > 0;
}

/** Blocks a free booth or frees a blocked one (an admin's choice); false when it is not in the expected state. */
export async function blockBooth(sql: Sql, boothId: string, blocked: boolean, now: Date): Promise<boolean> {
  const [from, to] = blocked ? ["available", "blocked"] : ["blocked", "available"];
  const moved = await sql.query(
    `UPDATE "Booth" SET "status" = $3::"BoothStatus", "updatedAt" = $4::timestamp WHERE "id" = $1 AND "status" = $2::"BoothStatus"`,
    [boothId, from, to, iso(now)],
  );
  return moved.rowCount > 0;
}
