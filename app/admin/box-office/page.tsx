import type { Metadata } from "next";
import { ScrollTable } from "@/components/admin/scroll-table";
import { adminTime } from "@/components/admin/format";
import { requirePageRole } from "@/lib/auth/page-guard";
import { listShifts } from "@/lib/box-office/shifts";
import { getDb } from "@/lib/db/client";
import { formatMoney } from "@/lib/money";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Box office shifts", robots: { index: false } };

type Props = { searchParams: Promise<{ eventId?: string; cashierId?: string }> };

export default async function BoxOfficeShiftsPage({ searchParams }: Props) {
  await requirePageRole(["admin"], "/admin/box-office");
  const q = await searchParams;
  const filter = { eventId: q.eventId?.slice(0, 64) || undefined, cashierId: q.cashierId?.slice(0, 64) || undefined };
  const db = await getDb();
  const [shifts, events, cashiers] = await Promise.all([
    listShifts(db, filter),
    db.event.findMany({ orderBy: { startsAt: "asc" }, select: { id: true, name: true } }),
    db.user.findMany({ where: { shifts: { some: {} } }, orderBy: { email: "asc" }, select: { id: true, email: true } }),
  ]);
  const csv = `/admin/box-office/shifts.csv?${new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => !!e[1]))}`;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">Box office shifts</h1>
      <form className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          Event
          <select
            name="eventId"
            defaultValue={filter.eventId ?? ""}
            className="mt-1 block rounded-lg border border-stone-300 px-2 py-2"
          >
            <option value="">All events</option>
            {events.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          Cashier
          <select
            name="cashierId"
            defaultValue={filter.cashierId ?? ""}
            className="mt-1 block rounded-lg border border-stone-300 px-2 py-2"
          >
            <option value="">All cashiers</option>
            {cashiers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.email}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-lg border border-stone-300 bg-white px-3 py-2 font-semibold">
          Show
        </button>
        <a href={csv} className="px-1 py-2 font-semibold text-brand-700 hover:underline">
          Download CSV
        </a>
      </form>
      {shifts.length === 0 ? (
        <p className="text-stone-600">No shifts yet.</p>
      ) : (
        <ScrollTable label="Shifts" className="rounded-xl border border-stone-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-stone-50 text-left">
              <tr>
                {[
                  "Cashier",
                  "Event",
                  "Opened",
                  "Closed",
                  "Float",
                  "Expected cash",
                  "Counted",
                  "Difference",
                  "Totals",
                  "Sales",
                  "Tickets",
                ].map((h) => (
                  <th key={h} className="px-2 py-2 font-semibold">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {shifts.map((s) => {
                const money = (m: number | null) => (m === null ? "—" : formatMoney(m, s.currency));
                return (
                  <tr key={s.id}>
                    <td className="px-2 py-2">{s.cashier.email}</td>
                    <td className="px-2 py-2">{s.event.name}</td>
                    <td className="px-2 py-2">{adminTime(s.openedAt)}</td>
                    <td className="px-2 py-2">{s.closedAt ? adminTime(s.closedAt) : "open"}</td>
                    <td className="px-2 py-2 tabular-nums">{money(s.float)}</td>
                    <td className="px-2 py-2 tabular-nums">{money(s.expectedCash)}</td>
                    <td className="px-2 py-2 tabular-nums">{money(s.countedCash)}</td>
                    <td className={`px-2 py-2 tabular-nums ${s.difference && s.difference < 0 ? "text-red-800" : ""}`}>
                      {money(s.difference)}
                    </td>
                    <td className="px-2 py-2">
                      {Object.entries(s.totals)
                        .map(([g, v]) => `${g === "daraja" ? "M-Pesa" : g} ${money(v)}`)
                        .join(" · ") || "—"}
                    </td>
                    <td className="px-2 py-2 tabular-nums">{s.sales}</td>
                    <td className="px-2 py-2 tabular-nums">{s.tickets}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </div>
  );
}
