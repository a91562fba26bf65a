import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { boothAdminView, priceField, type AdminBooth } from "@/lib/admin/booths";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { sizeLabel } from "@/lib/exhibit/sizes";
import { localized, TRANSLATED_LOCALES, translatedFieldName } from "@/lib/i18n/content";
import { formatMoney } from "@/lib/money";
import { ActionForm } from "../action-form";
import { blockBoothAction, saveBoothAction, saveHallAction } from "../actions";
import { HallPlan, STATUS_FILL } from "../hall-plan";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Halls and booths", robots: { index: false } };

const STATUS_TONE: Record<AdminBooth["status"], BadgeTone> = {
  available: "green",
  held: "amber",
  booked: "blue",
  blocked: "neutral",
};
const input = "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base";
// The admin console is in English: languages are named as an English reader knows them ("Swahili").
const languageName = (locale: string) => new Intl.DisplayNames(["en"], { type: "language" }).of(locale) ?? locale;

interface Props {
  params: Promise<{ eventId: string }>;
}

function Num({
  name,
  label,
  value,
  step = "any",
  min = "0",
}: {
  name: string;
  label: string;
  value?: string | number;
  step?: string;
  min?: string;
}) {
  return (
    <label className="block text-sm">
      {label}
      <input
        name={name}
        type="number"
        inputMode="decimal"
        step={step}
        min={min}
        required
        defaultValue={value}
        className={input}
      />
    </label>
  );
}

