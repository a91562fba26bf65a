import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { EventSummary } from "@/lib/catalog/events";
import { formatMoney } from "@/lib/money";
import { formatEventDateTime } from "./format";

export function EventCard({ event }: { event: EventSummary }) {
  const t = useTranslations("store.card");
  const lang = useLocale();
  return (
    <Link
      href={`/events/${event.slug}`}
      className="block rounded-xl border border-stone-200 bg-white p-4 shadow-sm transition hover:border-brand-600 hover:shadow focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700"
    >
      <p className="text-sm font-semibold text-brand-700">
        <time dateTime={event.startsAt}>
          {formatEventDateTime(event.startsAt, event.timezone, event.country, lang)}
        </time>
      </p>
      <h2 className="mt-1 text-xl font-bold leading-tight text-stone-900">{event.name}</h2>
      <p className="mt-1 text-stone-700">
        {event.venue}, {event.city}
      </p>
      <p className="mt-3 text-sm font-medium text-stone-900">
        {event.priceFrom === null ? (
          <span className="text-stone-600">{t("notOnSale")}</span>
        ) : (
          t("from", { price: formatMoney(event.priceFrom, event.currency, lang) })
        )}
      </p>
    </Link>
  );
}
