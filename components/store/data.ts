import "server-only";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { getLocale } from "next-intl/server";
import { cache } from "react";
import { getEventDetail, listUpcomingEvents } from "@/lib/catalog/events";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/config";
import { orderCaller } from "@/lib/orders/order-access";
import { getOrderViewFor, type OrderViewFor } from "@/lib/orders/order-view";
import { ticketsByAccessToken } from "@/lib/tickets/by-access-token";

/** Turns the catalogue's "no such thing" into the route's not-found page; anything else is a real error. */
async function orNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
}

/** The page's language decides which of the organiser's texts are shown (lib/i18n/content.ts). */
const pageLocale = async () => (await getLocale()) as Locale;

export const loadUpcomingEvents = cache(async () => listUpcomingEvents(await getDb(), new Date(), await pageLocale()));

/** One request may ask twice (metadata and page): the database is read once. */
export const loadEvent = cache(async (slug: string) =>
  orNotFound(async () => getEventDetail(await getDb(), slug, new Date(), await pageLocale())),
);

/**
 * The order as this browser may see it (the whole of it only with the cookie from checkout), and the
 * server's clock when it was read (the countdown trusts this, not the phone's). Too many lookups that
 * missed: `limited`, with the reason, instead of the order.
 */
export const loadOrder = cache(
  async (reference: string): Promise<{ order: OrderViewFor; readAt: number } | { limited: string }> =>
    orNotFound(async () => {
      try {
        const order = await getOrderViewFor(await getDb(), reference, orderCaller(await headers()));
        return { order, readAt: Date.now() };
      } catch (err) {
        if (err instanceof AppError && err.status === 429) return { limited: err.message };
        throw err;
      }
    }),
);

/** A paid order's tickets by the secret of the e-mailed link. */
export const loadTicketsByToken = cache(async (token: string) =>
  orNotFound(async () => ticketsByAccessToken(await getDb(), token)),
);
