import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/i18n/client-messages";
import { LeaveWaitlist } from "@/components/waitlist/leave-waitlist";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("waitlist");
  return { title: t("leaveTitle"), robots: { index: false } };
}

export default async function LeaveWaitlistPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const t = await getTranslations("waitlist");
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold tracking-tight">{t("leaveTitle")}</h1>
      <p className="text-stone-700">{t("leaveBody")}</p>
      <ClientMessages namespaces={["common", "waitlist"]}>
        <LeaveWaitlist token={token} />
      </ClientMessages>
    </div>
  );
}
