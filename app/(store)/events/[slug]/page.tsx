import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/i18n/client-messages";
import { loadEvent } from "@/components/store/data";
import { buyableTickets } from "@/components/store/buyable";
import { CartBar, EventCart } from "@/components/store/event-cart";
import { formatEventDateTime } from "@/components/store/format";
import { PromoCodeField } from "@/components/store/promo-code-field";
import { TicketRow } from "@/components/store/ticket-row";
import { OfferBanner } from "@/components/waitlist/offer-banner";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ slug: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const event = await loadEvent((await params).slug);
  return { title: event.name, description: event.description.slice(0, 160) };
}

export default async function EventPage({ params }: Props) {
  const lang = await getLocale();
  const t = await getTranslations("store.event");
  const event = await loadEvent((await params).slug);
  const buyable = buyableTickets(event.ticketTypes);

  return (
    <article className="pb-24">
      <p className="text-sm font-semibold text-brand-700">
        <time dateTime={event.startsAt}>
          {formatEventDateTime(event.startsAt, event.timezone, event.country, lang)}
        </time>
      </p>
      <h1 className="mt-1 text-2xl font-bold leading-tight tracking-tight sm:text-3xl">{event.name}</h1>
      <p className="mt-1 text-stone-700">
        {event.venue}, {event.city}
      </p>
      <p className="mt-4 leading-relaxed text-stone-800">{event.description}</p>
      {event.booths.length > 0 && (
        <p className="mt-4">
          <Link
            href={`/exhibit/${event.slug}`}
            prefetch={false}
            className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4"
          >
            {t("exhibit")}
          </Link>
        </p>
      )}

      <section aria-labelledby="tickets-heading" className="mt-6">
        <h2 id="tickets-heading" className="text-xl font-bold">
          {t("tickets")}
        </h2>
        <ClientMessages namespaces={["common", "store", "waitlist"]}>
          <OfferBanner slug={event.slug} />
          <EventCart slug={event.slug} tickets={buyable}>
            {event.ticketTypes.length === 0 ? (
              <p className="mt-2 text-stone-600">{t("notOnSaleYet")}</p>
            ) : (
              <ul className="mt-2 divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white px-4">
                {event.ticketTypes.map((ticket) => (
                  <TicketRow
                    key={ticket.id}
                    ticket={ticket}
                    slug={event.slug}
                    timezone={event.timezone}
                    country={event.country}
                  />
                ))}
              </ul>
            )}
            <PromoCodeField slug={event.slug} timezone={event.timezone} country={event.country} />
            <CartBar slug={event.slug} currency={event.currency} />
          </EventCart>
        </ClientMessages>
      </section>
    </article>
  );
}
