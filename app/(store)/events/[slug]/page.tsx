import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/i18n/client-messages";
import { loadEvent } from "@/components/store/data";
import { buyableTickets } from "@/components/store/buyable";
import { CartBar, EventCart } from "@/components/store/event-cart";
import { formatEventRange } from "@/components/store/format";
import { absoluteImageUrl } from "@/lib/catalog/event-image";
import { readEnv } from "@/lib/env";
import { PromoCodeField } from "@/components/store/promo-code-field";
import { TicketRow } from "@/components/store/ticket-row";
import { OfferBanner } from "@/components/waitlist/offer-banner";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ slug: string }>;
}

/**
 * What a link preview (WhatsApp, Facebook, X, Slack) shows: name, when, where, the picture. Absolute URLs
 * from APP_URL: the page is a shared cached copy and reads no request header to learn its own host.
 */
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const event = await loadEvent((await params).slug);
  const appUrl = readEnv().APP_URL.replace(/\/+$/, "");
  const url = `${appUrl}/events/${event.slug}`;
  const when = formatEventRange(event.startsAt, event.endsAt, event.timezone, event.country);
  const description = clip(`${when} · ${event.venue}, ${event.city}. ${event.description}`, 200);
  const image = event.imageUrl ? absoluteImageUrl(event.imageUrl, appUrl) : null;
  const images = image ? [{ url: image, alt: event.name }] : [];
  return {
    title: event.name,
    description,
    alternates: { canonical: url },
    openGraph: { type: "website", siteName: "Lango", url, title: event.name, description, images },
    twitter: { card: image ? "summary_large_image" : "summary", title: event.name, description, images },
  };
}

/** At most `max` characters, cut at a word with an ellipsis: previews cut mid-word otherwise. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/\s+\S*$/, "")}…`;
}

/** A map search for the venue; Google Maps opens the app on a phone and the site elsewhere. */
function directionsUrl(event: { venue: string; city: string; country: string }): string {
  const query = [event.venue, event.city, countryName(event.country)].filter(Boolean).join(", ");
  return `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(query)}`;
}

function countryName(code: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

export default async function EventPage({ params }: Props) {
  const lang = await getLocale();
  const t = await getTranslations("store.event");
  const event = await loadEvent((await params).slug);
  const buyable = buyableTickets(event.ticketTypes);

  return (
    <article className="pb-24">
      {event.imageUrl && (
        // A plain img: the picture is already sized for previews, and the image optimiser's work per
        // request is not what an on-sale rush needs. Decorative here: the name follows as the heading.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          src={event.imageUrl}
          alt=""
          width={1200}
          height={630}
          fetchPriority="high"
          className="mb-4 aspect-[1200/630] w-full rounded-xl bg-stone-200 object-cover"
        />
      )}
      <p className="text-sm font-semibold text-brand-700">
        <time dateTime={event.startsAt}>
          {formatEventRange(event.startsAt, event.endsAt, event.timezone, event.country, lang)}
        </time>
      </p>
      <h1 className="mt-1 text-2xl font-bold leading-tight tracking-tight sm:text-3xl">{event.name}</h1>
      <p className="mt-1 flex flex-wrap items-baseline gap-x-3 text-stone-700">
        <span>
          {event.venue}, {event.city}
        </span>
        <a
          href={directionsUrl(event)}
          className="inline-flex min-h-11 items-center font-semibold text-brand-700 underline underline-offset-4"
        >
          {t("directions")}
        </a>
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
          <OfferBanner slug={event.slug} timezone={event.timezone} country={event.country} />
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
