import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PortalBookingSummary } from "@/components/exhibit/portal-booking";
import { TicketQrList } from "@/components/tickets/ticket-qr-list";
import { buttonClasses } from "@/components/ui/button";
import { requirePortalRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getPortalBooking, portalHref } from "@/lib/exhibit/portal";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Booth booking", robots: { index: false } };

interface Props {
  params: Promise<{ reference: string }>;
  searchParams: Promise<{ exhibitor?: string }>;
}

export default async function PortalBookingPage({ params, searchParams }: Props) {
  const { reference } = await params;
  const { exhibitor: asExhibitorId } = await searchParams;
  const user = await requirePortalRole(portalHref(`/exhibit/portal/bookings/${reference}`, asExhibitorId));
  const as = user.role === "admin" ? asExhibitorId : undefined;
  const booking = await getPortalBooking(await getDb(), { user, asExhibitorId: as }, reference).catch((err) => {
    // Someone else's booking looks exactly like a missing one.
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  const paid = booking.status === "paid" || booking.status === "partially_refunded";

  return (
    <div className="space-y-4">
      <p>
        <Link href={portalHref("/exhibit/portal", as)} className="text-sm font-medium text-brand-700 underline">
          ← Exhibitor portal
        </Link>
      </p>
      <section aria-labelledby="booking-heading" className="space-y-2 rounded-xl border border-stone-200 bg-white p-4">
        <h1 id="booking-heading" className="text-xl font-bold">
          {booking.companyName} at {booking.event.name}
        </h1>
        <PortalBookingSummary booking={booking} />
      </section>
      <section aria-labelledby="passes-heading" className="space-y-3">
        <h2 id="passes-heading" className="text-lg font-semibold">
          Staff passes
        </h2>
        {booking.staffPasses.length ? (
          <>
            <p className="text-sm text-stone-600">
              Each pass admits one member of your stand team at the gate. Show the QR code on a phone or print it.
            </p>
            {booking.passesPdfUrl && (
              <a href={booking.passesPdfUrl} download className={buttonClasses("secondary")}>
                Download the passes (PDF)
              </a>
            )}
            <TicketQrList
              tickets={booking.staffPasses}
              eventName={booking.event.name}
              noun="Staff pass"
              {...(booking.accessToken && { renameFor: booking.reference, accessToken: booking.accessToken })}
            />
          </>
        ) : (
          <p className="text-sm text-stone-600">
            {paid ? "This booking comes with no staff passes." : "Staff passes are issued once the booking is paid."}
          </p>
        )}
      </section>
    </div>
  );
}
