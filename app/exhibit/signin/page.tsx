import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { safeCallback } from "@/lib/auth/callback-url";
import { PORTAL_PATH, SIGN_IN_LINK_MINUTES } from "@/lib/auth/email-signin";
import { currentSession } from "@/lib/auth/session";
import { EmailSignInForm } from "./email-signin-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Exhibitor sign-in", robots: { index: false } };

const ERRORS: Record<string, string> = {
  Verification: "That sign-in link has expired or has already been used. Ask for a new one below.",
  AccessDenied:
    "This address cannot sign in to the exhibitor portal. Organisers and gate staff sign in with their password.",
  EmailSignin: "We could not send a link to that address. Check it and try again.",
};

interface Props {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}

export default async function ExhibitorSignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  const session = await currentSession();
  // Through the landing route, which also tells the header where this exhibitor's portal is.
  const target = `/signin/landing?next=${encodeURIComponent(safeCallback(callbackUrl, PORTAL_PATH))}`;
  return (
    <section
      aria-labelledby="exhibitor-signin-heading"
      className="mx-auto max-w-sm space-y-4 rounded-xl border border-stone-200 bg-white p-4"
    >
      <div>
        <h1 id="exhibitor-signin-heading" className="text-xl font-bold">
          Exhibitor sign-in
        </h1>
        <p className="mt-1 text-sm text-stone-600">
          Enter the e-mail address you booked your booth with. We will e-mail you a link that signs you in — no password
          needed. It works once, for {SIGN_IN_LINK_MINUTES} minutes.
        </p>
      </div>
      {error && <Alert tone="error">{ERRORS[error] ?? "Signing in did not work. Please ask for a new link."}</Alert>}
      {session?.user.role === "exhibitor" ? (
        <div className="space-y-3">
          <p className="text-sm text-stone-700">
            You are signed in as <span className="font-semibold">{session.user.email}</span>.
          </p>
          <ButtonLink href={target} className="w-full">
            Go to the exhibitor portal
          </ButtonLink>
        </div>
      ) : (
        <>
          {session && (
            <p className="text-sm text-stone-700">
              You are signed in as <span className="font-semibold">{session.user.email}</span> ({session.user.role}).
              The portal is for exhibitors: sign in with the address of a booth booking to see it.
            </p>
          )}
          <EmailSignInForm callbackUrl={target} />
        </>
      )}
      <p className="text-sm text-stone-700">
        Organiser or gate staff?{" "}
        <Link href="/signin" className="font-medium text-brand-700 underline">
          Sign in with your password
        </Link>
      </p>
    </section>
  );
}
