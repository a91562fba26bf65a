import type { Metadata } from "next";
import { Till } from "@/components/box-office/till";
import { requirePageRight } from "@/lib/auth/page-guard";
import { openShiftsOf } from "@/lib/box-office/shifts";
import { getDb } from "@/lib/db/client";
import { enabledGateways, paymentsEnv } from "@/lib/payments/registry";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Box office", robots: { index: false } };

export default async function BoxOfficePage() {
  const cashier = await requirePageRight("sell", "/box-office");
  const db = await getDb();
  const env = paymentsEnv();
  const [events, shifts] = await Promise.all([
    db.event.findMany({
      where: { published: true },
      orderBy: { startsAt: "asc" },
      select: { slug: true, name: true, currency: true, country: true },
    }),
    openShiftsOf(db, cashier.id),
  ]);
  const tillEvents = events.map((e) => ({
    slug: e.slug,
    name: e.name,
    currency: e.currency,
    gateways: enabledGateways({ currency: e.currency, country: e.country }, env)
      // Hosted pages (cards) need the buyer's own browser; at the desk only prompts, paybill and cash work.
      .filter((g) => g.flow !== "redirect")
      .map(({ id, displayName, flow }) => ({ id, displayName, flow })),
  }));
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-bold">Box office</h1>
      <Till events={tillEvents} initialShifts={shifts} />
    </div>
  );
}
