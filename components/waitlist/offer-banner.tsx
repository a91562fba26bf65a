"use client";

import { formatDeadline } from "@/lib/dates";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";

interface Offer {
  eventSlug: string;
  ticketTypeName: string;
  quantity: number;
  name: string;
  status: string;
  expiresAt: string | null;
}

/**
 * The event page opened from a waiting-list offer (`?offer=CODE`): says what is held and until when, and
 * leads to checkout with the offer. Read in the browser, so the page itself can stay shared cached HTML.
 */
export function OfferBanner({ slug, timezone, country }: { slug: string; timezone: string; country: string }) {
  const [state, setState] = useState<{ code: string; offer: Offer | null } | null>(null);

  useEffect(() => {
    const code = new URLSearchParams(window.location.search).get("offer");
    if (!code) return;
    let live = true;
    fetch(`/api/waitlist/offers/${encodeURIComponent(code)}`)
      .then((r) => (r.ok ? r.json() : null))
      .catch(() => null)
      .then((offer: Offer | null) => live && setState({ code, offer }));
    return () => {
      live = false;
    };
  }, []);

  if (!state) return null;
  const { code, offer } = state;
  if (!offer || offer.eventSlug !== slug)
    return <Alert tone="warning" title="This waiting-list link is not valid for this event." />;
  if (offer.status === "bought")
    return <Alert tone="info" title="You have already used this offer: your order has been placed." />;
  if (offer.status !== "offered")
    return (
      <Alert tone="warning" title="This offer has run out">
        The tickets we held for you went to the next person on the waiting list.
      </Alert>
    );
  const tickets = `${offer.quantity} ${offer.ticketTypeName} ${offer.quantity === 1 ? "ticket" : "tickets"}`;
  const until = offer.expiresAt
    ? // The event's zone and the way its country writes dates, as everywhere else on the page.
      formatDeadline(offer.expiresAt, timezone, country)
    : "";
  return (
    <div className="rounded-xl border-2 border-brand-700 bg-white p-4" data-testid="waitlist-offer">
      <p className="text-lg font-semibold">
        {offer.name ? `${offer.name}, your` : "Your"} {tickets} {offer.quantity === 1 ? "is" : "are"} held for you
      </p>
      {until && <p className="mt-1 text-stone-700">Until {until}. After that they go to the next person in line.</p>}
      <ButtonLink href={`/events/${slug}/checkout?offer=${encodeURIComponent(code)}`} className="mt-3 w-full">
        Buy my {offer.quantity === 1 ? "ticket" : "tickets"}
      </ButtonLink>
    </div>
  );
}
