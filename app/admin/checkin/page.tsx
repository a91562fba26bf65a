import type { Metadata } from "next";
import { Scanner } from "@/components/checkin/scanner";
import { requirePageRight } from "@/lib/auth/page-guard";
import { eventsOpenForCheckin } from "@/lib/checkin/lookup";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Gate check-in", robots: { index: false } };

export default async function CheckinPage() {
  const user = await requirePageRight("scan", "/admin/checkin");
  const events = await eventsOpenForCheckin(await getDb());
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-bold">Gate check-in</h1>
      <Scanner events={events} conflictsHref={user.role === "admin" ? "/admin/checkin/conflicts" : undefined} />
    </div>
  );
}
