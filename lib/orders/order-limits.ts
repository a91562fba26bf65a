import "server-only";
import type { Db } from "../db/client";
import { refuseIf } from "../db/refusal";
import type { Sql, Statement } from "../db/sql";
import { readEnv } from "../env";
import { AppError } from "../errors";
import { clientBucket, DIRECT_CLIENT } from "../http/client-ip";
import { enforce } from "../rate-limit";

/** The window of the per-IP order limit (ORDER_RATE_LIMIT_PER_IP orders in it). */
export const ORDER_IP_WINDOW_MS = 10 * 60_000;
/** Booths one e-mail may hold unpaid for one event at a time, whoever places the order. */
export const MAX_OPEN_BOOTH_HOLDS = 3;
/** Unpaid seats a buyer may hold per unpaid order allowed (3 orders: 12 seats, a family and then some). */
const SEATS_PER_ORDER = 4;
/**
 * Clients whose address is unknown (no TRUST_PROXY) all count as one: their bucket is this many times
 * the per-address limit, so hundreds of real buyers in an on-sale still get through while one script
 * cannot hold an event's whole stock unpaid. Desk holds (48 h each) get the smaller factor.
 */
export const SHARED_BUCKET_FACTOR = { unpaid: 100, desk: 20 } as const;

/** The public limits on unpaid holds, from UNPAID_HOLDS_PER_BUYER, UNPAID_HOLDS_PER_IP and DESK_HOLD_PERCENT. */
export interface HoldLimits {
  /** Unpaid orders and booths per buyer and event (0: no limit); seats and desk holds follow from it. */
  perBuyer: number;
  /** Unpaid orders per client address and event (0: no limit); desk holds follow from it. */
  perClient: number;
  /** Percent of each ticket type's seats, and of an event's booths, that desk holds may take at once. */
  deskPercent: number;
  /** Free seats per client address and event, held or confirmed (0: no limit; FREE_SEATS_PER_IP). */
  freePerClient: number;
}

export function holdLimits(env: Record<string, string | undefined> = process.env): HoldLimits {
  const e = readEnv(env);
  return {
    perBuyer: e.UNPAID_HOLDS_PER_BUYER,
    perClient: e.UNPAID_HOLDS_PER_IP,
    deskPercent: e.DESK_HOLD_PERCENT,
    freePerClient: e.FREE_SEATS_PER_IP,
  };
}

/** An order placed through the public API: who placed it, and the limits it is held to. */
export interface OrderSource {
  clientKey: string;
  limits: HoldLimits;
}

/** Who a public request counts as for the limits: its address, or the bucket of every unknown one. */
export function publicClientKey(headers: Headers, env: Record<string, string | undefined> = process.env): string {
  return clientBucket(headers, env) ?? DIRECT_CLIENT;
}

export function publicOrderSource(
  headers: Headers,
  env: Record<string, string | undefined> = process.env,
): OrderSource {
  return { clientKey: publicClientKey(headers, env), limits: holdLimits(env) };
}

/**
 * One inbox, however it is written: lower case, without a "+tag", and without the dots Gmail ignores,
 * so `Hoarder+1@gmail.com` and `h.o.arder@googlemail.com` are one buyer to the hold limits.
 */
export function emailKey(email: string): string {
  const at = email.lastIndexOf("@");
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase();
  let local = email.slice(0, at).trim().toLowerCase();
  local = local.split("+")[0] || local;
  if (domain === "gmail.com" || domain === "googlemail.com") return `${local.replaceAll(".", "")}@gmail.com`;
  return `${local}@${domain}`;
}

/**
 * Orders are anonymous and every one holds stock, so a script could keep seats and booths held forever
 * by ordering again as each hold runs out. Each client IP may place ORDER_RATE_LIMIT_PER_IP orders per ten
 * minutes (0: no limit, e.g. for a load test from one machine). With no known IP (no TRUST_PROXY) there is
 * no per-IP rate: one bucket for every buyer would let one script stop all sales. What such a client can
 * keep held is capped instead, in the holding transaction (checkUnpaidHoldsInTx).
 */
