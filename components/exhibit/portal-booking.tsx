import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { OrderStatus } from "@/lib/db/generated/client";
import type { PortalBooking } from "@/lib/exhibit/portal";
import { sizeLabel } from "@/lib/exhibit/sizes";
import { formatMoney } from "@/lib/money";

const STATUS: Record<OrderStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: "Awaiting payment", tone: "amber" },
  paid: { label: "Paid", tone: "green" },
  expired: { label: "Expired", tone: "neutral" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  refunded: { label: "Refunded", tone: "blue" },
  partially_refunded: { label: "Partly refunded", tone: "blue" },
};

export function PortalBookingStatus({ status }: { status: OrderStatus }) {
  const s = STATUS[status];
  return <Badge tone={s.tone}>{s.label}</Badge>;
}

/** One booking: its booths, status, total and receipt, with the way on (details, or paying a pending one). */
export function PortalBookingSummary({ booking, detailsHref }: { booking: PortalBooking; detailsHref?: string }) {
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-mono font-semibold tracking-wider">{booking.reference}</p>
        <PortalBookingStatus status={booking.status} />
      </div>
      <ul className="text-sm text-stone-800">
        {booking.booths.map((b) => (
          <li key={b.code}>
            Booth <span className="font-semibold">{b.code}</span> · {sizeLabel(b.size)} · {b.hall} · {b.staffPasses}{" "}
            staff {b.staffPasses === 1 ? "pass" : "passes"}
          </li>
        ))}
      </ul>
      <p className="text-sm text-stone-700">
        Total <span className="font-semibold">{formatMoney(booking.totalMinor, booking.currency)}</span>
        {booking.receiptNumber && <> · receipt {booking.receiptNumber}</>}
      </p>
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {detailsHref && (
          <Link href={detailsHref} className="font-medium text-brand-700 underline">
            {booking.status === "paid" || booking.status === "partially_refunded"
              ? "Staff passes and details"
              : "Details"}
          </Link>
        )}
        {booking.receiptUrl && (
          <a href={booking.receiptUrl} className="font-medium text-brand-700 underline">
            Receipt (PDF)
          </a>
        )}
        {booking.status === "pending" && (
          <Link href={`/orders/${booking.reference}`} className="font-medium text-brand-700 underline">
            Pay now
          </Link>
        )}
      </p>
    </div>
  );
}
