import { ZoneNote } from "@/components/admin/zone-note";
import { adminTime } from "@/components/admin/format";
import type { Metadata } from "next";
import Link from "next/link";
import { formatPercent } from "@/components/admin/format";
import { ScrollTable } from "@/components/admin/scroll-table";
import { AdminSection } from "@/components/admin/section";
import { OutcomeBadge } from "@/components/admin/status-badge";
import { StatGrid, StatTile } from "@/components/admin/stat-tile";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import {
  gatewayAvailability,
  gatewayHealth,
  HEALTH_WINDOWS,
  type GatewayHealth,
  type HealthWindow,
} from "@/lib/admin/gateway-health";
import type { SearchParams } from "@/lib/admin/list-filters";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { paymentsEnv } from "@/lib/payments/registry";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Gateway health", robots: { index: false } };

const WINDOW_LABELS: Record<HealthWindow, string> = { "24h": "Last 24 hours", "7d": "Last 7 days" };
const isWindow = (v: unknown): v is HealthWindow => typeof v === "string" && v in HEALTH_WINDOWS;

/** How each gateway behaves, as Lango saw it: attempts, calls it made, notifications it got. */
export default async function GatewaysPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole(["admin"], "/admin/gateways");
  const requested = (await searchParams).window;
  // An unknown window is not worth an error page: show the default and say so.
  const range: HealthWindow = isWindow(requested) ? requested : "24h";
  const db = await getDb();
  const [health, availability] = await Promise.all([
    gatewayHealth(db, { window: range }),
    gatewayAvailability(db, paymentsEnv()),
  ]);
  const enabled = new Map(availability.gateways.map((g) => [g.gateway, g]));

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">Gateway health</h1>
      <ZoneNote />
      <p className="text-sm text-stone-700">
        Mode: <Badge tone={availability.mode === "live" ? "green" : "blue"}>{availability.mode}</Badge>{" "}
        {availability.mode === "simulator"
          ? "Every gateway talks to the built-in simulator; no real money moves."
          : "Gateways are enabled when their credentials are set."}
      </p>
      {requested !== undefined && !isWindow(requested) && (
        <Alert tone="warning">Unknown time window; showing the last 24 hours.</Alert>
      )}
      <nav aria-label="Time window" className="flex gap-3 text-sm">
        {(Object.keys(HEALTH_WINDOWS) as HealthWindow[]).map((w) => (
          <Link
            key={w}
            href={`/admin/gateways?window=${w}`}
            aria-current={w === range ? "page" : undefined}
            className={`inline-flex min-h-11 items-center rounded-lg border px-3 ${w === range ? "border-brand-700 bg-brand-50 font-semibold text-brand-900" : "border-stone-300 bg-white text-brand-700"}`}
          >
            {WINDOW_LABELS[w]}
          </Link>
        ))}
      </nav>

      {health.gateways.map((g) => {
        const offered = enabled.get(g.gateway);
        const title = offered?.displayName ?? g.gateway;
        return (
          <AdminSection
            key={g.gateway}
            id={`gateway-${g.gateway}`}
            title={title}
            aside={offered ? <Badge tone="green">enabled</Badge> : <Badge tone="neutral">not enabled</Badge>}
          >
            <p className="text-sm text-stone-600">
              {offered
                ? `Offered for ${offered.events.map((e) => `${e.name} (${e.currency})`).join(", ") || "no event"} · ${offered.flow === "push" ? "phone prompt" : offered.flow === "desk" ? "cash at the desk" : "hosted page"}.`
                : "Not offered to buyers now."}{" "}
              <Link
                href={`/admin/payments?gateway=${encodeURIComponent(g.gateway)}`}
                className="text-brand-700 underline"
              >
                Payments
              </Link>
              {" · "}
              <Link
                href={`/admin/callbacks?gateway=${encodeURIComponent(g.gateway)}`}
                className="text-brand-700 underline"
              >
                Callbacks
              </Link>
            </p>
            <StatGrid>
              <StatTile
                label="Buyers who paid"
                value={formatPercent(g.buyers.successRate)}
                hint={buyersHint(g.buyers)}
              />
              <StatTile label="Payment attempts" value={g.payments.started} hint={attemptsHint(g.payments)} />
              <StatTile
                label="Calls to the gateway"
                value={g.calls.count}
                hint={`${g.calls.errors} errors (${formatPercent(g.calls.errorRate)})${g.calls.retried ? `, ${g.calls.retried} retried unnoticed` : ""}`}
              />
              <StatTile
                label="Latency p50 / p95"
                value={g.calls.p50Ms === null ? "—" : `${g.calls.p50Ms} / ${g.calls.p95Ms} ms`}
              />
              <StatTile
                label="Callbacks"
                value={g.callbacks.count}
                hint={
                  [
                    g.callbacks.unverified && `${g.callbacks.unverified} unverified`,
                    g.callbacks.duplicates && `${g.callbacks.duplicates} duplicates`,
                  ]
                    .filter(Boolean)
                    .join(", ") || undefined
                }
              />
            </StatGrid>

            <p className="text-sm">
              <span className="text-stone-600">Last callback: </span>
              {g.callbacks.last ? (
                <>
                  <Link href={`/admin/callbacks/${g.callbacks.last.id}`} className="text-brand-700 underline">
                    {adminTime(g.callbacks.last.receivedAt)}
                  </Link>{" "}
                  ({g.callbacks.last.kind}) <OutcomeBadge outcome={g.callbacks.last.outcome} />
                  {g.callbacks.last.detail && ` ${g.callbacks.last.detail}`}
                </>
              ) : (
                "never"
              )}
            </p>

            {g.payments.failuresByCode.length > 0 && (
              <div className="text-sm">
                <h3 className="font-medium">Why attempts did not pay</h3>
                <ul className="mt-1 list-disc space-y-0.5 pl-5">
                  {g.payments.failuresByCode.map((f) => (
                    <li key={f.code}>
                      {f.meaning}: {f.count} {f.count === 1 ? "attempt" : "attempts"}
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {g.calls.errorsByCode.length > 0 && (
              <ScrollTable label={`${title}: call errors by code`}>
                <table className="w-full min-w-[36rem] text-left text-sm">
                  <caption className="pb-1 text-left font-medium">Call errors by code</caption>
                  <thead className="text-stone-600">
                    <tr>
                      <th scope="col" className="py-1 pr-2 font-medium">
                        Operation
                      </th>
                      <th scope="col" className="py-1 pr-2 font-medium">
                        Code
                      </th>
                      <th scope="col" className="py-1 pr-2 font-medium">
                        What it means
                      </th>
                      <th scope="col" className="py-1 pr-2 text-right font-medium">
                        Count
                      </th>
                      <th scope="col" className="py-1 font-medium">
                        Last
                      </th>
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-stone-100">
                    {g.calls.errorsByCode.map((e) => (
                      <tr key={`${e.operation}-${e.resultCode}-${e.httpStatus}`}>
                        <td className="py-1 pr-2">{e.operation}</td>
                        <td className="py-1 pr-2 font-mono whitespace-nowrap">
                          {e.resultCode ?? (e.httpStatus === null ? "—" : `HTTP ${e.httpStatus}`)}
                        </td>
                        <td className="py-1 pr-2">
                          {e.meaning}
                          {e.effect === "retried" && (
                            <>
                              {" "}
                              <Badge tone="neutral">no buyer affected</Badge>
                            </>
                          )}
                        </td>
                        <td className="py-1 pr-2 text-right tabular-nums">{e.count}</td>
                        <td className="py-1 whitespace-nowrap">{adminTime(e.lastAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollTable>
            )}
          </AdminSection>
        );
      })}
    </div>
  );
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 of 4 orders that tried it; 1 still paying". */
function buyersHint(b: GatewayHealth["buyers"]): string {
  if (b.orders === 0) return "No buyer tried it";
  return [
    `${b.paid} of ${plural(b.paid + b.notPaid, "order", "orders")} that finished`,
    b.waiting && `${b.waiting} still paying`,
  ]
    .filter(Boolean)
    .join("; ");
}

/** Attempts, and what was left out of them: copies and organiser cancellations are nobody's failure. */
function attemptsHint(p: GatewayHealth["payments"]): string {
  return [
    `${p.succeeded} paid, ${p.unsuccessful} did not${p.pending ? `, ${p.pending} pending` : ""}`,
    p.notCounted.copies &&
      `${plural(p.notCounted.copies, "paybill copy", "paybill copies")} of payments already counted, left out`,
    p.notCounted.organiserCancelled && `${p.notCounted.organiserCancelled} closed by the organiser, left out`,
  ]
    .filter(Boolean)
    .join("; ");
}
