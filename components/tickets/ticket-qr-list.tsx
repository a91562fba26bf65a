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
  noun = "Ticket",
}: {
  tickets: TicketForDisplay[];
  eventName: string;
  /** The order reference, while names can still change. */
  renameFor?: string;
  /** The order's token, where the page was opened with it (the e-mailed link) rather than the checkout cookie. */
  accessToken?: string;
  /** What each code is: "Ticket", or "Staff pass" for a booth's team. */
  noun?: string;
}) {
  return (
    <ul className="space-y-4">
      {tickets.map((t, i) => (
        <li
          key={t.id}
          className="rounded-xl border border-stone-200 bg-white p-4"
          aria-label={`${noun} ${i + 1}: ${t.attendeeName}`}
        >
          <div className="flex items-baseline justify-between gap-2">
            <p className="font-semibold">{t.attendeeName}</p>
            <p className="text-sm text-stone-600">{t.ticketType ?? noun}</p>
          </div>
          {t.code ? (
            <div className="mt-3 flex justify-center rounded-lg bg-white p-2">
              <QRCodeSVG
                value={t.code}
                size={232}
                level="M"
                marginSize={4}
                title={`QR code of ${t.attendeeName}'s ticket for ${eventName}`}
                role="img"
                data-ticket-code={t.code}
              />
            </div>
          ) : (
            <p className="mt-3 rounded-lg bg-stone-100 p-3 text-sm text-stone-700">
              This {noun.toLowerCase()} was cancelled and no longer admits anyone.
            </p>
          )}
          {t.checkedInAt && <p className="mt-2 text-sm text-stone-600">Checked in</p>}
          {renameFor && t.code && !t.checkedInAt && (
            <RenameAttendee
              reference={renameFor}
              ticketId={t.id}
              current={t.attendeeName}
              accessToken={accessToken}
              questions={t.answers}
            />
          )}
          <p className="mt-2 text-center font-mono text-xs text-stone-500">
            {noun} {i + 1} of {tickets.length}
          </p>
        </li>
      ))}
    </ul>
  );
}
