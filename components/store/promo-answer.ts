import type { TicketTypeView } from "@/lib/catalog/events";
import { DEFAULT_LOCALE } from "@/lib/i18n/config";
import type { EventPromo } from "@/lib/promo/event-promo";

/** The words a promo answer may need from the page's messages (`store.promo`). */
export interface PromoAnswerWords {
  /** The code could not be checked at all (offline, a proxy's error page, a 5xx). */
  unreachable: string;
  /** Too many codes that do not exist were tried from this client (`store.promo.tooManyTries`). */
  tooManyTries: string;
}

/**
 * Why a client over the promo-guess limit (`rate_limited`, lib/promo/guesses.ts) is refused, as the page
 * says it. The server's message in English, which may carry particulars; in another language the API can
 * only say what `rate_limited` means for every limit ("too many requests"), so the page says what this one
 * means in its own words, as lib/promo/event-promo.ts does for the other reasons a code is refused.
 */
export function guessLimitReason(serverMessage: string | undefined, lang: string, tooManyTries: string): string {
  return lang === DEFAULT_LOCALE && serverMessage ? serverMessage : tooManyTries;
}

/**
 * GET /api/events/{slug}?promo=CODE as the event page's code field reads it: the promo (valid or not,
 * with the server's reason) and the ticket types it unlocks, or what to show by the field instead.
 */
export async function readPromoAnswer(
  res: Response,
  lang: string,
  words: PromoAnswerWords,
): Promise<{ promo: EventPromo; ticketTypes: TicketTypeView[] } | { error: string }> {
  let body: { promo?: EventPromo; ticketTypes?: TicketTypeView[]; error?: { code?: unknown; message?: unknown } };
  try {
    body = (await res.json()) as typeof body;
  } catch {
    return { error: words.unreachable };
  }
  if (res.status === 429 && body?.error?.code === "rate_limited") {
    const message = typeof body.error.message === "string" ? body.error.message : undefined;
    return { error: guessLimitReason(message, lang, words.tooManyTries) };
  }
  if (!res.ok || !body?.promo) return { error: words.unreachable };
  return { promo: body.promo, ticketTypes: body.ticketTypes ?? [] };
}