export async function enforceOrderRateLimit(
  db: Db,
  ip: string | undefined,
  env: Record<string, string | undefined> = process.env,
  now = new Date(),
): Promise<void> {
  const limit = readEnv(env).ORDER_RATE_LIMIT_PER_IP;
  if (!ip || limit === 0) return;
  await enforce(
    db,
    `orders:ip:${ip}`,
    limit,
    ORDER_IP_WINDOW_MS,
    "Too many orders from your network in a short time. Wait a few minutes, then try again.",
    now,
  );
}

/**
 * Takes transaction-scoped locks in one global order, so two holders of overlapping keys cannot deadlock,
 * in one round trip: the aggregate takes them row by row in the array's (sorted) order.
 */
function lockKeys(keys: string[]): Statement {
  return {
    text: `SELECT count(pg_advisory_xact_lock(hashtext(k.key)))::int AS "locked"
     FROM (SELECT key FROM unnest($1::text[]) WITH ORDINALITY AS u(key, i) ORDER BY i) AS k`,
    params: [[...new Set(keys)].sort()],
  };
}

/** "pending and still holding" in SQL, for an order aliased `o`; $2 is now. */
const LIVE = `o."status" = 'pending' AND o."holdReleasedAt" IS NULL AND o."expiresAt" > $2::timestamp`;

function tooMany(message: string, details: { held: number; limit: number; minutesLeft: number | null }): AppError {
  const minutes = details.minutesLeft != null ? Math.max(1, details.minutesLeft) : null;
  return new AppError(
    "too_many_unpaid_orders",
    `${message}${minutes ? ` The first of those holds runs out in about ${minutes} min.` : ""}`,
    undefined,
    { held: details.held, limit: details.limit, ...(minutes && { retryAfterSeconds: minutes * 60 }) },
  );
}

interface HeldCounts {
  orders: number;
  seats: number;
  booths: number;
  minutesLeft: number | null;
  clientOrders: number;
  clientMinutesLeft: number | null;
}

/** $1 event, $2 now, $3 e-mail key, $4 phone (null: the e-mail alone), $5 client key (null: not counted). */
const HELD_COUNTS = `
  SELECT b.*, c.*
  FROM (
    SELECT count(*)::int AS "orders", coalesce(sum(s."seats"), 0)::int AS "seats", coalesce(sum(s."booths"), 0)::int AS "booths",
      ceil(extract(epoch FROM min(o."expiresAt") - $2::timestamp) / 60)::int AS "minutesLeft"
    FROM "Order" o
    CROSS JOIN LATERAL (
      SELECT coalesce(sum(i."quantity") FILTER (WHERE i."kind" = 'ticket'), 0) AS "seats", count(*) FILTER (WHERE i."kind" = 'booth') AS "booths"
      FROM "OrderItem" i WHERE i."orderId" = o."id") s
    WHERE o."eventId" = $1 AND ${LIVE} AND (o."buyerEmailKey" = $3::text OR o."buyerPhone" = $4::text)
  ) b
  CROSS JOIN (
    SELECT count(*)::int AS "clientOrders",
      ceil(extract(epoch FROM min(o."expiresAt") - $2::timestamp) / 60)::int AS "clientMinutesLeft"
    FROM "Order" o WHERE o."eventId" = $1 AND o."clientKey" = $5::text AND ${LIVE}
  ) c`;

export interface HoldRequest {
  eventId: string;
  emailKey: string;
  phone: string;
  seats: number;
  booths: number;
  /** The largest per-order maximum among the event's ticket types: one full order always fits. */
  largestPerOrder: number;
  now: Date;
  /** Set for orders from the public API; without it only the booth limit per e-mail applies. */
  source?: OrderSource;
}

