import { ZoneNote } from "@/components/admin/zone-note";
import { adminTime } from "@/components/admin/format";
import type { Metadata } from "next";
import Link from "next/link";
import { ReleaseHoldsForm } from "@/components/admin/release-holds-form";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { EXPORT_KINDS } from "@/lib/admin/exports";
import {
  listEventsForFilter,
  ORDER_STATUS_TONE,
  ORDER_STATUSES,
  orderSearchSchema,
  searchOrders,
  type OrderSearch,
} from "@/lib/admin/orders";
import { countUnpaidHolds } from "@/lib/admin/release-holds";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { formatMoney } from "@/lib/money";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Orders", robots: { index: false } };

const input = "mt-1 block min-h-11 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base";
const EXPORT_LABELS = { orders: "Orders", attendees: "Attendees", checkins: "Check-ins" } as const;

function pageHref(search: OrderSearch, page: number): string {
  const params = new URLSearchParams();
  if (search.q) params.set("q", search.q);
  if (search.eventId) params.set("eventId", search.eventId);
  if (search.status) params.set("status", search.status);
  if (page > 1) params.set("page", String(page));
  const qs = params.toString();
  return `/admin/orders${qs ? `?${qs}` : ""}`;
}

/** Find an order by whatever the buyer at the desk can tell you; export an event's lists. */
export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageRole(["admin"], "/admin/orders");
  const db = await getDb();
  const search = orderSearchSchema.parse(await searchParams);
  const [events, result] = await Promise.all([listEventsForFilter(db), searchOrders(db, search)]);
  const event = events.find((e) => e.id === search.eventId);
  const holds = event ? await countUnpaidHolds(db, event.id) : null;

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">Orders</h1>
      <ZoneNote />
      <form
        method="get"
        action="/admin/orders"
        className="grid gap-3 rounded-xl border border-stone-200 bg-white p-4 sm:grid-cols-4"
      >
        <label className="block sm:col-span-2">
          <span className="text-sm font-medium">Search</span>
          <input
            name="q"
            type="search"
            defaultValue={search.q}
            placeholder="Reference, name, e-mail, phone or receipt"
            className={input}
          />
        </label>
        <label className="block">
          <span className="text-sm font-medium">Event</span>
          <select name="eventId" defaultValue={search.eventId ?? ""} className={input}>
            <option value="">All events</option>
            {events.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          <span className="text-sm font-medium">Status</span>
          <select name="status" defaultValue={search.status ?? ""} className={input}>
            <option value="">Any status</option>
            {ORDER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", " ")}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={buttonClasses("primary", "sm:col-span-4 sm:justify-self-start")}>
          Search
        </button>
      </form>

      {event ? (
        <section aria-label="Exports" className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium">Download {event.name} (CSV):</span>
          {EXPORT_KINDS.map((k) => (
            <a
              key={k}
              href={`/admin/exports/${k}?eventId=${encodeURIComponent(event.id)}`}
              className={buttonClasses("secondary", "min-h-9 px-3 text-sm")}
              download
            >
              {EXPORT_LABELS[k]}
            </a>
          ))}
        </section>
      ) : (
        <p className="text-sm text-stone-600">
          Choose an event to download its orders, attendees and check-ins as CSV, or to release its unpaid holds.
        </p>
      )}
      {event && holds && holds.all > 0 && (
        <ReleaseHoldsForm eventId={event.id} eventName={event.name} all={holds.all} desk={holds.desk} />
      )}

      <p className="text-sm text-stone-600" aria-live="polite">
        {result.total} order{result.total === 1 ? "" : "s"}
      </p>
      {result.rows.length === 0 ? (
        <p className="text-stone-700">No orders match.</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
          {result.rows.map((o) => (
            <li key={o.reference}>
              <Link href={`/admin/orders/${o.reference}`} className="block p-3 hover:bg-stone-50">
                <span className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-mono font-semibold">{o.reference}</span>
                  <Badge tone={ORDER_STATUS_TONE[o.status]}>{o.status.replace("_", " ")}</Badge>
                </span>
                <span className="block">
                  {o.buyerName} · {formatMoney(o.totalMinor, o.currency)}
                </span>
                <span className="block break-all text-sm text-stone-600">
                  {o.buyerEmail} · {o.buyerPhone} · {o.eventName} · {adminTime(o.createdAt)}
                  {o.paidWith && ` · ${o.paidWith}${o.receipt ? ` ${o.receipt}` : ""}`}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {result.pages > 1 && (
        <nav aria-label="Pages" className="flex items-center justify-between text-sm">
          {result.page > 1 ? (
            <Link href={pageHref(search, result.page - 1)} className="font-medium text-brand-700 underline">
              ← Newer
            </Link>
          ) : (
            <span />
          )}
          <span>
            Page {result.page} of {result.pages}
          </span>
          {result.page < result.pages ? (
            <Link href={pageHref(search, result.page + 1)} className="font-medium text-brand-700 underline">
              Older →
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </div>
  );
}
