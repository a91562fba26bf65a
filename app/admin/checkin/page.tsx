import type { Metadata } from "next";
import { Scanner } from "@/components/checkin/scanner";
import { ClientMessages } from "@/components/i18n/client-messages";
import { requirePageRight } from "@/lib/auth/page-guard";
import { eventsOpenForCheckin } from "@/lib/checkin/lookup";
import { getDb } from "@/lib/db/client";
import { pageLocale } from "@/lib/i18n/page-locale";
import { getTranslator } from "@/lib/i18n/translator";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator(await pageLocale());
  return { title: t("scanner.title"), robots: { index: false } };
}

export default async function CheckinPage() {
  const user = await requirePageRight("scan", "/admin/checkin");
  const events = await eventsOpenForCheckin(await getDb());
  const locale = await pageLocale();
  const t = await getTranslator(locale);
  return (
    <div className="space-y-3" lang={locale}>
      <h1 className="text-xl font-bold">{t("scanner.title")}</h1>
      <ClientMessages namespaces={["scanner"]}>
        <Scanner events={events} conflictsHref={user.role === "admin" ? "/admin/checkin/conflicts" : undefined} />
      </ClientMessages>
    </div>
  );
}
