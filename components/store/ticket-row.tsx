import type { TicketTypeView } from "@/lib/catalog/events";
import { Badge } from "@/components/ui/badge";
import { JoinWaitlist } from "@/components/waitlist/join-waitlist";
import { formatMoney } from "@/lib/money";
import { QuantityStepper } from "./event-cart";
import { formatShortDateTime } from "./format";

/** Below this many seats left, the number is shown ("12 left"); above it, just "Available". */
export const LOW_STOCK = 20;

function Availability({ ticket, timezone, country }: { ticket: TicketTypeView; timezone: string; country: string }) {
  switch (ticket.state) {
    case "on_sale":
      return ticket.available <= LOW_STOCK ? (
        <Badge tone="amber">{ticket.available} left</Badge>
      ) : (
        <Badge tone="green">Available</Badge>
      );
    case "sold_out":
      return <Badge tone="red">Sold out</Badge>;
    case "ended":
      return <Badge>Sales ended</Badge>;
    case "not_started":
      return (
        <Badge tone="blue">
          {ticket.salesStartAt
            ? `On sale from ${formatShortDateTime(ticket.salesStartAt, timezone, country)}`
            : "Not on sale yet"}
        </Badge>
      );
  }
}

/** One ticket type: rendered on the server; only the stepper is interactive. */
export function TicketRow({
  ticket,
  slug,
  timezone,
  country,
}: {
  ticket: TicketTypeView;
  slug: string;
  timezone: string;
  country: string;
}) {
  const buyable = ticket.state === "on_sale";
  return (
    <li className="py-4">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className={`text-lg font-semibold leading-snug ${buyable ? "text-stone-900" : "text-stone-700"}`}>
            {ticket.name}
          </h3>
          <p className={`font-semibold tabular-nums ${buyable ? "text-stone-900" : "text-stone-600"}`}>
            {formatMoney(ticket.price, ticket.currency)}
          </p>
        </div>
        {buyable && (
          <div className="shrink-0">
            <QuantityStepper ticketTypeId={ticket.id} />
          </div>
        )}
      </div>
      {ticket.description && <p className="mt-1 text-sm text-stone-600">{ticket.description}</p>}
      <div className="mt-2">
        <Availability ticket={ticket} timezone={timezone} country={country} />
      </div>
      {ticket.waitlist && (
        <div className="mt-3">
          <JoinWaitlist slug={slug} ticketTypeId={ticket.id} ticketName={ticket.name} />
        </div>
      )}
    </li>
  );
}
