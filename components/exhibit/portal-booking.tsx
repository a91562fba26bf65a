import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { OrderStatus } from "@/lib/db/generated/client";
import type { PortalBooking } from "@/lib/exhibit/portal";
import { boothSizeName } from "@/lib/exhibit/size-name";
import type { Translator } from "@/lib/i18n/types";
import { formatMoney } from "@/lib/money";

const TONE: Record<OrderStatus, BadgeTone> = {
  pending: "amber",
  paid: "green",
  expired: "neutral",
  cancelled: "neutral",
  refunded: "blue",
  partially_refunded: "blue",
};

export function PortalBookingStatus({ status, t }: { status: OrderStatus; t: Translator }) {
  return <Badge tone={TONE[status]}>{t(`portal.status.${status}`)}</Badge>;
}

const strong = (c: React.ReactNode) => <span className="font-semibold">{c}</span>;

/** One booking: its booths, status, total and receipt, with the way on (details, or paying a pending one). */
export function PortalBookingSummary({
  booking,
  detailsHref,
  t,
}: {
  booking: PortalBooking;
  detailsHref?: string;
  t: Translator;
}) {
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-mono font-semibold tracking-wider">{booking.reference}</p>
        <PortalBookingStatus status={booking.status} t={t} />
      </div>
      <ul className="text-sm text-stone-800">
        {booking.booths.map((b) => (
          <li key={b.code}>
            {t.rich("portal.boothLine", {
              code: b.code,
              size: boothSizeName(t, b.size),
              hall: b.hall,
              passes: b.staffPasses,
              b: strong,
            })}
          </li>
        ))}
      </ul>
      <p className="text-sm text-stone-700">
        {t.rich("portal.total", { amount: formatMoney(booking.totalMinor, booking.currency), b: strong })}
        {booking.receiptNumber && t("portal.receiptNumber", { number: booking.receiptNumber })}
      </p>
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {detailsHref && (
          <Link href={detailsHref} className="font-medium text-brand-700 underline">
            {booking.status === "paid" || booking.status === "partially_refunded"
              ? t("portal.passesAndDetails")
              : t("portal.details")}
          </Link>
        )}
        {booking.receiptUrl && (
          <a href={booking.receiptUrl} className="font-medium text-brand-700 underline">
            {t("portal.receipt")}
          </a>
        )}
        {booking.invoiceUrl && (
          <a href={booking.invoiceUrl} className="font-medium text-brand-700 underline">
            {t("portal.invoice")}
          </a>
        )}
        {booking.status === "pending" && (
          <Link href={`/orders/${booking.reference}`} className="font-medium text-brand-700 underline">
            {t("portal.payNow")}
          </Link>
        )}
      </p>
    </div>
  );
}
