import type { Metadata } from "next";
import Link from "next/link";
import { SIGN_IN_LINK_MINUTES } from "@/lib/auth/email-signin";

export const metadata: Metadata = { title: "Check your e-mail", robots: { index: false } };

/** Shown for every request, sent or not, so the page never tells who has booked a booth. */
export default function CheckEmailPage() {
  return (
    <section
      aria-labelledby="check-email-heading"
      className="mx-auto max-w-sm space-y-3 rounded-xl border border-stone-200 bg-white p-4"
    >
      <h1 id="check-email-heading" className="text-xl font-bold">
        Check your e-mail
      </h1>
      <p className="text-stone-700">
        If that address booked a booth, a sign-in link is on its way. It opens the exhibitor portal. It works once, for{" "}
        {SIGN_IN_LINK_MINUTES} minutes.
      </p>
      <p className="text-sm text-stone-600">
        Nothing after a few minutes? Check the spam folder, and that you used the address of your booking.
      </p>
      <p>
        <Link href="/exhibit/signin" className="font-medium text-brand-700 underline">
          Ask for a new link
        </Link>
      </p>
    </section>
  );
}
