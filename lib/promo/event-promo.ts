import "server-only";
import { DEFAULT_LOCALE, type Locale } from "../i18n/config";
import { getTranslator } from "../i18n/translator";
import { ticketTypeView, type EventDetail, type TicketTypeView } from "../catalog/events";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { DIRECT_CLIENT } from "../http/client-ip";
import { promoProblem, ruleOf, type PromoCodeRow } from "./codes";
import { findPromoGuess } from "./guesses";
import type { DiscountRule } from "./pricing";

/** `promo` on GET /api/events/{slug}?promo=CODE: whether the code works now and, if so, what it does. */
export interface EventPromo {
  /** As stored when it exists (upper case), else as typed (normalised). */
  code: string;
  valid: boolean;
  description?: string;
  /** Why it cannot be used, as the checkout would refuse it. */
  error?: { code: string; message: string };
  /** What it takes off, so the checkout can preview the total the server will charge (same function). */
  discount?: DiscountRule;
  /** Hidden ticket types it unlocks (listed in `ticketTypes` too). */
  unlocks?: string[];
}

/**
 * The event as a buyer with this code sees it: the hidden ticket types the code unlocks join the list,
 * and `promo` says whether the code works. An unknown, paused or expired code unlocks nothing. Codes that
 * do not exist count against `client` (guesses.ts); a caller that cannot name the client's address
 * counts them against the bucket every client of unknown address shares, so no caller lets guesses
 * through uncounted. A client over the limit gets error `rate_limited` and learns nothing of the code.
 */
export async function withPromo<E extends Pick<EventDetail, "ticketTypes">>(
  db: Db,
  eventId: string,
  event: E,
  typed: string,
  now = new Date(),
  lang: Locale = DEFAULT_LOCALE,
  client: string = DIRECT_CLIENT,
): Promise<E & { promo: EventPromo }> {
  let promo: PromoCodeRow | null;
  let problem: AppError | null;
  try {
    promo = await findPromoGuess(db, eventId, typed, client, now);
    problem = promoProblem(promo, now);
  } catch (err) {
    // Said like any other refusal, so the checkout page shows it by the code field.
    if (!(err instanceof AppError) || err.code !== "rate_limited") throw err;
    promo = null;
    problem = err;
  }
  if (!promo || problem) {
    const error = problem ?? { code: "promo_invalid", message: "That promo code is not valid for this event." };
    return {
      ...event,
      promo: {
        code: promo?.code ?? typed.trim().toUpperCase(),
        valid: false,
        // The code's meaning in the reader's language; English keeps the particulars ("expired on 1 May").
        error: {
          code: error.code,
          message: lang === DEFAULT_LOCALE ? error.message : (await getTranslator(lang))(`errors.${error.code}`),
        },
      },
    };
  }
  const hidden = promo.unlocksTicketTypeIds.length
    ? await db.ticketType.findMany({
        where: { eventId, hidden: true, id: { in: promo.unlocksTicketTypeIds } },
        orderBy: { sortOrder: "asc" },
      })
    : [];
  const unlocked: TicketTypeView[] = hidden.map((t) => ticketTypeView(t, now, lang));
  return {
    ...event,
    ticketTypes: [...event.ticketTypes, ...unlocked],
    promo: {
      code: promo.code,
      valid: true,
      ...(promo.description && { description: promo.description }),
      discount: ruleOf(promo),
      unlocks: unlocked.map((t) => t.id),
    },
  };
}
