import type { Db, DbTx } from "../db/client";

/** A stock figure that does not match the orders and tickets behind it. */
export interface StockDrift {
  kind: "ticket_type" | "booth";
  id: string;
  /** The ticket type's name or the booth's code, for a reader. */
  name: string;
  /** `sold`, `held` or `status`. */
  field: string;
  actual: string;
  expected: string;
}

/**
 * Recounts stock from what it stands for and returns every figure that differs, so that a leak (a refund
 * that kept its seats, a hold released twice) shows up as a list rather than as a sold-out event nobody
 * can explain:
 * - a ticket type's `sold` is its valid tickets (issued for a paid order, not revoked);
 * - its `held` is the seats of its pending orders whose hold has not been released, plus the seats its
 *   waiting list's live offers hold;
 * - a booth is `booked` by the one paid (or partly refunded) order that has it, `held` by the one order
 *   whose hold is live, and otherwise `available` (or `blocked` by an admin).
 * Add-ons have no stock. One statement, so it reads one snapshot even while orders are being paid.
 */
export async function findStockDrift(db: Db | DbTx): Promise<StockDrift[]> {
  return db.$queryRaw<StockDrift[]>`
    WITH "valid" AS (
      SELECT "ticketTypeId" AS "id", count(*)::int AS "n" FROM "Ticket"
      WHERE "status" = 'valid' AND "ticketTypeId" IS NOT NULL GROUP BY 1
    ), "live" AS (
      SELECT i."ticketTypeId" AS "id", sum(i."quantity")::int AS "n"
      FROM "OrderItem" i JOIN "Order" o ON o."id" = i."orderId"
      WHERE i."kind" = 'ticket' AND i."ticketTypeId" IS NOT NULL AND o."status" = 'pending' AND o."holdReleasedAt" IS NULL
      GROUP BY 1
    ), "offered" AS (
      SELECT "ticketTypeId" AS "id", sum("quantity")::int AS "n" FROM "WaitlistEntry" WHERE "status" = 'offered' GROUP BY 1
    ), "claims" AS (
      SELECT i."boothId" AS "id",
        array_agg(o."id") FILTER (WHERE o."status" IN ('paid', 'partially_refunded')) AS "paid",
        array_agg(o."id") FILTER (WHERE o."status" = 'pending' AND o."holdReleasedAt" IS NULL) AS "holding"
      FROM "OrderItem" i JOIN "Order" o ON o."id" = i."orderId"
      WHERE i."kind" = 'booth' AND i."boothId" IS NOT NULL
      GROUP BY 1
    ), "booths" AS (
      SELECT b."id", b."code",
        b."status"::text || CASE b."status" WHEN 'booked' THEN ':' || coalesce(b."bookedOrderId", '-') WHEN 'held' THEN ':' || coalesce(b."holdOrderId", '-') ELSE '' END AS "actual",
        CASE
          WHEN c."paid" IS NULL AND c."holding" IS NULL THEN CASE WHEN b."status" = 'blocked' THEN 'blocked' ELSE 'available' END
          WHEN cardinality(c."paid") = 1 AND c."holding" IS NULL THEN 'booked:' || c."paid"[1]
          WHEN c."paid" IS NULL AND cardinality(c."holding") = 1 THEN 'held:' || c."holding"[1]
          ELSE 'one owner, not paid by ' || coalesce(array_to_string(c."paid", ','), '-') || ' and held by ' || coalesce(array_to_string(c."holding", ','), '-')
        END AS "expected"
      FROM "Booth" b LEFT JOIN "claims" c ON c."id" = b."id"
    )
    SELECT 'ticket_type' AS "kind", t."id", t."name", 'sold' AS "field", t."sold"::text AS "actual", coalesce(v."n", 0)::text AS "expected"
    FROM "TicketType" t LEFT JOIN "valid" v ON v."id" = t."id" WHERE t."sold" <> coalesce(v."n", 0)
    UNION ALL
    SELECT 'ticket_type', t."id", t."name", 'held', t."held"::text, (coalesce(l."n", 0) + coalesce(w."n", 0))::text
    FROM "TicketType" t LEFT JOIN "live" l ON l."id" = t."id" LEFT JOIN "offered" w ON w."id" = t."id"
    WHERE t."held" <> coalesce(l."n", 0) + coalesce(w."n", 0)
    UNION ALL
    SELECT 'booth', "id", "code", 'status', "actual", "expected" FROM "booths" WHERE "actual" <> "expected"
    ORDER BY 1, 3, 4`;
}
