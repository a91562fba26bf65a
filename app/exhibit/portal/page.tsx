import type { Metadata } from "next";
import Link from "next/link";
import { PortalBookingSummary } from "@/components/exhibit/portal-booking";
import { PortalProfileForm } from "@/components/exhibit/portal-profile-form";
import { PortalSignOut } from "@/components/exhibit/portal-sign-out";
import { ClientMessages } from "@/components/i18n/client-messages";
import { Alert } from "@/components/ui/alert";
import { requirePortalRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { documentDateTime } from "@/lib/documents/dates";
import { listPortal, portalHref, type PortalExhibitor } from "@/lib/exhibit/portal";
import type { Locale } from "@/lib/i18n/config";
import { pageLocale } from "@/lib/i18n/page-locale";
import { getTranslator } from "@/lib/i18n/translator";
import type { Translator } from "@/lib/i18n/types";
import { saveProfile } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator(await pageLocale());
  return { title: t("portal.title"), robots: { index: false } };
}

interface Props {
  searchParams: Promise<{ exhibitor?: string }>;
}

export default async function PortalPage({ searchParams }: Props) {
  const { exhibitor: asExhibitorId } = await searchParams;
  const user = await requirePortalRole(portalHref("/exhibit/portal", asExhibitorId));
  const as = user.role === "admin" ? asExhibitorId : undefined;
  const exhibitors = await listPortal(await getDb(), { user, asExhibitorId: as });
  const locale = await pageLocale();
  const t = await getTranslator(locale);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-bold">{t("portal.title")}</h1>
        <p className="text-sm text-stone-600">
          {user.email} · <PortalSignOut />
        </p>
      </div>
      {user.role === "admin" && <Alert tone="info">{as ? t("portal.adminViewing") : t("portal.adminHint")}</Alert>}
      {exhibitors.length === 0 && user.role === "exhibitor" && (
        <Alert tone="info" title={t("portal.noBookingsTitle")}>
          {t.rich("portal.noBookings", {
            email: user.email,
            link: (c) => (
              <Link href="/" className="underline">
                {c}
              </Link>
            ),
          })}
        </Alert>
      )}
      {exhibitors.map((x) => (
        <ExhibitorSection key={x.id} exhibitor={x} as={as} t={t} locale={locale} />
      ))}
    </div>
  );
}

function ExhibitorSection({
  exhibitor: x,
  as,
  t,
  locale,
}: {
  exhibitor: PortalExhibitor;
  as?: string;
  t: Translator;
  locale: Locale;
}) {
  const when = (iso: string) => documentDateTime(locale, new Date(iso), x.event.timezone, x.event.country);
  const deadline = when(x.editableUntil);
  return (
    <section aria-labelledby={`event-${x.id}`} className="space-y-4 rounded-xl border border-stone-200 bg-white p-4">
      <div>
        <h2 id={`event-${x.id}`} className="text-lg font-semibold">
          {x.event.name}
        </h2>
        <p className="text-sm text-stone-600">{when(x.event.startsAt)}</p>
      </div>

      <div>
        <h3 className="font-semibold">{t("portal.bookings")}</h3>
        {x.bookings.length === 0 ? (
          <p className="text-sm text-stone-600">{t("portal.noBookingsForEvent")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-stone-200">
            {x.bookings.map((b) => (
              <li key={b.reference} className="py-3">
                <PortalBookingSummary
                  booking={b}
                  detailsHref={portalHref(`/exhibit/portal/bookings/${b.reference}`, as)}
                  t={t}
                />
              </li>
            ))}
          </ul>
        )}
      </div>

      <div>
        <h3 className="font-semibold">{t("portal.profileHeading")}</h3>
        {x.editable ? (
          <ClientMessages namespaces={["portal"]}>
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
          </ClientMessages>
        ) : (
          <>
            <p className="mt-1 text-sm text-stone-600">
              {as ? t("portal.exhibitorCanChange", { deadline }) : t("portal.changesClosed", { deadline })}
            </p>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-stone-600">{t("portal.company")}</dt>
              <dd>{x.companyName}</dd>
              <dt className="text-stone-600">{t("portal.contact")}</dt>
              <dd>{x.contactName}</dd>
              <dt className="text-stone-600">{t("portal.phone")}</dt>
              <dd>{x.phone}</dd>
              <dt className="text-stone-600">{t("portal.website")}</dt>
              <dd className="break-all">{x.website ?? "—"}</dd>
              <dt className="text-stone-600">{t("portal.about")}</dt>
              <dd className="whitespace-pre-line">{x.description ?? "—"}</dd>
              <dt className="text-stone-600">{t("portal.requirements")}</dt>
              <dd className="whitespace-pre-line">{x.requirements ?? "—"}</dd>
            </dl>
          </>
        )}
      </div>
    </section>
  );
}
