import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PortalBookingStatus } from "@/components/exhibit/portal-booking";
import { listExhibitors } from "@/lib/admin/booths";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { portalHref } from "@/lib/exhibit/portal";
import { getTranslator } from "@/lib/i18n/translator";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Exhibitors", robots: { index: false } };

interface Props {
  params: Promise<{ eventId: string }>;
}

export default async function ExhibitorsPage({ params }: Props) {
  const { eventId } = await params;
  await requirePageRole(["admin"], `/admin/booths/${eventId}/exhibitors`);
  const db = await getDb();
  const event = await db.event.findUnique({ where: { id: eventId }, select: { id: true, name: true } });
  if (!event) notFound();
  // The admin console stays in English (issue 18); the badge's words are the portal's.
  const t = await getTranslator("en");
  const exhibitors = await listExhibitors(db, event.id);

  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href={`/admin/booths/${event.id}`} className="text-brand-700 underline">
          ← Halls and booths
        </Link>
      </p>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-bold">Exhibitors at {event.name}</h1>
        <a
          href={`/admin/booths/exhibitors.csv?eventId=${encodeURIComponent(event.id)}`}
          className="text-sm font-medium text-brand-700 underline"
        >
          Download CSV
        </a>
      </div>
      {exhibitors.length === 0 && <p className="text-stone-600">No exhibitors yet.</p>}
      <ul className="space-y-3">
        {exhibitors.map((x) => (
          <li key={x.id} className="space-y-1 rounded-xl border border-stone-200 bg-white p-4 text-sm">
            <p className="text-base font-semibold">{x.companyName}</p>
            <p>
              {x.contactName} ·{" "}
              <a href={`mailto:${x.email}`} className="underline">
                {x.email}
              </a>{" "}
              · {x.phone}
              {x.website && (
                <>
                  {" "}
                  · <span className="break-all">{x.website}</span>
                </>
              )}
            </p>
            <ul>
              {x.bookings.map((b) => (
                <li key={b.reference} className="flex flex-wrap items-center gap-2">
                  <span className="font-mono">{b.reference}</span>{" "}
                  <span>{b.booths.length ? `Booth ${b.booths.join(", ")}` : "No booth"}</span>{" "}
                  <PortalBookingStatus status={b.status} t={t} />
                </li>
              ))}
            </ul>
            {x.requirements && <p className="whitespace-pre-line text-stone-700">Requirements: {x.requirements}</p>}
            <p>
              <Link href={portalHref("/exhibit/portal", x.id)} className="font-medium text-brand-700 underline">
                View their portal
              </Link>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
