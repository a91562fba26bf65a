import type { Metadata } from "next";
import { examplePhone } from "@/lib/orders/phone-example";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BookingForm, type SelectedBooth } from "@/components/exhibit/booking-form";
import { BoothList } from "@/components/exhibit/booth-list";
import { FILTER_GROUP, StatusSwatch } from "@/components/exhibit/booth-style";
import { FloorPlanSvg } from "@/components/exhibit/floor-plan-svg";
import { PanZoom } from "@/components/exhibit/pan-zoom";
import { RevealBooking } from "@/components/exhibit/reveal-booking";
import { SizeFilter } from "@/components/exhibit/size-filter";
import { loadEvent } from "@/components/store/data";
import { ClientMessages } from "@/components/i18n/client-messages";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/lib/db/client";
import { getFloorPlan, type SizeSummary } from "@/lib/exhibit/floor-plan";
import { documentDateTime } from "@/lib/documents/dates";
import { boothSizeName } from "@/lib/exhibit/size-name";
import { dimensions } from "@/lib/exhibit/sizes";
import { pageLocale } from "@/lib/i18n/page-locale";
import { getTranslator } from "@/lib/i18n/translator";
import type { Translator } from "@/lib/i18n/types";
import { formatMoney } from "@/lib/money";

// Availability is live: every request reads the booths as they are now.
export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ booth?: string | string[] }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const event = await loadEvent((await params).slug);
  const t = await getTranslator(await pageLocale());
  return {
    title: t("exhibit.page.metaTitle", { event: event.name }),
    description: t("exhibit.page.metaDescription", { event: event.name }),
  };
}

export default async function ExhibitPage({ params, searchParams }: Props) {
  const event = await loadEvent((await params).slug);
  const plan = await getFloorPlan(await getDb(), event);
  if (plan.halls.length === 0) notFound();
  const locale = await pageLocale();
  const t = await getTranslator(locale);

  const asked = [(await searchParams).booth].flat()[0]?.trim().toUpperCase();
  const picked = asked ? plan.booths.find((b) => b.code.toUpperCase() === asked) : undefined;
  const selected: SelectedBooth | null =
    picked?.status === "available"
      ? { ...picked, hallName: plan.halls.find((h) => h.id === picked.hallId)?.name ?? "" }
      : null;

  return (
    <article className="space-y-6">
      <header>
        <Link
          href={`/events/${event.slug}`}
          prefetch={false}
          className="text-sm font-medium text-brand-700 underline underline-offset-4"
        >
          ← {event.name}
        </Link>
        <h1 className="mt-2 text-2xl font-bold leading-tight tracking-tight sm:text-3xl">{t("exhibit.page.title")}</h1>
        <p className="mt-1 text-stone-700">
          <time dateTime={event.startsAt}>
            {documentDateTime(locale, new Date(event.startsAt), event.timezone, event.country)}
          </time>{" "}
          · {event.venue}, {event.city}
        </p>
        <p className="mt-2 font-medium" aria-live="polite">
          {plan.available === 0
            ? t("exhibit.page.allTaken")
            : t("exhibit.page.free", { free: plan.available, total: plan.booths.length })}
        </p>
      </header>

      <section aria-labelledby="sizes-heading">
        <h2 id="sizes-heading" className="text-lg font-semibold">
          {t("exhibit.page.sizesHeading")}
        </h2>
        <ul className="mt-2 grid gap-2 sm:grid-cols-3">
          {plan.sizes.map((s) => (
            <SizeCard key={s.size} size={s} currency={event.currency} t={t} />
          ))}
        </ul>
        <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-2 text-sm text-stone-700" aria-label={t("exhibit.page.key")}>
          {(["available", "held", "booked"] as const).map((status) => (
            <li key={status} className="flex items-center gap-2">
              <StatusSwatch look={status} />
              {t(`exhibit.status.${status}`)}
              {status === "held" && <span className="text-stone-500">{t("exhibit.page.someonePaying")}</span>}
            </li>
          ))}
          <li className="flex items-center gap-2">
            <StatusSwatch look="selected" />
            {t("exhibit.page.yourChoice")}
          </li>
        </ul>
      </section>

      <div className={`${FILTER_GROUP} space-y-6`}>
        <SizeFilter sizes={plan.sizes} t={t} />

        {plan.halls.map((hall) => (
          <section key={hall.id} aria-labelledby={`hall-${hall.id}`} className="space-y-2">
            <div className="flex items-baseline justify-between gap-2">
              <h2 id={`hall-${hall.id}`} className="text-lg font-semibold">
                {hall.name}
              </h2>
              <a href="#booth-list" className="text-sm font-medium text-brand-700 underline underline-offset-4">
                {t("exhibit.page.skipToList")}
              </a>
            </div>
            <PanZoom
              label={t("exhibit.page.planLabel", { hall: hall.name })}
              hint={t("exhibit.page.planHint")}
              words={{
                zoomToRead: t("exhibit.plan.zoomToRead"),
                fit: t("exhibit.plan.fit"),
                zoomOut: t("exhibit.plan.zoomOut"),
                zoomIn: t("exhibit.plan.zoomIn"),
              }}
            >
              <FloorPlanSvg hall={hall} slug={event.slug} selectedId={selected?.id} t={t} />
            </PanZoom>
          </section>
        ))}

        <section id="book" aria-labelledby="book-heading" className="scroll-mt-4 space-y-3">
          <h2 id="book-heading" tabIndex={-1} className="text-lg font-semibold outline-none">
            {t("exhibit.page.bookingHeading")}
          </h2>
          <RevealBooking selectedId={selected?.id} headingId="book-heading" />
          {asked && !selected && (
            <Alert
              tone="warning"
              title={
                picked
                  ? t("exhibit.page.boothNot", { code: picked.code, status: picked.status })
                  : t("exhibit.page.noSuchBooth", { code: asked })
              }
            >
              {t("exhibit.page.pickFree")}
            </Alert>
          )}
          <ClientMessages namespaces={["exhibit", "common"]}>
            <BookingForm
              event={{
                slug: event.slug,
                country: event.country,
                currency: event.currency,
                phoneExample: examplePhone(event.country)?.national ?? null,
              }}
              booth={selected}
              addons={plan.addons}
            />
          </ClientMessages>
        </section>

        <section id="booth-list" aria-labelledby="list-heading" className="scroll-mt-4 space-y-2">
          <h2 id="list-heading" className="text-lg font-semibold">
            {t("exhibit.page.listHeading")}
          </h2>
          <BoothList plan={plan} slug={event.slug} selectedId={selected?.id} t={t} />
        </section>
      </div>
    </article>
  );
}

function SizeCard({ size: s, currency, t }: { size: SizeSummary; currency: string; t: Translator }) {
  const price =
    s.priceFrom === s.priceTo
      ? formatMoney(s.priceFrom, currency)
      : t("exhibit.page.priceFrom", { price: formatMoney(s.priceFrom, currency) });
  return (
    <li className="rounded-xl border border-stone-200 bg-white p-3">
      <p className="flex items-baseline justify-between gap-2">
        <span className="font-semibold">{boothSizeName(t, s.size)}</span>
        <span className="text-sm text-stone-600">{dimensions(s.width, s.height)}</span>
      </p>
      <p className="font-bold tabular-nums">{price}</p>
      <p className="text-sm text-stone-600">
        {t("exhibit.page.sizeCard", { passes: s.staffPasses, free: s.available, total: s.total })}
      </p>
    </li>
  );
}
