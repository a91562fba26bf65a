import type { Metadata } from "next";
import { ScrollTable } from "@/components/admin/scroll-table";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { BarChart } from "@/components/admin/bar-chart";
import { formatAmounts, formatDay } from "@/components/admin/format";
import { AdminSection } from "@/components/admin/section";
import { StatGrid, StatTile } from "@/components/admin/stat-tile";
import { dashboardReport } from "@/lib/admin/reports";
import { unsettledRefunds } from "@/lib/admin/unsettled-refunds";
import { areaOf } from "@/lib/auth/landing";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { formatShortDateTime } from "@/lib/dates";
import { gatewayLabel } from "@/lib/documents/labels";
import { formatMoney, toMajorUnits } from "@/lib/money";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Dashboard", robots: { index: false } };

const LINKS = [
  { href: "/admin/orders", label: "Orders" },
  { href: "/admin/payments", label: "Payments" },
  { href: "/admin/callbacks", label: "Callback log" },
  { href: "/admin/gateways", label: "Gateway health" },
  { href: "/admin/events", label: "Events" },
  { href: "/admin/booths", label: "Booths" },
  { href: "/admin/checkin", label: "Gate check-in" },
  { href: "/admin/outbox", label: "E-mail outbox" },
  { href: "/admin/users", label: "Users" },
];

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

