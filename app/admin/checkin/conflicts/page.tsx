import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { requirePageRole } from "@/lib/auth/page-guard";
import { listConflicts, type CheckinConflict, type ScanSide } from "@/lib/checkin/conflicts";
import { getDb } from "@/lib/db/client";
import { formatShortDateTime } from "@/lib/dates";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Check-in conflicts", robots: { index: false } };

const OUTCOME: Record<string, string> = {
  already_checked_in: "Admitted twice",
  revoked: "Cancelled ticket let in",
  not_paid: "Unpaid ticket let in",
  invalid: "Invalid code let in",
  wrong_event: "Other event's ticket let in",
};

function Side({ label, side, event }: { label: string; side: ScanSide; event: CheckinConflict["event"] }) {
  const at = event
    ? formatShortDateTime(side.scannedAt.toISOString(), event.timeZone, event.country)
    : side.scannedAt.toISOString();
  return (
    <div>
      <dt className="text-xs font-semibold uppercase tracking-wide text-stone-500">{label}</dt>
      <dd>
        {at} · {side.gate ?? "no gate"}
        {side.offline && " · offline"}
        <span className="block text-stone-600">
          {side.staff ?? "unknown staff"} · device {side.deviceId ? side.deviceId.slice(0, 8) : "unknown"}
        </span>
      </dd>
    </div>
  );
}

/** For the admin: tickets that offline phones let in but the server did not confirm once they synced. */
export default async function CheckinConflictsPage() {
  await requirePageRole(["admin"], "/admin/checkin/conflicts");
  const conflicts = await listConflicts(await getDb());
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-bold">Check-in conflicts</h1>
      <p className="text-sm text-stone-700">
        Scans a gate phone admitted while offline that the server refused when they synced: the ticket had already been
        admitted at another gate, or it was cancelled meanwhile. Someone may be inside twice.{" "}
        <Link href="/admin/checkin" className="underline">
          Back to the scanner
        </Link>
      </p>
      {conflicts.length === 0 ? (
        <p className="rounded-xl border border-stone-200 bg-white p-4 text-stone-700">
          No conflicts: every offline admission was confirmed.
        </p>
      ) : (
        <ul className="space-y-2" aria-label="Conflicts">
          {conflicts.map((c) => (
            <li key={c.id} className="space-y-2 rounded-xl border border-stone-200 bg-white p-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span>
                  <span className="font-medium">{c.attendeeName ?? "Unknown ticket"}</span>{" "}
                  <span className="text-sm text-stone-600">
                    · {c.orderReference ?? "no order"} · {c.event?.name ?? "no event"}
                  </span>
                </span>
                <Badge tone="red">{OUTCOME[c.result] ?? c.result}</Badge>
              </div>
              <dl className="grid gap-2 text-sm sm:grid-cols-2">
                {c.admitted && <Side label="Admitted first" side={c.admitted} event={c.event} />}
                <Side
                  label={c.admitted ? "Let in again offline" : "Let in offline"}
                  side={c.conflicting}
                  event={c.event}
                />
              </dl>
              {c.ticketId && <p className="text-xs text-stone-500">Ticket {c.ticketId}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
