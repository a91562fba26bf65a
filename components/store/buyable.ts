import type { TicketTypeView } from "@/lib/catalog/events";

/** What the browser needs of a ticket type that can be bought now. Prices come from the server render. */
export interface BuyableTicket {
  id: string;
  name: string;
  price: number;
  currency: string;
  /** Most one order may take right now: min(maxPerOrder, available). */
  limit: number;
  maxPerOrder: number;
}

export function buyableTickets(ticketTypes: TicketTypeView[]): BuyableTicket[] {
  return ticketTypes
    .filter((t) => t.state === "on_sale")
    .map((t) => ({
      id: t.id,
      name: t.name,
      price: t.price,
      currency: t.currency,
      limit: Math.max(0, Math.min(t.maxPerOrder, t.available)),
      maxPerOrder: t.maxPerOrder,
    }));
}
