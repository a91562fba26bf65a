import type { Metadata } from "next";
import Link from "next/link";
import { EventForm } from "@/components/admin/event-form";
import { MARKETS, timeZoneOptions } from "@/lib/admin/event-schemas";
import { requirePageRole } from "@/lib/auth/page-guard";
import { createEventAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New event", robots: { index: false } };

export default async function NewEventPage() {
  await requirePageRole(["admin"], "/admin/events/new");
  const initial = {
    country: "KE",
    currency: "KES",
    timezone: MARKETS.KE.timezone,
    holdMinutes: "15",
    offlinePaymentHours: "48",
  };
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href="/admin/events" className="text-brand-700 underline">
          ← Events
        </Link>
      </p>
      <h1 className="text-xl font-bold">New event</h1>
      <p className="text-stone-700">
        It stays a draft, out of the store, until you add ticket types (or booths) and publish it.
      </p>
      <EventForm
        action={createEventAction}
        initial={initial}
        timezones={timeZoneOptions()}
        submitLabel="Create event"
      />
    </div>
  );
}