/** What a hold request is checked against: the locks, the count query's parameters, and the most of each it may already hold. */
interface UnpaidHoldsPlan {
  keys: string[];
  params: unknown[];
  /** The most already held for this order to fit (null: not limited). */
  most: { orders: number | null; seats: number | null; booths: number | null; clientOrders: number | null };
  perBuyer: number;
  boothLimit: number;
  seatLimit: number;
  clientLimit: number;
}

function planUnpaidHolds(h: HoldRequest): UnpaidHoldsPlan | null {
  const limits = h.source?.limits;
  const perBuyer = limits?.perBuyer ?? 0;
  const boothLimit = perBuyer || MAX_OPEN_BOOTH_HOLDS;
  const checkBuyer = perBuyer > 0 || h.booths > 0;
  const checkClient = !!h.source && h.source.limits.perClient > 0;
  if (!checkBuyer && !checkClient) return null;

  // Internal callers (demo data, admin tools) place orders for many buyers with one phone: only the
  // e-mail counts for them, as the booth limit always did.
  const phone = perBuyer > 0 ? h.phone : null;
  const keys = [`holds:${h.eventId}:email:${h.emailKey}`];
  if (phone) keys.push(`holds:${h.eventId}:phone:${phone}`);
  if (checkClient) keys.push(`holds:${h.eventId}:client:${h.source!.clientKey}`);
  const seatLimit = buyerSeatLimit(perBuyer, h.largestPerOrder);
  const perClient = h.source?.limits.perClient ?? 0;
  const clientLimit = h.source?.clientKey === DIRECT_CLIENT ? perClient * SHARED_BUCKET_FACTOR.unpaid : perClient;
  return {
    keys,
    params: [h.eventId, h.now.toISOString(), h.emailKey, phone, checkClient ? h.source!.clientKey : null],
    most: {
      orders: perBuyer > 0 ? perBuyer - 1 : null,
      seats: perBuyer > 0 && h.seats > 0 ? seatLimit - h.seats : null,
      booths: h.booths > 0 ? boothLimit - h.booths : null,
      clientOrders: checkClient ? clientLimit - 1 : null,
    },
    perBuyer,
    boothLimit,
    seatLimit,
    clientLimit,
  };
}

/** Which limit counts already at the most break, in the order they are reported. */
const OVER = (["booths", "orders", "seats", "clientOrders"] as const).map((k) => ({
  key: k,
  sql: `"held"."${k}" > $${{ booths: 6, orders: 7, seats: 8, clientOrders: 9 }[k]}::int`,
}));

/**
 * The unpaid-hold limits as statements that need no answer (Sql.defer): the buyer's and the client's
 * locks, then a refusal (`unpaid_holds`) if what they hold leaves no room for this order. On a refusal the
 * transaction is gone; checkUnpaidHoldsInTx, in a new one, then says which limit and by how much (or finds
 * a hold has run out since, and the order may be tried again). No statements when nothing is limited.
 */
export function unpaidHoldsGuard(h: HoldRequest): Statement[] {
  const plan = planUnpaidHolds(h);
  if (!plan) return [];
  const { most } = plan;
  return [
    lockKeys(plan.keys),
    refuseIf("unpaid_holds", `SELECT 1 FROM (${HELD_COUNTS}) AS "held" WHERE ${OVER.map((o) => o.sql).join(" OR ")}`, [
      ...plan.params,
      most.booths,
      most.orders,
      most.seats,
      most.clientOrders,
    ]),
  ];
}

/**
 * What one buyer and one client may hold unpaid for an event at once, counting this order: orders,
 * seats and booths per buyer (by e-mail key or phone), and orders per client address, or per the one
 * bucket every client of unknown address shares. Called inside the holding transaction before any stock
 * moves; the advisory locks on the buyer and the client make simultaneous orders from them count one
 * after the other, so twenty at once cannot all slip under a limit together. Says which limit is reached
 * and when the first hold runs out; unpaidHoldsGuard is the same rule for a transaction sent in one go.
 */
