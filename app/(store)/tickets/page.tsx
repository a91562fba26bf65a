import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/i18n/client-messages";
import { ResendTicketsForm } from "@/components/tickets/resend-tickets-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("tickets.find"))("title") };
}

export default async function FindTicketsPage() {
  const t = await getTranslations("tickets.find");
  return (
    <div className="space-y-4 rounded-xl border border-stone-200 bg-white p-4">
      <h1 className="text-xl font-bold">{t("title")}</h1>
      <p className="text-stone-700">{t("body")}</p>
      <ClientMessages namespaces={["common", "tickets"]}>
        <ResendTicketsForm />
      </ClientMessages>
    </div>
  );
}
