import { ZoneNote } from "@/components/admin/zone-note";
import { adminTime } from "@/components/admin/format";
import type { Metadata } from "next";
import Link from "next/link";
import { FilterCheckbox, FilterErrors, FilterForm, FilterSelect } from "@/components/admin/filter-form";

import { Pager } from "@/components/admin/pager";
import { OutcomeBadge, PaymentStatusBadge } from "@/components/admin/status-badge";
import { Badge } from "@/components/ui/badge";
import { CALLBACK_OUTCOMES, OUTCOME_LABELS } from "@/lib/admin/callback-outcomes";
import { listCallbacks, parseCallbackFilters } from "@/lib/admin/callbacks";
import { withParam, type SearchParams } from "@/lib/admin/list-filters";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { GATEWAY_IDS } from "@/lib/payments/types";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Callback log", robots: { index: false } };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

/** Every gateway notification as it arrived, with what Lango made of it. */
export default async function CallbacksPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole(["admin"], "/admin/callbacks");
  const params = await searchParams;
  const parsed = parseCallbackFilters(params);
  const page = parsed.ok ? await listCallbacks(await getDb(), parsed.filters) : null;
  const current = parsed.ok ? { ...parsed.filters, before: undefined } : {};

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">Callback log</h1>
      <ZoneNote />
      <FilterForm action="/admin/callbacks" resetHref="/admin/callbacks">
        <FilterSelect
          id="gateway"
          label="Gateway"
          defaultValue={first(params.gateway)}
          options={GATEWAY_IDS.map((g) => ({ value: g, label: g }))}
        />
        <FilterSelect
          id="outcome"
          label="Outcome"
          defaultValue={first(params.outcome)}
          options={CALLBACK_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))}
        />
        <div className="flex flex-col">
          <FilterCheckbox id="duplicates" label="Duplicates only" defaultChecked={!!first(params.duplicates)} />
          <FilterCheckbox id="unverified" label="Unverified only" defaultChecked={!!first(params.unverified)} />
        </div>
      </FilterForm>

      {!parsed.ok && <FilterErrors errors={parsed.errors} />}

      {page && page.rows.length === 0 && <p className="text-stone-700">No notifications match.</p>}
      {page && page.rows.length > 0 && (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
          {page.rows.map((c) => (
            <li key={c.id} className="space-y-1 p-3">
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/admin/callbacks/${c.id}`} className="font-medium text-brand-700 underline">
                  {c.gateway} · {c.kind}
                </Link>
                <OutcomeBadge outcome={c.outcome} />
                {!c.verified && <Badge tone="red">unverified</Badge>}
                {c.duplicate && <Badge tone="neutral">duplicate</Badge>}
              </div>
              {c.detail && <p className="text-sm break-words text-stone-700">{c.detail}</p>}
              <p className="text-sm text-stone-600">
                {adminTime(c.receivedAt)}
                {c.payment && (
                  <>
                    {" · order "}
                    <Link href={`/admin/orders/${c.payment.order.reference}`} className="text-brand-700 underline">
                      {c.payment.order.reference}
                    </Link>{" "}
                    <PaymentStatusBadge status={c.payment.status} />
                  </>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {page && (
        <Pager
          firstHref={`/admin/callbacks${withParam(current, "before", undefined)}`}
          olderHref={page.nextCursor ? `/admin/callbacks${withParam(current, "before", page.nextCursor)}` : null}
          onFirstPage={!(parsed.ok && parsed.filters.before)}
        />
      )}
    </div>
  );
}