function BoothFields({
  eventId,
  halls,
  booth,
  currency,
}: {
  eventId: string;
  halls: { id: string; name: string }[];
  booth?: AdminBooth & { hallId: string };
  currency: string;
}) {
  return (
    <>
      <input type="hidden" name="eventId" value={eventId} />
      {booth && <input type="hidden" name="boothId" value={booth.id} />}
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <label className="block text-sm">
          Code
          <input name="code" required maxLength={16} defaultValue={booth?.code} className={input} />
        </label>
        <label className="block text-sm">
          Hall
          <select name="hallId" defaultValue={booth?.hallId ?? halls[0]?.id} className={input}>
            {halls.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </label>
        <label className="block text-sm">
          Size
          <select name="size" defaultValue={booth?.size ?? "standard"} className={input}>
            {(["standard", "premium", "corner"] as const).map((s) => (
              <option key={s} value={s}>
                {sizeLabel(s)}
              </option>
            ))}
          </select>
        </label>
        <Num
          name="price"
          label={`Price (${currency})`}
          value={booth ? priceField(booth.priceMinor, booth.currency) : undefined}
        />
        <Num name="x" label="x (m)" value={booth?.x} />
        <Num name="y" label="y (m)" value={booth?.y} />
        <Num name="width" label="Width (m)" value={booth?.width} />
        <Num name="height" label="Depth (m)" value={booth?.height} />
        <Num name="staffPasses" label="Staff passes" value={booth?.staffPasses ?? 2} step="1" />
      </div>
      <label className="block text-sm">
        Description (optional: what the stand offers, shown to exhibitors on the floor plan)
        <textarea
          name="description"
          rows={2}
          maxLength={500}
          defaultValue={booth?.description ?? ""}
          className={input}
        />
      </label>
      {TRANSLATED_LOCALES.map((locale) => (
        <details
          key={locale}
          open={Boolean(localized(booth?.translations, locale, "description", ""))}
          className="rounded-lg border border-stone-200 p-3"
        >
          <summary className="cursor-pointer text-sm font-medium text-brand-700">
            In {languageName(locale)} (optional)
          </summary>
          <label className="mt-2 block text-sm" lang={locale}>
            Description in {languageName(locale)}
            <textarea
              name={translatedFieldName("description", locale)}
              rows={2}
              maxLength={500}
              defaultValue={localized(booth?.translations, locale, "description", "")}
              className={input}
            />
          </label>
        </details>
      ))}
    </>
  );
}

export default async function EventBoothsPage({ params }: Props) {
  const { eventId } = await params;
  await requirePageRole(["admin"], `/admin/booths/${eventId}`);
  const view = await boothAdminView(await getDb(), eventId).catch((err) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  const { event, halls, occupancy } = view;
  const hallOptions = halls.map((h) => ({ id: h.id, name: h.name }));

  return (
    <div className="space-y-6">
      <div>
        <p className="text-sm">
          <Link href="/admin/booths" className="text-brand-700 underline">
            ← All events
          </Link>
        </p>
        <h1 className="text-xl font-bold">{event.name}: halls and booths</h1>
        <p className="mt-1 flex flex-wrap gap-x-4 text-sm">
          <Link href={`/admin/booths/${event.id}/exhibitors`} className="font-medium text-brand-700 underline">
            Exhibitors
          </Link>
          <a
            href={`/admin/booths/exhibitors.csv?eventId=${encodeURIComponent(event.id)}`}
            className="font-medium text-brand-700 underline"
          >
            Download exhibitors (CSV)
          </a>
        </p>
      </div>

      <section aria-labelledby="occupancy-heading" className="rounded-xl border border-stone-200 bg-white p-4">
        <h2 id="occupancy-heading" className="font-semibold">
          Occupancy
        </h2>
        <dl className="mt-2 grid grid-cols-2 gap-2 text-sm sm:grid-cols-5">
          {(["available", "held", "booked", "blocked"] as const).map((s) => (
            <div key={s} className="rounded-lg p-2" style={{ background: STATUS_FILL[s] }}>
              <dt className="capitalize text-stone-700">{s}</dt>
              <dd className="text-lg font-bold">{occupancy.byStatus[s]}</dd>
            </div>
          ))}
          <div className="col-span-2 rounded-lg bg-stone-50 p-2 sm:col-span-1">
            <dt className="text-stone-700">Booked revenue</dt>
            <dd className="text-lg font-bold">{formatMoney(occupancy.bookedRevenueMinor, occupancy.currency)}</dd>
          </div>
        </dl>
        <p className="mt-2 text-sm text-stone-600">
          {occupancy.byStatus.booked} of {occupancy.total} booths booked.
        </p>
      </section>

      {halls.map((hall) => (
        <section
          key={hall.id}
          aria-labelledby={`hall-${hall.id}`}
          className="space-y-3 rounded-xl border border-stone-200 bg-white p-4"
        >
          <h2 id={`hall-${hall.id}`} className="font-semibold">
            {hall.name}{" "}
            <span className="font-normal text-stone-600">
              · {hall.width} × {hall.height} m · {hall.booths.length} booths
            </span>
          </h2>
          <HallPlan name={hall.name} width={hall.width} height={hall.height} booths={hall.booths} />
          <details>
            <summary className="cursor-pointer text-sm font-medium text-brand-700">Edit hall</summary>
            <ActionForm action={saveHallAction} submit="Save hall" className="mt-2 space-y-2">
              <input type="hidden" name="eventId" value={event.id} />
              <input type="hidden" name="hallId" value={hall.id} />
              <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
                <label className="block text-sm">
                  Name
                  <input name="name" required maxLength={80} defaultValue={hall.name} className={input} />
                </label>
                <Num name="width" label="Width (m)" value={hall.width} step="1" min="1" />
                <Num name="height" label="Depth (m)" value={hall.height} step="1" min="1" />
              </div>
            </ActionForm>
          </details>
          <ul className="divide-y divide-stone-200">
            {hall.booths.map((b) => (
              <li key={b.id} className="space-y-2 py-2">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p>
                    <span className="font-semibold">{b.code}</span>{" "}
                    <span className="text-sm text-stone-600">
                      · {sizeLabel(b.size)} · {formatMoney(b.priceMinor, b.currency)} · {b.width} × {b.height} m at (
                      {b.x}, {b.y}) · {b.staffPasses} passes
                    </span>
                  </p>
                  <Badge tone={STATUS_TONE[b.status]}>{b.status}</Badge>
                </div>
                {(b.status === "available" || b.status === "blocked") && (
                  <ActionForm
                    action={blockBoothAction}
                    submit={b.status === "blocked" ? "Unblock" : "Block"}
                    variant="secondary"
                    className="flex flex-wrap items-center gap-2"
                  >
                    <input type="hidden" name="eventId" value={event.id} />
                    <input type="hidden" name="boothId" value={b.id} />
                    <input type="hidden" name="blocked" value={b.status === "blocked" ? "false" : "true"} />
                  </ActionForm>
                )}
                <details>
                  <summary className="cursor-pointer text-sm font-medium text-brand-700">Edit booth {b.code}</summary>
                  <ActionForm action={saveBoothAction} submit="Save booth" className="mt-2 space-y-2">
                    <BoothFields
                      eventId={event.id}
                      halls={hallOptions}
                      booth={{ ...b, hallId: hall.id }}
                      currency={event.currency}
                    />
                  </ActionForm>
                </details>
              </li>
            ))}
          </ul>
        </section>
      ))}

      {halls.length > 0 && (
        <section aria-labelledby="add-booth-heading" className="rounded-xl border border-stone-200 bg-white p-4">
          <h2 id="add-booth-heading" className="font-semibold">
            Add a booth
          </h2>
          <p className="text-sm text-stone-600">
            Positions are in metres from the hall&apos;s top-left corner; booths may share walls but not overlap.
          </p>
          <ActionForm action={saveBoothAction} submit="Add booth" className="mt-2 space-y-2">
            <BoothFields eventId={event.id} halls={hallOptions} currency={event.currency} />
          </ActionForm>
        </section>
      )}

      <section aria-labelledby="add-hall-heading" className="rounded-xl border border-stone-200 bg-white p-4">
        <h2 id="add-hall-heading" className="font-semibold">
          Add a hall
        </h2>
        <ActionForm action={saveHallAction} submit="Add hall" className="mt-2 space-y-2">
          <input type="hidden" name="eventId" value={event.id} />
          <div className="grid grid-cols-1 gap-2 sm:grid-cols-3">
            <label className="block text-sm">
              Name
              <input name="name" required maxLength={80} className={input} />
            </label>
            <Num name="width" label="Width (m)" step="1" min="1" />
            <Num name="height" label="Depth (m)" step="1" min="1" />
          </div>
        </ActionForm>
      </section>
    </div>
  );
}
