import "server-only";
import { notFound } from "next/navigation";
import { cache } from "react";
import { getEventDetail, listUpcomingEvents } from "@/lib/catalog/events";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getOrderView } from "@/lib/orders/order-view";
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

export const loadUpcomingEvents = cache(async () => listUpcomingEvents(await getDb()));

/** One request may ask twice (metadata and page): the database is read once. */
export const loadEvent = cache(async (slug: string) => orNotFound(async () => getEventDetail(await getDb(), slug)));

/** The order, and the server's clock when it was read (the countdown trusts this, not the phone's). */
export const loadOrder = cache(async (reference: string) =>
  orNotFound(async () => {
    const order = await getOrderView(await getDb(), reference);
    return { order, readAt: Date.now() };
  }),
);

/** A paid order's tickets by the secret of the e-mailed link. */
export const loadTicketsByToken = cache(async (token: string) => orNotFound(async () => ticketsByAccessToken(await getDb(), token)));
