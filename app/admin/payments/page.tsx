import { ZoneNote } from "@/components/admin/zone-note";
import { describeCode } from "@/lib/payments/code-words";
import { ScrollTable } from "@/components/admin/scroll-table";
import { adminTime } from "@/components/admin/format";
import type { Metadata } from "next";
import Link from "next/link";
import { FilterErrors, FilterForm, FilterSelect } from "@/components/admin/filter-form";

import { Pager } from "@/components/admin/pager";
import { PaymentStatusBadge } from "@/components/admin/status-badge";
import { Field } from "@/components/ui/field";
import { withParam, type SearchParams } from "@/lib/admin/list-filters";
import {
  listPayments,
  parsePaymentFilters,
  PAYMENT_FILTER_TIMEZONE,
  PAYMENT_STATUSES,
  paymentFilterEvents,
} from "@/lib/admin/payments";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { formatMoney } from "@/lib/money";
import { GATEWAY_IDS } from "@/lib/payments/types";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Payments", robots: { index: false } };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function PaymentsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole(["admin"], "/admin/payments");
  const params = await searchParams;
  const db = await getDb();
  const parsed = parsePaymentFilters(params);
  const [events, page] = await Promise.all([
    paymentFilterEvents(db),
    parsed.ok ? listPayments(db, parsed.filters) : null,
  ]);
  const current = parsed.ok ? { ...parsed.filters, before: undefined } : {};

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">Payments</h1>
      <ZoneNote />
      <FilterForm action="/admin/payments" resetHref="/admin/payments">
        <FilterSelect
          id="event"
          label="Event"
          defaultValue={first(params.event)}
          options={events.map((e) => ({ value: e.slug, label: e.name }))}
        />
        <FilterSelect
          id="gateway"
          label="Gateway"
          defaultValue={first(params.gateway)}
          options={GATEWAY_IDS.map((g) => ({ value: g, label: g }))}
        />
        <FilterSelect
          id="status"
          label="Status"
          defaultValue={first(params.status)}
          options={PAYMENT_STATUSES.map((s) => ({ value: s, label: s }))}
        />
        <Field id="from" name="from" type="date" label="From" defaultValue={first(params.from)} />
        <Field
          id="to"
          name="to"
          type="date"
          label="To"
          defaultValue={first(params.to)}
          hint={`Days in ${PAYMENT_FILTER_TIMEZONE} time, both included.`}
        />
        <Field
          id="q"
          name="q"
          type="search"
          label="Search"
          defaultValue={first(params.q)}
          placeholder="Order ref, receipt or phone"
        />
      </FilterForm>

      {!parsed.ok && <FilterErrors errors={parsed.errors} />}

      {page && page.rows.length === 0 && <p className="text-stone-700">No payments match.</p>}
      {page && page.rows.length > 0 && (
        <ScrollTable label="Payments">
          <table className="w-full min-w-[48rem] text-left text-sm">
            <thead className="text-stone-600">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Time
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Order
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Gateway
                </th>
                <th scope="col" className="py-2 pr-3 text-right font-medium">
                  Amount
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Status
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Receipt
                </th>
                <th scope="col" className="py-2 font-medium">
                  Failure
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200 bg-white">
              {page.rows.map((p) => (
                <tr key={p.id} className="align-top">
                  <td className="py-2 pr-3 whitespace-nowrap tabular-nums">{adminTime(p.createdAt)}</td>
                  <td className="py-2 pr-3">
                    <Link href={`/admin/orders/${p.order.reference}`} className="font-medium text-brand-700 underline">
                      {p.order.reference}
                    </Link>
                    <span className="block text-stone-600">{p.order.event.name}</span>
                  </td>
                  <td className="py-2 pr-3">
                    {p.gateway}
                    {p.method && <span className="block text-stone-600">{p.method}</span>}
                    {p.phone && <span className="block text-stone-600 tabular-nums">{p.phone}</span>}
                  </td>
                  <td className="py-2 pr-3 text-right whitespace-nowrap tabular-nums">
                    {formatMoney(p.amountMinor, p.currency)}
                    {p.refundedMinor > 0 && (
                      <span className="block text-stone-600">refunded {formatMoney(p.refundedMinor, p.currency)}</span>
                    )}
                  </td>
                  <td className="py-2 pr-3">
                    <PaymentStatusBadge status={p.status} />
                  </td>
                  <td className="py-2 pr-3 font-mono">{p.gatewayReceipt ?? "—"}</td>
                  <td className="py-2 text-stone-700">
                    {p.failureReason ? (
                      <>
                        {p.failureReason}
                        {p.failureCode && (
                          <span className="block text-stone-600">{describeCode(p.gateway, p.failureCode)}</span>
                        )}
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {page && (
        <Pager
          firstHref={`/admin/payments${withParam(current, "before", undefined)}`}
          olderHref={page.nextCursor ? `/admin/payments${withParam(current, "before", page.nextCursor)}` : null}
          onFirstPage={!(parsed.ok && parsed.filters.before)}
        />
      )}
    </div>
  );
}
