"use client";

import { useLocale, useTranslations } from "next-intl";
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
  const t = useTranslations("waitlist");
  const lang = useLocale();
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
  if (!offer || offer.eventSlug !== slug) return <Alert tone="warning" title={t("offerInvalid")} />;
  if (offer.status === "bought") return <Alert tone="info" title={t("offerUsed")} />;
  if (offer.status !== "offered")
    return (
      <Alert tone="warning" title={t("offerGoneTitle")}>
        {t("offerGoneBody")}
      </Alert>
    );
  const until = offer.expiresAt
    ? // The event's zone and the way its country writes dates, as everywhere else on the page.
      formatDeadline(offer.expiresAt, timezone, country, undefined, lang)
    : "";
  return (
    <div className="rounded-xl border-2 border-brand-700 bg-white p-4" data-testid="waitlist-offer">
      <p className="text-lg font-semibold">
        {offer.name
          ? t("offerHeldNamed", { name: offer.name, quantity: offer.quantity, ticketType: offer.ticketTypeName })
          : t("offerHeld", { quantity: offer.quantity, ticketType: offer.ticketTypeName })}
      </p>
      {until && <p className="mt-1 text-stone-700">{t("offerUntil", { until })}</p>}
      <ButtonLink href={`/events/${slug}/checkout?offer=${encodeURIComponent(code)}`} className="mt-3 w-full">
        {t("offerBuy", { quantity: offer.quantity })}
      </ButtonLink>
    </div>
  );
}
