import "server-only";
import type { Db } from "../db/client";
import { sqlOf } from "../db/sql";
import { AppError } from "../errors";
import { DIRECT_CLIENT } from "../http/client-ip";
import { enforceAll, type Limit } from "../rate-limit";
import { PROMO_CODE_BY_NAME, type PromoCodeRow } from "./codes";
import { normalizePromoCode } from "./pricing";

/** The window promo-code misses are counted in. */
export const PROMO_MISS_WINDOW_MS = 10 * 60_000;

/**
 * Codes tried that the event does not have (or has paused: a buyer cannot tell the two apart) per client
 * and window, for one event and for all events together. A buyer mistypes a code a few times; finding one
 * by guessing takes thousands of tries, and a code found unlocks hidden ticket types and discounts. Only
 * where the client's address is known (TRUST_PROXY): for clients of unknown address one shared bucket would
 * let a hundred mistyped links, or one script, switch every real code off for everyone mid on-sale, as one
 * for orders would stop all sales (ORDER_RATE_LIMIT_PER_IP). Codes that exist but have expired or are used
 * up are not misses: a buyer is told so plainly, and a guesser cannot aim at them.
 */
export const PROMO_MISS_LIMIT = { event: 10, allEvents: 30 } as const;

const TOO_MANY =
  "Too many promo codes that do not exist have been tried from your network. Check the code you were given, and try again in a few minutes.";

export function tooManyPromoMisses(): AppError {
  return new AppError("rate_limited", TOO_MANY, undefined, { retryAfterSeconds: PROMO_MISS_WINDOW_MS / 1000 });
}

function missLimits(eventId: string, client: string): Limit[] {
  if (client === DIRECT_CLIENT) return [];
  const limit = (key: string, max: number): Limit => ({
    key,
    limit: max,
    windowMs: PROMO_MISS_WINDOW_MS,
    message: TOO_MANY,
  });
  return [
    limit(`promo:miss:event:${eventId}:${client}`, PROMO_MISS_LIMIT.event),
    limit(`promo:miss:client:${client}`, PROMO_MISS_LIMIT.allEvents),
  ];
}

/**
 * The event's code as a public caller typed it (any case, spaces around), or null; `client` is the
 * caller's order-source client key (an address, or DIRECT_CLIENT). A miss counts against the client, and
 * over the limit it answers 429 `rate_limited`. Once over it, the client's codes that do exist are refused
 * too, without counting: otherwise a code found among the 429s would still tell a guess that hit. A code
 * that exists costs what it always did, one read: whether the client is over the limit comes with it.
 */
export async function findPromoGuess(
  db: Db,
  eventId: string,
  typed: string,
  client: string,
  now = new Date(),
): Promise<PromoCodeRow | null> {
  const code = normalizePromoCode(typed);
  if (!code) return null;
  const limits = missLimits(eventId, client);
  const {
    rows: [row],
  } = await sqlOf(db).query<PromoCodeRow & { refused: boolean }>(
    `SELECT g."refused", p.*
     FROM (SELECT EXISTS (
       SELECT 1 FROM "RateLimit" r JOIN unnest($3::text[], $4::int[]) AS l("key", "limit") ON r."key" = l."key"
       WHERE r."resetAt" > $5::timestamp AND r."count" > l."limit") AS "refused") g
     LEFT JOIN (${PROMO_CODE_BY_NAME}) p ON true`,
    [eventId, code, limits.map((l) => l.key), limits.map((l) => l.limit), now.toISOString()],
  );
  const { refused, ...promo } = row;
  if (refused) throw tooManyPromoMisses();
  if (promo.id && !promo.paused) return promo;
  if (limits.length) await enforceAll(db, limits, now);
  return promo.id ? promo : null;
}
