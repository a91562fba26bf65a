"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";

/** Something failed on our side: say so plainly, offer a retry, never show internals. */
export default function StoreError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : null;
  return (
    <div role="alert" className="rounded-xl border border-stone-200 bg-white p-6 text-center">
      <h1 className="text-xl font-bold">Something went wrong</h1>
      <p className="mt-2 text-stone-700">We couldn&apos;t load this page. Please try again in a moment.</p>
      <div className="mt-4 flex flex-wrap justify-center gap-3">
        <Button onClick={() => retry()}>Try again</Button>
        <Link
          href="/"
          className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4"
        >
          All events
        </Link>
      </div>
      {digest && <p className="mt-4 text-xs text-stone-500">Error reference: {digest}</p>}
    </div>
  );
}
