import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { requirePageRole } from "@/lib/auth/page-guard";
import { formatShortDateTime } from "@/lib/dates";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getAdminWaitlist } from "@/lib/waitlist/admin";
import { offerEntryAction, offerHoursAction, removeEntryAction, toggleWaitlistAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Waiting list", robots: { index: false } };

const TONE = { waiting: "amber", offered: "blue", bought: "green", lapsed: "neutral", removed: "neutral" } as const;
const small = "min-h-9 rounded-lg border border-stone-300 px-3 text-sm font-medium hover:bg-stone-100";

export default async function AdminWaitlistPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ error?: string }>;
}) {
  const { id } = await params;
  await requirePageRole(["admin"], `/admin/events/${id}/waitlist`);
  const { error } = await searchParams;
  let list;
  try {
    list = await getAdminWaitlist(await getDb(), id);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
  const { event } = list;
  const when = (d: Date) => formatShortDateTime(d.toISOString(), event.timezone, event.country);

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/admin/events/${event.id}`} className="text-brand-700 underline">
          ← {event.name}
        </Link>
      </p>
      <header className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-xl font-bold">Waiting lists</h1>
        <a href={`/admin/events/${event.id}/waitlist.csv`} className="text-sm font-medium text-brand-700 underline">
          Export CSV
        </a>
      </header>
      {typeof error === "string" && <Alert tone="error" title={error.slice(0, 300)} />}

      <form action={offerHoursAction} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="eventId" value={event.id} />
        <label className="text-sm font-medium">
          An offer holds its tickets for (hours)
          <input
            name="hours"
            type="number"
            min={1}
            max={168}
            defaultValue={event.waitlistOfferHours}
            className="mt-1 block w-28 rounded-lg border border-stone-300 px-3 py-2"
          />
        </label>
        <button className={small}>Save</button>
        <p className="w-full text-sm text-stone-600">Never past the ticket type&apos;s end of sales.</p>
      </form>

      {list.types.map((t) => (
        <section key={t.id} className="space-y-2" aria-label={`${t.name} waiting list`}>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-lg font-semibold">
              {t.name}{" "}
              <span className="text-sm font-normal text-stone-600">
                · {t.sold} sold, {t.held} held of {t.capacity}
              </span>
            </h2>
            <form action={toggleWaitlistAction}>
              <input type="hidden" name="eventId" value={event.id} />
              <input type="hidden" name="ticketTypeId" value={t.id} />
              <input type="hidden" name="enabled" value={String(!t.waitlistEnabled)} />
              <button className={small}>
                {t.waitlistEnabled ? "Close the waiting list" : "Open the waiting list"}
              </button>
            </form>
          </div>
          {!t.waitlistEnabled && <p className="text-sm text-stone-600">Closed: nobody can join, no offers are made.</p>}
          {t.entries.length === 0 ? (
            <p className="text-sm text-stone-600">Nobody on the list.</p>
          ) : (
            <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
              {t.entries.map((e) => (
                <li key={e.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                  <div className="min-w-0">
                    <p className="font-medium">
                      {e.position !== null && <span className="text-stone-600">{e.position}. </span>}
                      {e.name} <span className="text-sm text-stone-600">× {e.quantity}</span>{" "}
                      <Badge tone={TONE[e.status]}>{e.status}</Badge>
                    </p>
                    <p className="break-all text-sm text-stone-600">
                      {e.email} · {e.phone} · joined {when(e.createdAt)}
                      {e.offerExpiresAt && ` · offer until ${when(e.offerExpiresAt)}`}
                      {e.orderReference && (
                        <>
                          {" · order "}
                          <Link href={`/admin/orders/${e.orderReference}`} className="text-brand-700 underline">
                            {e.orderReference}
                          </Link>
                        </>
                      )}
                    </p>
                  </div>
                  <div className="flex gap-2">
                    {e.status === "waiting" && (
                      <form action={offerEntryAction}>
                        <input type="hidden" name="eventId" value={event.id} />
                        <input type="hidden" name="entryId" value={e.id} />
                        <button className={small}>Offer now</button>
                      </form>
                    )}
                    {(e.status === "waiting" || e.status === "offered") && (
                      <form action={removeEntryAction}>
                        <input type="hidden" name="eventId" value={event.id} />
                        <input type="hidden" name="entryId" value={e.id} />
                        <button className={small}>Remove</button>
                      </form>
                    )}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
