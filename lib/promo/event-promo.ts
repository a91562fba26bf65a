import "server-only";
import { DEFAULT_LOCALE, type Locale } from "../i18n/config";
import { getTranslator } from "../i18n/translator";
import { ticketTypeView, type EventDetail, type TicketTypeView } from "../catalog/events";
import type { Db } from "../db/client";
import { sqlOf } from "../db/sql";
import { findPromoCode, promoProblem, ruleOf } from "./codes";
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
 * and `promo` says whether the code works. An unknown, paused or expired code unlocks nothing.
 */
export async function withPromo<E extends Pick<EventDetail, "ticketTypes">>(
  db: Db,
  eventId: string,
  event: E,
  typed: string,
  now = new Date(),
  lang: Locale = DEFAULT_LOCALE,
): Promise<E & { promo: EventPromo }> {
  const promo = await findPromoCode(sqlOf(db), eventId, typed);
  const problem = promoProblem(promo, now);
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
