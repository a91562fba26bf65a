import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/i18n/client-messages";
import { CheckoutForm } from "@/components/store/checkout-form";
import { loadEvent } from "@/components/store/data";
import { buyableTickets } from "@/components/store/buyable";
import { guessLimitReason } from "@/components/store/promo-answer";
import { formatEventDateTime } from "@/components/store/format";
import { loadOffer, offeredTicket } from "@/components/waitlist/data";
import { getDb } from "@/lib/db/client";
import { publicClientKey } from "@/lib/orders/order-limits";
import { examplePhone } from "@/lib/orders/phone-example";
import type { Locale } from "@/lib/i18n/config";
import { withPromo } from "@/lib/promo/event-promo";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ promo?: string | string[]; offer?: string | string[] }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const event = await loadEvent((await params).slug);
  const t = await getTranslations("checkout");
  return { title: t("metaTitle", { event: event.name }), robots: { index: false } };
}

export default async function CheckoutPage({ params, searchParams }: Props) {
  const lang = (await getLocale()) as Locale;
  const t = await getTranslations("checkout");
  const event = await loadEvent((await params).slug);
  const query = await searchParams;
  // The code from the event page (?promo=): the hidden types it unlocks become buyable here too. This page
  // is rendered per request (not a shared page), so a code that does not exist counts against this client,
  // as at GET /api/events/{slug}?promo= and POST /api/orders, not against the bucket of unknown addresses.
  const code = [query.promo].flat()[0]?.slice(0, 40).trim();
  const { ticketTypes, promo } = code
    ? await withPromo(await getDb(), event.id, event, code, new Date(), lang, publicClientKey(await headers()))
    : { ...event, promo: null };
  // Too many guesses from this client: said by the code field as the event page says it.
  if (promo?.error?.code === "rate_limited") {
    const tp = await getTranslations("store.promo");
    promo.error.message = guessLimitReason(promo.error.message, lang, tp("tooManyTries"));
  }
  // A waiting-list offer (the e-mailed link): its held seats are bought, whatever the cart holds.
  const offer = await loadOffer(event, query.offer);
  // Prices and limits as the server sees them now; the form only multiplies them for display.
  const tickets = offer ? offeredTicket(event, offer) : buyableTickets(ticketTypes);

  return (
    <div className="space-y-4">
      <div>
        <Link
          href={`/events/${event.slug}`}
          className="text-sm font-medium text-brand-700 underline underline-offset-4"
        >
          ← {event.name}
        </Link>
        <h1 className="mt-2 text-2xl font-bold tracking-tight">{t("title")}</h1>
        <p className="text-stone-700">
          {event.name} ·{" "}
          <time dateTime={event.startsAt}>
            {formatEventDateTime(event.startsAt, event.timezone, event.country, lang)}
          </time>
        </p>
      </div>
      <ClientMessages namespaces={["common", "checkout"]}>
        <CheckoutForm
          event={{
            slug: event.slug,
            name: event.name,
            country: event.country,
            currency: event.currency,
            phoneExample: examplePhone(event.country)?.national ?? null,
          }}
          tickets={tickets}
          promo={promo}
          questions={event.questions}
          offer={offer ?? undefined}
        />
      </ClientMessages>
    </div>
  );
}
