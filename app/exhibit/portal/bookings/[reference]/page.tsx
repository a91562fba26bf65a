import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PortalBookingSummary } from "@/components/exhibit/portal-booking";
import { ClientMessages } from "@/components/i18n/client-messages";
import { TicketQrList } from "@/components/tickets/ticket-qr-list";
import { buttonClasses } from "@/components/ui/button";
import { requirePortalRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getPortalBooking, portalHref } from "@/lib/exhibit/portal";
import { pageLocale } from "@/lib/i18n/page-locale";
import { getTranslator } from "@/lib/i18n/translator";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator(await pageLocale());
  return { title: t("portal.bookingTitle"), robots: { index: false } };
}

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
  const t = await getTranslator(await pageLocale());

  return (
    <div className="space-y-4">
      <p>
        <Link href={portalHref("/exhibit/portal", as)} className="text-sm font-medium text-brand-700 underline">
          {t("portal.back")}
        </Link>
      </p>
      <section aria-labelledby="booking-heading" className="space-y-2 rounded-xl border border-stone-200 bg-white p-4">
        <h1 id="booking-heading" className="text-xl font-bold">
          {t("portal.bookingHeading", { company: booking.companyName, event: booking.event.name })}
        </h1>
        <PortalBookingSummary booking={booking} t={t} />
      </section>
      <section aria-labelledby="passes-heading" className="space-y-3">
        <h2 id="passes-heading" className="text-lg font-semibold">
          {t("portal.passesHeading")}
        </h2>
        {booking.staffPasses.length ? (
          <>
            <p className="text-sm text-stone-600">{t("portal.passesNote")}</p>
            {booking.passesPdfUrl && (
              <a href={booking.passesPdfUrl} download className={buttonClasses("secondary")}>
                {t("portal.downloadPasses")}
              </a>
            )}
            <ClientMessages namespaces={["common", "tickets"]}>
              <TicketQrList
                tickets={booking.staffPasses}
                eventName={booking.event.name}
                kind="pass"
                {...(booking.accessToken && { renameFor: booking.reference, accessToken: booking.accessToken })}
              />
            </ClientMessages>
          </>
        ) : (
          <p className="text-sm text-stone-600">{paid ? t("portal.noPasses") : t("portal.passesLater")}</p>
        )}
      </section>
    </div>
  );
}
