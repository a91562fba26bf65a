import type { Metadata } from "next";
import Link from "next/link";
import { SIGN_IN_LINK_MINUTES } from "@/lib/auth/email-signin";
import { pageLocale } from "@/lib/i18n/page-locale";
import { getTranslator } from "@/lib/i18n/translator";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator(await pageLocale());
  return { title: t("portal.signIn.checkTitle"), robots: { index: false } };
}

/** Shown for every request, sent or not, so the page never tells who has booked a booth. */
export default async function CheckEmailPage() {
  const t = await getTranslator(await pageLocale());
  return (
    <section
      aria-labelledby="check-email-heading"
      className="mx-auto max-w-sm space-y-3 rounded-xl border border-stone-200 bg-white p-4"
    >
      <h1 id="check-email-heading" className="text-xl font-bold">
        {t("portal.signIn.checkTitle")}
      </h1>
      <p className="text-stone-700">{t("portal.signIn.checkBody", { minutes: SIGN_IN_LINK_MINUTES })}</p>
      <p className="text-sm text-stone-600">{t("portal.signIn.checkSpam")}</p>
      <p>
        <Link href="/exhibit/signin" className="font-medium text-brand-700 underline">
          {t("portal.signIn.newLink")}
        </Link>
      </p>
    </section>
  );
}