export async function checkUnpaidHoldsInTx(sql: Sql, h: HoldRequest): Promise<AppError | null> {
  const plan = planUnpaidHolds(h);
  if (!plan) return null;
  const { perBuyer, boothLimit, seatLimit, most } = plan;
  // The locks, then what the buyer and the client hold (a statement of its own, so it sees every order
  // committed before the locks were granted), in one round trip with the transaction's BEGIN. Minutes
  // until the first hold runs out are computed by the database.
  const [, held] = await sql.batch([lockKeys(plan.keys), { text: HELD_COUNTS, params: plan.params }]);
  const counts = held.rows[0] as HeldCounts | undefined;
  const n = {
    orders: counts?.orders ?? 0,
    seats: counts?.seats ?? 0,
    booths: counts?.booths ?? 0,
    clientOrders: counts?.clientOrders ?? 0,
  };
  const over = OVER.find(({ key }) => most[key] !== null && n[key] > most[key]!)?.key;
  const who = perBuyer > 0 ? "One buyer (the same e-mail address or phone number)" : "One e-mail address";
  const minutesLeft = counts?.minutesLeft ?? null;
  switch (over) {
    case "booths": {
      const already =
        n.booths === 0
          ? ""
          : ` You already hold ${n.booths} unpaid ${n.booths === 1 ? "booth" : "booths"} for this event.`;
      return tooMany(
        `${who} can hold at most ${boothLimit} unpaid booths per event.${already} Pay for ${n.booths === 1 ? "it" : "them"} on the order page, or wait until a hold runs out, then book again.`,
        { held: n.booths, limit: boothLimit, minutesLeft },
      );
    }
    case "orders":
      return tooMany(
        `${who} can have at most ${perBuyer} unpaid orders for this event at once, and you have ${n.orders}. Pay for one on its order page, or wait until a hold runs out, then order again.`,
        { held: n.orders, limit: perBuyer, minutesLeft },
      );
    case "seats":
      return tooMany(
        `${who} can hold at most ${seatLimit} unpaid tickets for this event at once; you already hold ${n.seats}. Pay for them on the order page first, or order fewer.`,
        { held: n.seats, limit: seatLimit, minutesLeft },
      );
    case "clientOrders":
      return tooMany(
        `Too many unpaid orders for this event from your network (at most ${plan.clientLimit} at once). Pay for the ones you have, or wait until a hold runs out, then try again.`,
        { held: n.clientOrders, limit: plan.clientLimit, minutesLeft: counts?.clientMinutesLeft ?? null },
      );
    default:
      return null;
  }
}

/** Seats one buyer may hold unpaid (or take free) per event: one full order always fits. */
export const buyerSeatLimit = (perBuyer: number, largestPerOrder: number) =>
  Math.max(perBuyer * SEATS_PER_ORDER, largestPerOrder);

export interface DeskRequest {
  orderId: string;
  eventId: string;
  emailKey: string;
  phone: string;
  clientKey: string | null;
  now: Date;
  limits: HoldLimits;
}

/**
 * May this order's hold be stretched to a desk hold (48 h by default)? At most half of a buyer's unpaid
 * orders, a third of a client's, and DESK_HOLD_PERCENT of each ticket type's seats (and of the event's
 * booths) may wait at the desk at once, counting this order; beyond that the buyer is asked to pay by
 * mobile money or card, and the short hold they already have stays as it was. One lock per event makes
 * desk decisions for it count one after the other.
 */
