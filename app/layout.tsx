import type { Metadata, Viewport } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Providers } from "@/components/api/providers";
import { ClientMessages } from "@/components/i18n/client-messages";
import { LanguageSwitch } from "@/components/i18n/language-switch";
import { AreaLink } from "@/components/ui/area-link";
import { LOCALES } from "@/lib/i18n/config";
import { loadMessages } from "@/lib/i18n/messages";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return {
    title: { default: t("siteTitle"), template: "%s · Lango" },
    description: t("siteDescription"),
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f8a4f" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations();
  // Each language is offered in its own name ("Kiswahili", not "Swahili").
  const languages = await Promise.all(
    LOCALES.map(async (code) => ({ code, name: (await loadMessages(code)).meta.languageName })),
  );
  return (
    <html lang={locale}>
      <body className="min-h-dvh font-sans">
        <header className="border-b border-stone-200 bg-white">
          <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-x-4 gap-y-1 px-4 py-3">
            <Link href="/" className="text-lg font-bold tracking-tight text-brand-700">
              Lango
            </Link>
            <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
              <AreaLink />
              <Link
                href="/tickets"
                prefetch={false}
                className="text-sm font-medium text-stone-700 hover:text-brand-700"
              >
                {t("common.findMyTickets")}
              </Link>
              <LanguageSwitch current={locale} label={t("meta.switchLabel")} languages={languages} />
            </div>
          </div>
        </header>
        <main className="mx-auto max-w-3xl px-4 pb-16 pt-4">
          <ClientMessages namespaces={["common"]}>
            <Providers>{children}</Providers>
          </ClientMessages>
        </main>
      </body>
    </html>
  );
}
