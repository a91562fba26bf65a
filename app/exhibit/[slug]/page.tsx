import type { Metadata } from "next";
import { examplePhone } from "@/lib/orders/phone-example";
import Link from "next/link";
import { notFound } from "next/navigation";
import { BookingForm, type SelectedBooth } from "@/components/exhibit/booking-form";
import { BoothList } from "@/components/exhibit/booth-list";
import { FILTER_GROUP, STATUS_LABEL, StatusSwatch } from "@/components/exhibit/booth-style";
import { FloorPlanSvg } from "@/components/exhibit/floor-plan-svg";
import { PanZoom } from "@/components/exhibit/pan-zoom";
import { SizeFilter } from "@/components/exhibit/size-filter";
import { loadEvent } from "@/components/store/data";
import { formatEventDateTime } from "@/components/store/format";
import { Alert } from "@/components/ui/alert";
import { getDb } from "@/lib/db/client";
import { getFloorPlan, type SizeSummary } from "@/lib/exhibit/floor-plan";
import { SIZE_LABEL, dimensions } from "@/lib/exhibit/sizes";
import { formatMoney } from "@/lib/money";

// Availability is live: every request reads the booths as they are now.
export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ booth?: string | string[] }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const event = await loadEvent((await params).slug);
  return {
    title: `Book a booth at ${event.name}`,
    description: `Floor plan, booth sizes and prices for exhibitors at ${event.name}.`,
  };
}

export default async function ExhibitPage({ params, searchParams }: Props) {
  const event = await loadEvent((await params).slug);
  const plan = await getFloorPlan(await getDb(), event);
  if (plan.halls.length === 0) notFound();

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
        <h1 className="mt-2 text-2xl font-bold leading-tight tracking-tight sm:text-3xl">Book a booth</h1>
        <p className="mt-1 text-stone-700">
          <time dateTime={event.startsAt}>{formatEventDateTime(event.startsAt, event.timezone, event.country)}</time> ·{" "}
          {event.venue}, {event.city}
        </p>
        <p className="mt-2 font-medium" aria-live="polite">
          {plan.available === 0
            ? "Every booth is taken."
            : `${plan.available} of ${plan.booths.length} booths are free.`}
        </p>
      </header>

      <section aria-labelledby="sizes-heading">
        <h2 id="sizes-heading" className="text-lg font-semibold">
          Sizes and prices
        </h2>
        <ul className="mt-2 grid gap-2 sm:grid-cols-3">
          {plan.sizes.map((s) => (
            <SizeCard key={s.size} size={s} currency={event.currency} />
          ))}
        </ul>
        <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-2 text-sm text-stone-700" aria-label="Key to the plan">
          {(["available", "held", "booked"] as const).map((status) => (
            <li key={status} className="flex items-center gap-2">
              <StatusSwatch look={status} />
              {STATUS_LABEL[status]}
              {status === "held" && <span className="text-stone-500">(someone is paying)</span>}
            </li>
          ))}
          <li className="flex items-center gap-2">
            <StatusSwatch look="selected" />
            Your choice
          </li>
        </ul>
      </section>

      <div className={`${FILTER_GROUP} space-y-6`}>
        <SizeFilter sizes={plan.sizes} />

        {plan.halls.map((hall) => (
          <section key={hall.id} aria-labelledby={`hall-${hall.id}`} className="space-y-2">
            <div className="flex items-baseline justify-between gap-2">
              <h2 id={`hall-${hall.id}`} className="text-lg font-semibold">
                {hall.name}
              </h2>
              <a href="#booth-list" className="text-sm font-medium text-brand-700 underline underline-offset-4">
                Skip to the list
              </a>
            </div>
            <PanZoom
              label={`Floor plan of ${hall.name}. Pinch or use the zoom buttons; drag to move.`}
              hint="Pinch or press + to zoom, drag to move, tap a free booth to choose it."
            >
              <FloorPlanSvg hall={hall} slug={event.slug} selectedId={selected?.id} />
            </PanZoom>
          </section>
        ))}

        <section id="book" aria-labelledby="book-heading" className="scroll-mt-4 space-y-3">
          <h2 id="book-heading" className="text-lg font-semibold">
            Your booking
          </h2>
          {asked && !selected && (
            <Alert
              tone="warning"
              title={
                picked
                  ? `Booth ${picked.code} is ${STATUS_LABEL[picked.status].toLowerCase()}.`
                  : `There is no booth ${asked}.`
              }
            >
              Please pick a free booth.
            </Alert>
          )}
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
        </section>

        <section id="booth-list" aria-labelledby="list-heading" className="scroll-mt-4 space-y-2">
          <h2 id="list-heading" className="text-lg font-semibold">
            All booths
          </h2>
          <BoothList plan={plan} slug={event.slug} selectedId={selected?.id} />
        </section>
      </div>
    </article>
  );
}

function SizeCard({ size: s, currency }: { size: SizeSummary; currency: string }) {
  const price =
    s.priceFrom === s.priceTo ? formatMoney(s.priceFrom, currency) : `from ${formatMoney(s.priceFrom, currency)}`;
  return (
    <li className="rounded-xl border border-stone-200 bg-white p-3">
      <p className="flex items-baseline justify-between gap-2">
        <span className="font-semibold">{SIZE_LABEL[s.size]}</span>
        <span className="text-sm text-stone-600">{dimensions(s.width, s.height)}</span>
      </p>
      <p className="font-bold tabular-nums">{price}</p>
      <p className="text-sm text-stone-600">
        {s.staffPasses} staff {s.staffPasses === 1 ? "pass" : "passes"} · {s.available} of {s.total} free
      </p>
    </li>
  );
}
