import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EventForm } from "@/components/admin/event-form";
import { EventPublishToggle } from "@/components/admin/event-publish-toggle";
import { TicketTypeDeleteButton, TicketTypeForm } from "@/components/admin/ticket-type-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { getAdminEvent, type AdminEvent } from "@/lib/admin/events";
import { eventFormValues, ticketTypeFormValues, timeZoneOptions } from "@/lib/admin/event-schemas";
import { requirePageRole } from "@/lib/auth/page-guard";
import { formatShortDateTime } from "@/lib/dates";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { enabledGateways, paymentsEnv } from "@/lib/payments/registry";
import {
  createTicketTypeAction,
  deleteTicketTypeAction,
  setPublishedAction,
  updateEventAction,
  updateTicketTypeAction,
} from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Event", robots: { index: false } };

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string }>;
}

async function load(id: string): Promise<AdminEvent> {
  try {
    return await getAdminEvent(await getDb(), id);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
}

export default async function AdminEventPage({ params, searchParams }: Props) {
  const { id } = await params;
  await requirePageRole(["admin"], `/admin/events/${id}`);
  const event = await load(id);
  const { created } = await searchParams;
  const gateways = enabledGateways({ currency: event.currency, country: event.country }, paymentsEnv());

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/events" className="text-brand-700 underline">
          ← Events
        </Link>
      </p>
      <header className="space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-xl font-bold">{event.name}</h1>
          {event.published ? <Badge tone="green">Published</Badge> : <Badge>Draft</Badge>}
        </div>
        {created && <Alert tone="info">Event created. Add its ticket types below, then publish it.</Alert>}
        <p className="text-sm text-stone-700">
          {event.published ? (
            <Link href={`/events/${event.slug}`} className="text-brand-700 underline">
              See it in the store: /events/{event.slug}
            </Link>
          ) : (
            <>Not in the store: its page /events/{event.slug} opens once it is published.</>
          )}
          {event.orders > 0 && ` · ${event.orders} ${event.orders === 1 ? "order" : "orders"}`}
          {event.booths > 0 && ` · ${event.booths} booths`}
          {" · "}
          <Link href={`/admin/events/${event.id}/promo-codes`} className="text-brand-700 underline">
            Promo codes
          </Link>
        </p>
        {gateways.length > 0 ? (
          <p className="text-sm text-stone-600">
            Buyers can pay with: {gateways.map((g) => g.displayName).join(", ")}.
          </p>
        ) : (
          <Alert tone="warning">
            No payment method is enabled for {event.currency} in {event.country}: buyers could order but not pay.
          </Alert>
        )}
        <EventPublishToggle action={setPublishedAction} eventId={event.id} published={event.published} />
        <p className="flex flex-wrap gap-4 text-sm font-medium">
          <Link href={`/admin/events/${event.id}/waitlist`} className="text-brand-700 underline">
            Waiting lists
          </Link>
          <Link href={`/admin/events/${event.id}/questions`} className="text-brand-700 underline">
            Checkout questions
          </Link>
        </p>
      </header>

      <section className="space-y-3" aria-labelledby="ticket-types">
        <h2 id="ticket-types" className="text-lg font-semibold">
          Ticket types
        </h2>
        {event.ticketTypes.length === 0 && <p className="text-stone-700">None yet.</p>}
        <ul className="space-y-3">
          {event.ticketTypes.map((t) => (
            <li key={t.id} className="rounded-xl border border-stone-200 bg-white">
              <details>
                <summary className="flex min-h-11 cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 p-4">
                  <span className="font-medium">{t.name}</span>
                  <span>{formatMoney(t.priceMinor, t.currency)}</span>
                  {t.hidden && <Badge tone="amber">Hidden</Badge>}
                  <span className="text-sm text-stone-600">
                    {t.sold} sold · {t.held} held · {t.capacity - t.sold - t.held} left of {t.capacity}
                  </span>
                  <SalesWindow t={t} timezone={event.timezone} country={event.country} />
                </summary>
                <div className="space-y-4 border-t border-stone-200 p-4">
                  <TicketTypeForm
                    action={updateTicketTypeAction}
                    eventId={event.id}
                    ticketTypeId={t.id}
                    currency={event.currency}
                    timezone={event.timezone}
                    initial={ticketTypeFormValues(t, event.timezone)}
                    submitLabel="Save ticket type"
                  />
                  {t.orders === 0 ? (
                    <TicketTypeDeleteButton
                      action={deleteTicketTypeAction}
                      eventId={event.id}
                      ticketTypeId={t.id}
                      name={t.name}
                    />
                  ) : (
                    <p className="text-sm text-stone-600">
                      It has orders, so it cannot be deleted: hide it to stop selling it.
                    </p>
                  )}
                </div>
              </details>
            </li>
          ))}
        </ul>
        <div className="rounded-xl border border-stone-200 bg-white p-4">
          <h3 className="mb-3 font-semibold">New ticket type</h3>
          <TicketTypeForm
            action={createTicketTypeAction}
            eventId={event.id}
            currency={event.currency}
            timezone={event.timezone}
            initial={{ maxPerOrder: "10" }}
            submitLabel="Add ticket type"
          />
        </div>
      </section>

      <section className="space-y-3" aria-labelledby="details">
        <h2 id="details" className="text-lg font-semibold">
          Details
        </h2>
        <EventForm
          action={updateEventAction}
          initial={eventFormValues(event)}
          timezones={timeZoneOptions(event.timezone)}
          currencyLocked={event.ticketTypes.length + event.booths > 0}
          submitLabel="Save event"
        />
      </section>
    </div>
  );
}

function SalesWindow({
  t,
  timezone,
  country,
}: {
  t: AdminEvent["ticketTypes"][number];
  timezone: string;
  country: string;
}) {
  const at = (d: Date) => formatShortDateTime(d.toISOString(), timezone, country);
  if (!t.salesStartAt && !t.salesEndAt) return null;
  return (
    <span className="text-sm text-stone-600">
      {t.salesStartAt && `from ${at(t.salesStartAt)}`}
      {t.salesStartAt && t.salesEndAt && " "}
      {t.salesEndAt && `until ${at(t.salesEndAt)}`}
    </span>
  );
}
