import type { Metadata } from "next";
import { LOCK_MINUTES } from "@/lib/auth/credentials";
import { currentSession } from "@/lib/auth/session";
import { SignInForm } from "./signin-form";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in", robots: { index: false } };

interface Props {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}

/** Only a path on this site: a crafted link must not send a freshly signed-in admin elsewhere. */
function safeCallback(value: string | undefined): string {
  if (!value) return "/";
  try {
    const url = new URL(value, "http://lango.invalid");
    return url.origin === "http://lango.invalid" ? `${url.pathname}${url.search}` : "/";
  } catch {
    return "/";
  }
}

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl, error } = await searchParams;
  const session = await currentSession();
  return (
    <section aria-labelledby="signin-heading" className="mx-auto max-w-sm rounded-xl border border-stone-200 bg-white p-4">
      <h1 id="signin-heading" className="text-xl font-bold">
        Staff sign-in
      </h1>
      <p className="mt-1 text-sm text-stone-600">For organisers and gate staff. Ticket buyers do not need an account.</p>
      {session && (
        <p className="mt-3 text-sm text-stone-700">
          You are signed in as <span className="font-semibold">{session.user.email}</span> ({session.user.role}).
        </p>
      )}
      <SignInForm callbackUrl={safeCallback(callbackUrl)} initialError={error} lockMinutes={LOCK_MINUTES} />
    </section>
  );
}
