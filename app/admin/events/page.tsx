import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { listAdminEvents } from "@/lib/admin/events";
import { requirePageRole } from "@/lib/auth/page-guard";
import { formatEventDateTime } from "@/lib/dates";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Events", robots: { index: false } };

export default async function AdminEventsPage() {
  await requirePageRole(["admin"], "/admin/events");
  const events = await listAdminEvents(await getDb());
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-3">
        <h1 className="text-xl font-bold">Events</h1>
        <ButtonLink href="/admin/events/new">New event</ButtonLink>
      </div>
      {events.length === 0 ? (
        <p className="rounded-xl border border-stone-200 bg-white p-6 text-center text-stone-700">
          No events yet. Create the first one.
        </p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
          {events.map((e) => (
            <li key={e.id} className="space-y-1 p-4">
              <div className="flex flex-wrap items-center gap-2">
                <Link
                  href={`/admin/events/${e.id}`}
                  className="font-semibold text-brand-700 underline-offset-4 hover:underline"
                >
                  {e.name}
                </Link>
                {e.published ? <Badge tone="green">Published</Badge> : <Badge>Draft</Badge>}
              </div>
              <p className="text-sm text-stone-700">
                <time dateTime={e.startsAt.toISOString()}>
                  {formatEventDateTime(e.startsAt.toISOString(), e.timezone, e.country)}
                </time>{" "}
                · {e.city} · {e.currency}
              </p>
              <p className="text-sm text-stone-600">
                {e.ticketTypes === 0
                  ? "No ticket types"
                  : `${e.ticketTypes} ticket ${e.ticketTypes === 1 ? "type" : "types"}: ${e.sold} sold, ${e.held} held, of ${e.capacity}`}
                {e.booths > 0 && ` · ${e.booths} booths`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
