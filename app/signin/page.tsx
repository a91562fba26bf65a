import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { safeCallback } from "@/lib/auth/callback-url";
import { LOCK_MINUTES } from "@/lib/auth/credentials";
import { currentSession } from "@/lib/auth/session";
import { SignInForm } from "./signin-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

interface Props {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}

/** After signing in: the page asked for, or the person's own area (app/signin/landing/route.ts decides). */
function landingUrl(callbackUrl: string | undefined): string {
  const next = safeCallback(callbackUrl, "");
  return next ? `/signin/landing?next=${encodeURIComponent(next)}` : "/signin/landing";
}

/** next-auth sends every sign-in error here; the e-mail link's belong to the exhibitor sign-in. */
const EMAIL_LINK_ERRORS = ["Verification", "EmailSignin"];

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  if (error && EMAIL_LINK_ERRORS.includes(error)) redirect(`/exhibit/signin?error=${error}`);
  const session = await currentSession();
  return (
    <section
      aria-labelledby="signin-heading"
      className="mx-auto max-w-sm rounded-xl border border-stone-200 bg-white p-4"
    >
      <h1 id="signin-heading" className="text-xl font-bold">
        Staff sign-in
      </h1>
      <p className="mt-1 text-sm text-stone-600">
        For organisers and gate staff. Ticket buyers do not need an account.
      </p>
      {session && (
        <p className="mt-3 text-sm text-stone-700">
          You are signed in as <span className="font-semibold">{session.user.email}</span> ({session.user.role}).
        </p>
      )}
      <SignInForm callbackUrl={landingUrl(callbackUrl)} initialError={error} lockMinutes={LOCK_MINUTES} />
      <p className="mt-4 text-sm text-stone-700">
        Exhibitor?{" "}
        <Link href="/exhibit/signin" className="font-medium text-brand-700 underline">
          Sign in by e-mail
        </Link>
      </p>
    </section>
  );
}
