import type { Metadata } from "next";
import Link from "next/link";
import { listBoothEvents } from "@/lib/admin/booths";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Booths", robots: { index: false } };

export default async function BoothEventsPage() {
  await requirePageRole(["admin"], "/admin/booths");
  const events = await listBoothEvents(await getDb());
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">Halls and booths</h1>
      <p className="text-sm text-stone-600">
        Choose an event to lay out its halls and booths, block booths and see who exhibits.
      </p>
      <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
        {events.map((e) => (
          <li key={e.id} className="p-3">
            <Link href={`/admin/booths/${e.id}`} className="font-medium text-brand-700 underline">
              {e.name}
            </Link>
            <span className="text-sm text-stone-600">
              {" "}
              · {e._count.halls} {e._count.halls === 1 ? "hall" : "halls"} · {e._count.booths} booths ·{" "}
              {e._count.exhibitors} exhibitors
              {!e.published && " · not published"}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
