import type { Metadata } from "next";
import Link from "next/link";
import { ClientMessages } from "@/components/i18n/client-messages";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { safeCallback } from "@/lib/auth/callback-url";
import { PORTAL_PATH, SIGN_IN_LINK_MINUTES } from "@/lib/auth/email-signin";
import { currentSession } from "@/lib/auth/session";
import { pageLocale } from "@/lib/i18n/page-locale";
import { getTranslator } from "@/lib/i18n/translator";
import { EmailSignInForm } from "./email-signin-form";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslator(await pageLocale());
  return { title: t("portal.signIn.title"), robots: { index: false } };
}

/** next-auth's error words this page explains; any other gets the general sentence. */
const KNOWN_ERRORS = ["Verification", "AccessDenied", "EmailSignin"] as const;
const bold = (c: React.ReactNode) => <span className="font-semibold">{c}</span>;

interface Props {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}

export default async function ExhibitorSignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  const session = await currentSession();
  const locale = await pageLocale();
  const t = await getTranslator(locale);
  const known = KNOWN_ERRORS.find((e) => e === error);
  // Through the landing route, which also tells the header where this exhibitor's portal is.
  const target = `/signin/landing?next=${encodeURIComponent(safeCallback(callbackUrl, PORTAL_PATH))}`;
  return (
    <section
      aria-labelledby="exhibitor-signin-heading"
      className="mx-auto max-w-sm space-y-4 rounded-xl border border-stone-200 bg-white p-4"
    >
      <div>
        <h1 id="exhibitor-signin-heading" className="text-xl font-bold">
          {t("portal.signIn.title")}
        </h1>
        <p className="mt-1 text-sm text-stone-600">{t("portal.signIn.intro", { minutes: SIGN_IN_LINK_MINUTES })}</p>
      </div>
      {error && (
        <Alert tone="error">{known ? t(`portal.signIn.errors.${known}`) : t("portal.signIn.errors.other")}</Alert>
      )}
      {session?.user.role === "exhibitor" ? (
        <div className="space-y-3">
          <p className="text-sm text-stone-700">
            {t.rich("portal.signIn.signedInAs", { email: session.user.email ?? "", b: bold })}
          </p>
          <ButtonLink href={target} className="w-full">
            {t("portal.signIn.goToPortal")}
          </ButtonLink>
        </div>
      ) : (
        <>
          {session && (
            <p className="text-sm text-stone-700">
              {t.rich("portal.signIn.staffSignedIn", {
                email: session.user.email ?? "",
                role: session.user.role,
                b: bold,
              })}
            </p>
          )}
          <ClientMessages namespaces={["portal"]}>
            <EmailSignInForm callbackUrl={target} />
          </ClientMessages>
        </>
      )}
      <p className="text-sm text-stone-700">
        {t("portal.signIn.staff")}{" "}
        <Link href="/signin" className="font-medium text-brand-700 underline">
          {t("portal.signIn.passwordSignIn")}
        </Link>
      </p>
    </section>
  );
}
