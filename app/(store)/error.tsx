"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

/** Something failed on our side: say so plainly, offer a retry, never show internals. */
export default function StoreError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("common");
  const digest = error instanceof Error && "digest" in error ? String(error.digest) : null;
  return (
    <div role="alert" className="rounded-xl border border-stone-200 bg-white p-6 text-center">
      <h1 className="text-xl font-bold">{t("error.title")}</h1>
      <p className="mt-2 text-stone-700">{t("error.body")}</p>
      <div className="mt-4 flex flex-wrap justify-center gap-3">
        <Button onClick={() => retry()}>{t("error.retry")}</Button>
        <Link
          href="/"
          className="inline-flex min-h-11 items-center font-medium text-brand-700 underline underline-offset-4"
        >
          {t("error.allEvents")}
        </Link>
      </div>
      {digest && <p className="mt-4 text-xs text-stone-500">{t("error.reference", { digest })}</p>}
    </div>
  );
}
