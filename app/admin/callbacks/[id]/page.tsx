import { ZoneNote } from "@/components/admin/zone-note";
import { adminTime } from "@/components/admin/format";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";

import { OutcomeBadge, PaymentStatusBadge } from "@/components/admin/status-badge";
import { Badge } from "@/components/ui/badge";
import { getCallback, prettyBody } from "@/lib/admin/callbacks";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { formatMoney } from "@/lib/money";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Callback", robots: { index: false } };

/** One notification exactly as received. The body is untrusted: it is shown as escaped text only. */
export default async function CallbackPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageRole(["admin"], `/admin/callbacks/${encodeURIComponent(id)}`);
  const callback = await getCallback(await getDb(), id);
  if (!callback) notFound();
  const body = prettyBody(callback.body);

  return (
    <div className="space-y-4">
      <p>
        <Link href="/admin/callbacks" className="text-brand-700 underline">
          ← Callback log
        </Link>
      </p>
      <h1 className="text-xl font-bold">
        {callback.gateway} · {callback.kind}
      </h1>
      <ZoneNote />
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-stone-600">Received</dt>
        <dd>{adminTime(callback.receivedAt)}</dd>
        <dt className="text-stone-600">From</dt>
        <dd className="font-mono">{callback.sourceIp ?? "—"}</dd>
        <dt className="text-stone-600">Verified</dt>
        <dd>{callback.verified ? "yes" : <Badge tone="red">no</Badge>}</dd>
        <dt className="text-stone-600">Duplicate</dt>
        <dd>{callback.duplicate ? "yes (changed nothing)" : "no"}</dd>
        <dt className="text-stone-600">Outcome</dt>
        <dd className="break-words">
          <OutcomeBadge outcome={callback.outcome} /> {callback.detail}
        </dd>
        <dt className="text-stone-600">Payment</dt>
        <dd>
          {callback.payment ? (
            <>
              <Link href={`/admin/orders/${callback.payment.order.reference}`} className="text-brand-700 underline">
                {callback.payment.order.reference}
              </Link>{" "}
              · {callback.payment.gateway} · {formatMoney(callback.payment.amountMinor, callback.payment.currency)}{" "}
              <PaymentStatusBadge status={callback.payment.status} />
            </>
          ) : (
            "none matched"
          )}
        </dd>
      </dl>

      <section aria-labelledby="headers" className="space-y-1">
        <h2 id="headers" className="font-semibold">
          Headers
        </h2>
        <pre className="overflow-x-auto rounded-lg bg-stone-900 p-3 text-sm text-stone-100">
          {JSON.stringify(callback.headers, null, 2)}
        </pre>
      </section>
      <section aria-labelledby="body" className="space-y-1">
        <h2 id="body" className="font-semibold">
          Body{" "}
          <span className="text-sm font-normal text-stone-600">
            ({body.format}, {callback.body.length} characters)
          </span>
        </h2>
        <pre className="max-h-[32rem] overflow-auto rounded-lg bg-stone-900 p-3 text-sm whitespace-pre-wrap break-all text-stone-100">
          {body.text || "(empty)"}
        </pre>
      </section>
    </div>
  );
}