export async function checkDeskHoldInTx(sql: Sql, d: DeskRequest): Promise<AppError | null> {
  await sql.batch([lockKeys([`desk-holds:${d.eventId}`])]);
  const now = d.now.toISOString();
  const deskLive = `${LIVE} AND o."deskHoldAt" IS NOT NULL AND o."id" <> $3`;
  const elsewhere = "Please pay by mobile money or card instead; your order keeps its seats until its hold runs out.";

  const { perBuyer, perClient, deskPercent } = d.limits;
  if (perBuyer > 0) {
    const limit = Math.ceil(perBuyer / 2);
    const {
      rows: [row],
    } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM "Order" o WHERE o."eventId" = $1 AND ${deskLive} AND (o."buyerEmailKey" = $4 OR o."buyerPhone" = $5)`,
      [d.eventId, now, d.orderId, d.emailKey, d.phone],
    );
    if ((row?.n ?? 0) + 1 > limit) {
      return new AppError(
        "too_many_desk_holds",
        `You already have ${row!.n} ${row!.n === 1 ? "order" : "orders"} waiting for payment at the desk for this event (at most ${limit}). Pay for ${row!.n === 1 ? "it" : "them"} first. ${elsewhere}`,
        undefined,
        { held: row!.n, limit },
      );
    }
  }
  if (perClient > 0 && d.clientKey) {
    const perAddress = Math.ceil(perClient / 3);
    const limit = d.clientKey === DIRECT_CLIENT ? perAddress * SHARED_BUCKET_FACTOR.desk : perAddress;
    const {
      rows: [row],
    } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS "n" FROM "Order" o WHERE o."eventId" = $1 AND ${deskLive} AND o."clientKey" = $4`,
      [d.eventId, now, d.orderId, d.clientKey],
    );
    if ((row?.n ?? 0) + 1 > limit) {
      return new AppError(
        "too_many_desk_holds",
        `Too many orders from your network are already waiting for payment at the desk for this event. ${elsewhere}`,
        undefined,
        { held: row!.n, limit },
      );
    }
  }
  if (deskPercent >= 100) return null;

  const share = (capacity: number) => Math.ceil((capacity * deskPercent) / 100);
  const { rows: types } = await sql.query<{ id: string; name: string; capacity: number; mine: number; atDesk: number }>(
    `SELECT t."id", t."name", t."capacity", i."quantity" AS "mine",
       (SELECT coalesce(sum(di."quantity"), 0)::int FROM "OrderItem" di JOIN "Order" o ON o."id" = di."orderId"
        WHERE di."ticketTypeId" = t."id" AND di."kind" = 'ticket' AND o."eventId" = $1 AND ${deskLive}) AS "atDesk"
     FROM "OrderItem" i JOIN "TicketType" t ON t."id" = i."ticketTypeId"
     WHERE i."orderId" = $3 AND i."kind" = 'ticket'`,
    [d.eventId, now, d.orderId],
  );
  const full = types.find((t) => t.atDesk + t.mine > share(t.capacity));
  if (full) {
    return new AppError(
      "desk_holds_full",
      `Paying at the desk is not available for ${full.name} tickets right now: the seats set aside for desk payment are all taken. ${elsewhere}`,
      undefined,
      { ticketTypeId: full.id },
    );
  }
  const {
    rows: [booths],
  } = await sql.query<{ mine: number; total: number; atDesk: number }>(
    `SELECT (SELECT count(*)::int FROM "OrderItem" i WHERE i."orderId" = $3 AND i."kind" = 'booth') AS "mine",
       (SELECT count(*)::int FROM "Booth" b WHERE b."eventId" = $1) AS "total",
       (SELECT count(*)::int FROM "OrderItem" di JOIN "Order" o ON o."id" = di."orderId" WHERE di."kind" = 'booth' AND o."eventId" = $1 AND ${deskLive}) AS "atDesk"`,
    [d.eventId, now, d.orderId],
  );
  if (booths && booths.mine > 0 && booths.atDesk + booths.mine > share(booths.total)) {
    return new AppError(
      "desk_holds_full",
      `Paying at the desk is not available for booths right now: the booths set aside for desk payment are all taken. ${elsewhere}`,
    );
  }
  return null;
}