export default async function AdminDashboard() {
  const user = await requirePageRole(["admin", "staff"], "/admin");
  // The dashboard shows money; staff only need their own area (the scanner, or the box office).
  if (user.role !== "admin") redirect(areaOf(user).href);

  const db = await getDb();
  const [report, unsettled] = await Promise.all([dashboardReport(db), unsettledRefunds(db)]);
  const { days, timeZone } = report.daily;
  const currencies = [...new Set(days.flatMap((d) => d.revenue.map((r) => r.currency)))].sort();
  const dayLabel = (day: string) => ({ key: day, label: formatDay(day), short: String(Number(day.slice(8))) });

  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-bold">Dashboard</h1>
        <p className="text-sm text-stone-600">Signed in as {user.email}. Figures are live; refresh for the latest.</p>
      </div>

      {unsettled.count > 0 && <UnsettledRefunds {...unsettled} />}

      <nav aria-label="Admin pages">
        <ul className="flex flex-wrap gap-2 text-sm">
          {LINKS.map((l) => (
            <li key={l.href}>
              <Link
                href={l.href}
                className="inline-flex min-h-11 items-center rounded-lg border border-stone-300 bg-white px-3 font-medium text-brand-700 hover:bg-stone-100"
              >
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <AdminSection id="by-day" title="Sales by day">
        <p className="text-sm text-stone-600">
          The last 14 days by the day the order was paid, in {timeZone} time. Refunds are not deducted here.
        </p>
        <BarChart
          id="orders-per-day"
          title="Paid orders per day"
          data={days.map((d) => ({ ...dayLabel(d.day), value: d.orders }))}
          valueHeader="Paid orders"
          integer
        />
        {currencies.map((currency) => (
          <BarChart
            key={currency}
            id={`revenue-per-day-${currency}`}
            title={`Revenue per day, ${currency}`}
            data={days.map((d) => ({
              ...dayLabel(d.day),
              value: d.revenue.find((r) => r.currency === currency)?.amountMinor ?? 0,
            }))}
            valueHeader={`Revenue (${currency})`}
            format={(v) => formatMoney(v, currency)}
            formatTick={(v) => compact.format(toMajorUnits(v, currency))}
          />
        ))}
      </AdminSection>

      <AdminSection id="by-event" title="Sales by event">
        {report.events.length === 0 && <p className="text-stone-700">No events yet.</p>}
        {report.events.map((e) => (
          <div key={e.eventId} className="space-y-2">
            <h3 className="font-medium">{e.name}</h3>
            <StatGrid>
              <StatTile label="Paid orders" value={e.ordersPaid} />
              <StatTile label="Tickets sold" value={e.ticketsSold} />
              <StatTile label="Revenue" value={formatAmounts(e.gross, formatMoney(0, e.currency))} />
              <StatTile
                label="Net of refunds"
                value={formatAmounts(e.net, formatMoney(0, e.currency))}
                hint={`Refunded ${formatAmounts(e.refunded, formatMoney(0, e.currency))}`}
              />
            </StatGrid>
          </div>
        ))}
      </AdminSection>

      <AdminSection id="by-ticket-type" title="Sales by ticket type">
        <BarChart
          id="sold-per-type"
          title="Seats sold per ticket type"
          orientation="horizontal"
          data={report.ticketTypes.map((t) => ({
            key: t.ticketTypeId,
            label: `${t.eventName} · ${t.name}`,
            value: t.sold,
          }))}
          valueHeader="Seats sold"
          integer
        />
        <ScrollTable label="Sales by ticket type, table">
          <table className="w-full min-w-[32rem] text-left text-sm">
            <thead className="text-stone-600">
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Ticket type
                </th>
                <th scope="col" className="py-1 pr-2 text-right font-medium">
                  Sold
                </th>
                <th scope="col" className="py-1 pr-2 text-right font-medium">
                  Held
                </th>
                <th scope="col" className="py-1 pr-2 text-right font-medium">
                  Capacity
                </th>
                <th scope="col" className="py-1 text-right font-medium">
                  Revenue
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-100">
              {report.ticketTypes.map((t) => (
                <tr key={t.ticketTypeId}>
                  <th scope="row" className="py-1.5 pr-2 font-normal">
                    {t.name} <span className="text-stone-600">· {t.eventName}</span>
                  </th>
                  <td className="py-1.5 pr-2 text-right tabular-nums">{t.sold}</td>
                  <td className="py-1.5 pr-2 text-right tabular-nums">{t.held}</td>
                  <td className="py-1.5 pr-2 text-right tabular-nums">
                    {t.capacity}
                    {t.sold + t.held >= t.capacity && <span className="ml-1 font-medium text-red-800">full</span>}
                  </td>
                  <td className="py-1.5 text-right tabular-nums">{formatAmounts(t.revenue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      </AdminSection>

      <AdminSection
        id="by-gateway"
        title="Sales by gateway"
        aside={
          <Link href="/admin/gateways" className="text-sm text-brand-700 underline">
            Gateway health
          </Link>
        }
      >
        {report.gateways.length === 0 ? (
          <p className="text-stone-700">No payment has succeeded yet.</p>
        ) : (
          <>
            <BarChart
              id="payments-per-gateway"
              title="Succeeded payments per gateway"
              orientation="horizontal"
              data={report.gateways.map((g) => ({
                key: `${g.gateway}-${g.currency}`,
                label: `${g.gateway} (${g.currency})`,
                value: g.succeeded,
              }))}
              valueHeader="Succeeded payments"
              integer
            />
            <ul className="divide-y divide-stone-100 text-sm">
              {report.gateways.map((g) => (
                <li key={`${g.gateway}-${g.currency}`} className="flex flex-wrap justify-between gap-2 py-1.5">
                  <Link
                    href={`/admin/payments?gateway=${encodeURIComponent(g.gateway)}&status=succeeded`}
                    className="font-medium text-brand-700 underline"
                  >
                    {g.gateway}
                  </Link>
                  <span className="tabular-nums">
                    {formatMoney(g.amountMinor, g.currency)}
                    {g.refundedMinor > 0 && (
                      <span className="text-stone-600"> · refunded {formatMoney(g.refundedMinor, g.currency)}</span>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </AdminSection>

      <AdminSection
        id="booths"
        title="Booth occupancy"
        aside={
          <Link href="/admin/booths" className="text-sm text-brand-700 underline">
            Booths
          </Link>
        }
      >
        {report.booths.length === 0 && <p className="text-stone-700">No event has a floor plan.</p>}
        {report.booths.map((b) => (
          <div key={b.eventId} className="space-y-2">
            <h3 className="font-medium">{b.name}</h3>
            <OccupancyBar booked={b.booked} held={b.held} blocked={b.blocked} total={b.total} />
            <StatGrid>
              <StatTile label="Booked" value={`${b.booked} of ${b.total}`} />
              <StatTile label="Held (awaiting payment)" value={b.held} />
              <StatTile label="Available" value={b.available} hint={b.blocked ? `${b.blocked} blocked` : undefined} />
              <StatTile
                label="Booth revenue"
                value={formatAmounts(b.boothRevenue)}
                hint={b.addonRevenue.length ? `Extras ${formatAmounts(b.addonRevenue)}` : undefined}
              />
            </StatGrid>
          </div>
        ))}
      </AdminSection>

      <AdminSection
        id="checkin"
        title="Check-in progress"
        aside={
          <Link href="/admin/checkin" className="text-sm text-brand-700 underline">
            Gate scanner
          </Link>
        }
      >
        {report.checkin.length === 0 && <p className="text-stone-700">No current event has tickets yet.</p>}
        {report.checkin.map((c) => (
          <BarChart
            key={c.eventId}
            id={`checkin-${c.eventId}`}
            title={`${c.name}: ${c.checkedIn} of ${c.total} in (${c.total ? Math.round((c.checkedIn / c.total) * 100) : 0} %)`}
            orientation="horizontal"
            data={[
              { key: "in", label: "Checked in", value: c.checkedIn },
              { key: "out", label: "Not yet in", value: c.total - c.checkedIn },
              ...Object.entries(c.byGate).map(([gate, n]) => ({
                key: `gate-${gate}`,
                label: `Gate ${gate}`,
                value: n,
              })),
            ]}
            valueHeader="Tickets"
            integer
          />
        ))}
      </AdminSection>
    </div>
  );
}

/** Booked, held and blocked booths as one stacked bar out of all booths. */
function OccupancyBar({
  booked,
  held,
  blocked,
  total,
}: {
  booked: number;
  held: number;
  blocked: number;
  total: number;
}) {
  if (total === 0) return null;
  const parts = [
    { n: booked, className: "fill-brand-600" },
    { n: held, className: "fill-amber-400" },
    { n: blocked, className: "fill-stone-400" },
  ];
  const offsets = parts.map((_, i) => parts.slice(0, i).reduce((sum, p) => sum + p.n, 0));
  return (
    <svg
      viewBox="0 0 100 6"
      preserveAspectRatio="none"
      className="h-3 w-full"
      role="img"
      aria-label={`${booked} booked, ${held} held, ${blocked} blocked, ${total - booked - held - blocked} available of ${total} booths`}
    >
      <rect width={100} height={6} rx={1} className="fill-stone-100" />
      {parts.map((p, i) => (
        <rect key={i} x={(offsets[i] / total) * 100} width={(p.n / total) * 100} height={6} className={p.className} />
      ))}
    </svg>
  );
}

/** Refunds with no answer from their gateway: money that may or may not have gone back, until someone looks. */
function UnsettledRefunds({ count, refunds }: Awaited<ReturnType<typeof unsettledRefunds>>) {
  return (
    <Alert tone="warning" title={`${count} ${count === 1 ? "refund has" : "refunds have"} no answer from the gateway`}>
      <p>
        Whether the money went back is not known. Look each one up in the gateway&apos;s own records, then settle it on
        the order&apos;s page, under Payments.
      </p>
      <ul className="mt-2 space-y-1">
        {refunds.map((r) => (
          <li key={r.id}>
            <Link href={`/admin/orders/${r.reference}`} className="font-medium underline">
              {r.reference}
            </Link>{" "}
            · {formatMoney(r.amountMinor, r.currency)} via {gatewayLabel(r.gateway)} · asked{" "}
            {formatShortDateTime(r.askedAt.toISOString(), r.timezone, r.country)}
            {r.waitsOn === "resend" && " · Lango is asking again"}
          </li>
        ))}
      </ul>
      {count > refunds.length && <p className="mt-1">…and {count - refunds.length} more.</p>}
    </Alert>
  );
}
