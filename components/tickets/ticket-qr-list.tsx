import { useTranslations } from "next-intl";
import { QRCodeSVG } from "qrcode.react";
import type { OrderTicketView } from "@/lib/tickets/views";
import { RenameAttendee } from "./rename-attendee";

export type TicketForDisplay = OrderTicketView;

/**
 * Each ticket with its QR code, rendered on the server as SVG (no client JavaScript): bright, with a
 * quiet zone and medium error correction, so a phone at a sunny gate reads it off another phone's screen.
 */
export function TicketQrList({
  tickets,
  eventName,
  renameFor,
  accessToken,
  kind = "ticket",
}: {
  tickets: TicketForDisplay[];
  eventName: string;
  /** The order reference, while names can still change. */
  renameFor?: string;
  /** The order's token, where the page was opened with it (the e-mailed link) rather than the checkout cookie. */
  accessToken?: string;
  /** What each code is: a ticket, or a staff pass for a booth's team. */
  kind?: "ticket" | "pass";
}) {
  const t = useTranslations("tickets");
  return (
    <ul className="space-y-4">
      {tickets.map((ticket, i) => (
        <li
          key={ticket.id}
          className="rounded-xl border border-stone-200 bg-white p-4"
          aria-label={t("item", { kind, number: i + 1, name: ticket.attendeeName })}
        >
          <div className="flex items-baseline justify-between gap-2">
            <p className="font-semibold">{ticket.attendeeName}</p>
            <p className="text-sm text-stone-600">{ticket.ticketType ?? t("noun", { kind })}</p>
          </div>
          {ticket.code ? (
            <div className="mt-3 flex justify-center rounded-lg bg-white p-2">
              <QRCodeSVG
                value={ticket.code}
                size={232}
                level="M"
                marginSize={4}
                title={t("qrTitle", { name: ticket.attendeeName, event: eventName })}
                role="img"
                data-ticket-code={ticket.code}
              />
            </div>
          ) : (
            <p className="mt-3 rounded-lg bg-stone-100 p-3 text-sm text-stone-700">{t("cancelled", { kind })}</p>
          )}
          {ticket.checkedInAt && <p className="mt-2 text-sm text-stone-600">{t("checkedIn")}</p>}
          {renameFor && ticket.code && !ticket.checkedInAt && (
            <RenameAttendee
              reference={renameFor}
              ticketId={ticket.id}
              current={ticket.attendeeName}
              accessToken={accessToken}
              questions={ticket.answers}
            />
          )}
          <p className="mt-2 text-center font-mono text-xs text-stone-500">
            {t("position", { kind, number: i + 1, total: tickets.length })}
          </p>
        </li>
      ))}
    </ul>
  );
}
