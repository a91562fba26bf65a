import type { Metadata } from "next";
import Link from "next/link";
import { PortalBookingSummary } from "@/components/exhibit/portal-booking";
import { PortalProfileForm } from "@/components/exhibit/portal-profile-form";
import { PortalSignOut } from "@/components/exhibit/portal-sign-out";
import { Alert } from "@/components/ui/alert";
import { requirePortalRole } from "@/lib/auth/page-guard";
import { formatEventDateTime } from "@/lib/dates";
import { getDb } from "@/lib/db/client";
import { listPortal, portalHref, type PortalExhibitor } from "@/lib/exhibit/portal";
import { saveProfile } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Exhibitor portal", robots: { index: false } };

interface Props {
  searchParams: Promise<{ exhibitor?: string }>;
}

export default async function PortalPage({ searchParams }: Props) {
  const { exhibitor: asExhibitorId } = await searchParams;
  const user = await requirePortalRole(portalHref("/exhibit/portal", asExhibitorId));
  const as = user.role === "admin" ? asExhibitorId : undefined;
  const exhibitors = await listPortal(await getDb(), { user, asExhibitorId: as });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-bold">Exhibitor portal</h1>
        <p className="text-sm text-stone-600">
          {user.email} · <PortalSignOut />
        </p>
      </div>
      {user.role === "admin" && (
        <Alert tone="info">
          {as
            ? "You are looking at this exhibitor's portal as an admin. Nothing can be changed from here."
            : "Admins: open an exhibitor's portal from the exhibitor list under Admin → Booths."}
        </Alert>
      )}
      {exhibitors.length === 0 && user.role === "exhibitor" && (
        <Alert tone="info" title="No booth bookings yet">
          There are no booth bookings under {user.email}.{" "}
          <Link href="/" className="underline">
            See the events
          </Link>{" "}
          to book one.
        </Alert>
      )}
      {exhibitors.map((x) => (
        <ExhibitorSection key={x.id} exhibitor={x} as={as} />
      ))}
    </div>
  );
}

function ExhibitorSection({ exhibitor: x, as }: { exhibitor: PortalExhibitor; as?: string }) {
  const deadline = formatEventDateTime(x.editableUntil, x.event.timezone, x.event.country);
  return (
    <section aria-labelledby={`event-${x.id}`} className="space-y-4 rounded-xl border border-stone-200 bg-white p-4">
      <div>
        <h2 id={`event-${x.id}`} className="text-lg font-semibold">
          {x.event.name}
        </h2>
        <p className="text-sm text-stone-600">
          {formatEventDateTime(x.event.startsAt, x.event.timezone, x.event.country)}
        </p>
      </div>

      <div>
        <h3 className="font-semibold">Bookings</h3>
        {x.bookings.length === 0 ? (
          <p className="text-sm text-stone-600">No bookings for this event.</p>
        ) : (
          <ul className="mt-2 divide-y divide-stone-200">
            {x.bookings.map((b) => (
              <li key={b.reference} className="py-3">
                <PortalBookingSummary
                  booking={b}
                  detailsHref={portalHref(`/exhibit/portal/bookings/${b.reference}`, as)}
                />
              </li>
            ))}
          </ul>
        )}
      </div>

      <div>
        <h3 className="font-semibold">Company profile and requirements</h3>
        {x.editable ? (
          <PortalProfileForm
            profile={{
              id: x.id,
              companyName: x.companyName,
              contactName: x.contactName,
              phone: x.phone,
              website: x.website,
              description: x.description,
              requirements: x.requirements,
            }}
            action={saveProfile}
            deadline={deadline}
          />
        ) : (
          <>
            <p className="mt-1 text-sm text-stone-600">
              {as
                ? `The exhibitor can change these until ${deadline}.`
                : `Changes closed on ${deadline}. Contact the organisers if something is wrong.`}
            </p>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-stone-600">Company</dt>
              <dd>{x.companyName}</dd>
              <dt className="text-stone-600">Contact</dt>
              <dd>{x.contactName}</dd>
              <dt className="text-stone-600">Phone</dt>
              <dd>{x.phone}</dd>
              <dt className="text-stone-600">Website</dt>
              <dd className="break-all">{x.website ?? "—"}</dd>
              <dt className="text-stone-600">About</dt>
              <dd className="whitespace-pre-line">{x.description ?? "—"}</dd>
              <dt className="text-stone-600">Requirements</dt>
              <dd className="whitespace-pre-line">{x.requirements ?? "—"}</dd>
            </dl>
          </>
        )}
      </div>
    </section>
  );
}
