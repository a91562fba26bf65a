import "server-only";
import { cache } from "react";
import type { BuyableTicket } from "@/components/store/buyable";
import type { EventDetail } from "@/lib/catalog/events";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getOfferView } from "@/lib/waitlist/claim";

export interface CheckoutOffer {
  code: string;
  ticketTypeId: string;
  quantity: number;
}

/** The live offer named by `?offer=` for this event, or null (no code, unknown, used or run out). */
export const loadOffer = cache(
  async (event: Pick<EventDetail, "slug">, code: string | string[] | undefined): Promise<CheckoutOffer | null> => {
    if (typeof code !== "string" || !code || code.length > 64) return null;
    try {
      const offer = await getOfferView(await getDb(), code);
      if (offer.status !== "offered" || offer.eventSlug !== event.slug) return null;
      return { code, ticketTypeId: offer.ticketTypeId, quantity: offer.quantity };
    } catch (err) {
      if (err instanceof AppError && err.status < 500) return null;
      throw err;
    }
  },
);

/** The offered ticket type as checkout sells it: sold out to everyone else, `quantity` held for this buyer. */
export function offeredTicket(event: Pick<EventDetail, "ticketTypes">, offer: CheckoutOffer): BuyableTicket[] {
  const type = event.ticketTypes.find((t) => t.id === offer.ticketTypeId);
  if (!type) return [];
  return [
    {
      id: type.id,
      name: type.name,
      price: type.price,
      currency: type.currency,
      limit: offer.quantity,
      maxPerOrder: type.maxPerOrder,
    },
  ];
}
