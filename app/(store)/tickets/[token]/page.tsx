import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";
import { loadTicketsByToken } from "@/components/store/data";
import { formatEventDateTime } from "@/components/store/format";
import { TicketQrList } from "@/components/tickets/ticket-qr-list";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ token: string }>;
}

export const metadata: Metadata = {
  title: "Your tickets",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

/** The page the confirmation e-mail links to: the tickets, without needing the order reference. */
export default async function TicketsPage({ params }: Props) {
  const { token } = await params;
  const { order, tickets } = await loadTicketsByToken(token);
  const { event } = order;
  const base = `/tickets/${token}`;
  return (
    <div className="space-y-4">
      <section aria-labelledby="tickets-event" className="rounded-xl border border-stone-200 bg-white p-4">
        <h1 id="tickets-event" className="text-xl font-bold">
          {event.name}
        </h1>
        <p className="text-sm font-medium text-brand-700">
          <time dateTime={event.startsAt.toISOString()}>
            {formatEventDateTime(event.startsAt.toISOString(), event.timezone, event.country)}
          </time>
        </p>
        <p className="text-sm text-stone-700">
          {event.venue}, {event.city}
        </p>
        <p className="mt-2 text-sm text-stone-600">
          Order <span className="font-mono font-semibold text-stone-900">{order.reference}</span>
          {order.receiptNumber && <> · receipt {order.receiptNumber}</>}
        </p>
        <div className="mt-3 grid grid-cols-1 gap-2 sm:grid-cols-3">
          <ButtonLink href={`${base}/event.ics`} variant="secondary" prefetch={false}>
            Add to calendar
          </ButtonLink>
          {tickets.some((t) => t.code) && (
            <ButtonLink href={`${base}/tickets.pdf`} variant="secondary" prefetch={false}>
              Download PDF
            </ButtonLink>
          )}
          {order.receiptNumber && (
            <ButtonLink href={`${base}/receipt.pdf`} variant="secondary" prefetch={false}>
              Receipt
            </ButtonLink>
          )}
        </div>
      </section>

      {tickets.length === 0 ? (
        <p className="rounded-xl border border-stone-200 bg-white p-4 text-stone-700">
          {order.status === "pending"
            ? "Your tickets appear here once the payment is confirmed."
            : "This order has no tickets."}
        </p>
      ) : (
        <section aria-labelledby="tickets-heading" className="space-y-3">
          <h2 id="tickets-heading" className="text-lg font-semibold">
            Your tickets
          </h2>
          <TicketQrList
            tickets={tickets}
            eventName={event.name}
            renameFor={event.startsAt > new Date() ? order.reference : undefined}
            accessToken={token}
          />
        </section>
      )}
    </div>
  );
}
