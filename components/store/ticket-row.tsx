import { useLocale } from "next-intl";
import type { TicketTypeView } from "@/lib/catalog/events";
import { JoinWaitlist } from "@/components/waitlist/join-waitlist";
import { formatMoney } from "@/lib/money";
import { QuantityStepper, TicketAvailability } from "./event-cart";

/** One ticket type: rendered on the server; the stepper and the seats left are client islands. */
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
  const lang = useLocale();
  const buyable = ticket.state === "on_sale";
  return (
    <li className="py-4">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className={`text-lg font-semibold leading-snug ${buyable ? "text-stone-900" : "text-stone-700"}`}>
            {ticket.name}
          </h3>
          <p className={`font-semibold tabular-nums ${buyable ? "text-stone-900" : "text-stone-600"}`}>
            {formatMoney(ticket.price, ticket.currency, lang)}
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
        <TicketAvailability ticket={ticket} timezone={timezone} country={country} />
      </div>
      {ticket.waitlist && (
        <div className="mt-3">
          <JoinWaitlist slug={slug} ticketTypeId={ticket.id} ticketName={ticket.name} />
        </div>
      )}
    </li>
  );
}
