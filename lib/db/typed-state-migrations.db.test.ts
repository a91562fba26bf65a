import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, expect, it } from "vitest";
import { applyMigrations, readMigrations, type SqlRunner } from "./migrate";

/**
 * Issue 13.3: the settlement moved out of Payment.metadata into an enum column, and a callback's outcome
 * string split into an enum and its explanation. Rows written before those migrations must read the same
 * afterwards, so the data is migrated, not dropped.
 */
const all = readMigrations();
const first = all.findIndex((m) => m.name.endsWith("_payment_settlement"));
let pg: PGlite;

beforeAll(async () => {
  expect(first).toBeGreaterThan(0);
  expect(all.findIndex((m) => m.name.endsWith("_callback_outcome"))).toBeGreaterThan(first);
  pg = new PGlite();
  await applyMigrations(pg as SqlRunner, all.slice(0, first));
  await pg.exec(`
    INSERT INTO "Event" (id, slug, name, description, venue, city, country, currency, timezone, "startsAt", "endsAt", "updatedAt")
      VALUES ('e', 'e', 'E', '', '', '', 'KE', 'KES', 'Africa/Nairobi', now(), now(), now());
    INSERT INTO "Order" (id, reference, "eventId", "buyerName", "buyerEmail", "buyerPhone", "totalMinor", currency, "expiresAt", "accessToken", "updatedAt")
      VALUES ('o', 'LG-TEST', 'e', 'A', 'a@example.com', '+254700000000', 100, 'KES', now(), 't', now());
    INSERT INTO "Payment" (id, "orderId", gateway, status, "amountMinor", currency, "expiresAt", "updatedAt", metadata) VALUES
      ('paid', 'o', 'daraja', 'succeeded', 100, 'KES', now(), now(), '{"settlement":"paid"}'),
      ('late', 'o', 'dpo', 'succeeded', 100, 'KES', now(), now(), '{"settlement":"paid_late"}'),
      ('cash', 'o', 'cash', 'succeeded', 100, 'KES', now(), now(), '{"settlement":"no_capacity","cash":{"receiptNumber":"A-1"}}'),
      ('dup', 'o', 'daraja', 'succeeded', 100, 'KES', now(), now(), '{"settlement":"already_paid"}'),
      ('gone', 'o', 'daraja', 'succeeded', 100, 'KES', now(), now(), '{"settlement":"order_cancelled"}'),
      ('paybill', 'o', 'daraja', 'pending', 100, 'KES', now(), now(), '{"paybill":{"transId":"RK1"}}'),
      ('none', 'o', 'daraja', 'failed', 100, 'KES', now(), now(), NULL);
    INSERT INTO "CallbackLog" (id, gateway, kind, headers, body, outcome) VALUES
      ('c1', 'daraja', 'stk', '{}', '{}', 'applied: payment succeeded, order paid'),
      ('c2', 'daraja', 'stk', '{}', '{}', 'no change: payment already succeeded'),
      ('c3', 'daraja', 'stk', '{}', '{}', 'not applied: the gateway says the payment is still pending (claimed succeeded)'),
      ('c4', 'daraja', 'stk', '{}', '{}', 'duplicate: already handled'),
      ('c5', 'ksher', 'notification', '{}', '{}', 'rejected: signature does not verify'),
      ('c6', 'daraja', 'c2b-validation', '{}', '{}', 'refused C2B00012: account "X" is not an order awaiting payment'),
      ('c7', 'dpo', 'notification', '{}', '{}', 'refused: the notification claims a different amount or currency than the payment'),
      ('c8', 'daraja', 'c2b-confirmation', '{}', '{}', 'unmatched: no KES order "X" for RK2; refund it from the M-Pesa portal'),
      ('c9', 'daraja', 'c2b-confirmation', '{}', '{}', 'awaiting Safaricom''s Transaction Status answer'),
      ('c10', 'daraja', 'status-result', '{}', '{}', 'not confirmed: Transaction Status answered 2001; asked again later'),
      ('c11', 'daraja', 'stk', '{}', '{}', 'unconfirmed: HTTP 500'),
      ('c12', 'daraja', 'b2c-result', '{}', '{}', 'refund succeeded'),
      ('c13', 'daraja', 'b2c-result', '{}', '{}', 'refund failed'),
      ('c14', 'daraja', 'stk', '{}', '{}', 'received'),
      ('c15', 'daraja', 'stk', '{}', '{}', 'error: Error: connection reset'),
      ('c16', 'daraja', 'c2b-validation', '{}', '{}', 'accepted: RK3 for order LG-TEST'),
      ('c17', 'dpo', 'notification', '{}', '{}', 'ignored: not a payment notification'),
      ('c18', 'dpo', 'notification', '{}', '{}', 'something nobody wrote');
  `);
  await applyMigrations(pg as SqlRunner, all);
});

afterAll(async () => {
  await pg?.close();
});

it("moves metadata.settlement into Payment.settlement and keeps the rest of the metadata", async () => {
  const { rows } = await pg.query<{ id: string; settlement: string | null; metadata: unknown }>(
    `SELECT id, settlement::text AS settlement, metadata FROM "Payment" ORDER BY id`,
  );
  expect(rows).toEqual([
    { id: "cash", settlement: "no_capacity", metadata: { cash: { receiptNumber: "A-1" } } },
    { id: "dup", settlement: "already_paid", metadata: null },
    { id: "gone", settlement: "order_cancelled", metadata: null },
    { id: "late", settlement: "paid_late", metadata: null },
    { id: "none", settlement: null, metadata: null },
    { id: "paid", settlement: "paid", metadata: null },
    { id: "paybill", settlement: null, metadata: { paybill: { transId: "RK1" } } },
  ]);
});

it("splits each callback's outcome string into the enum and the explanation", async () => {
  const { rows } = await pg.query<{ id: string; outcome: string; detail: string | null }>(
    `SELECT id, outcome::text AS outcome, detail FROM "CallbackLog" ORDER BY substring(id FROM 2)::int`,
  );
  expect(rows.map((r) => [r.outcome, r.detail])).toEqual([
    ["applied", "payment succeeded, order paid"],
    ["no_change", "payment already succeeded"],
    ["not_applied", "the gateway says the payment is still pending (claimed succeeded)"],
    ["duplicate", "already handled"],
    ["rejected", "signature does not verify"],
    ["refused", 'C2B00012: account "X" is not an order awaiting payment'],
    ["refused", "the notification claims a different amount or currency than the payment"],
    ["unmatched", 'no KES order "X" for RK2; refund it from the M-Pesa portal'],
    ["awaiting", "Safaricom's Transaction Status answer"],
    ["unconfirmed", "Transaction Status answered 2001; asked again later"],
    ["unconfirmed", "HTTP 500"],
    ["refund_succeeded", null],
    ["refund_failed", null],
    ["received", null],
    ["error", "Error: connection reset"],
    ["accepted", "RK3 for order LG-TEST"],
    ["ignored", "not a payment notification"],
    // Text no code wrote is kept whole rather than lost.
    ["error", "something nobody wrote"],
  ]);
});
