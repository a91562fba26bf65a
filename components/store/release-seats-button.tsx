"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * "Release my seats": the buyer gives an unpaid order up, so its seats (and promo use) go back on sale
 * now rather than when the hold runs out. The browser's order cookie proves it is the buyer's.
 */
export function ReleaseSeatsButton({ reference }: { reference: string }) {
  const t = useTranslations("order.release");
  const tc = useTranslations("common");
  const router = useRouter();
  const [state, setState] = useState<"idle" | "confirm" | "busy">("idle");
  const [error, setError] = useState<string | null>(null);

  async function release() {
    setState("busy");
    setError(null);
    try {
      const res = await fetch(`/api/orders/${encodeURIComponent(reference)}/cancel`, {
        method: "POST",
        headers: { Accept: "application/json" },
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setError(body?.error?.message ?? t("failed"));
        setState("idle");
      }
      router.refresh();
    } catch {
      setError(tc("offline"));
      setState("idle");
    }
  }

  return (
    <div className="text-center">
      {state === "idle" ? (
        <Button variant="ghost" onClick={() => setState("confirm")}>
          {t("button")}
        </Button>
      ) : (
        <div className="rounded-lg border border-stone-200 bg-stone-50 p-3 text-left">
          <p className="text-sm text-stone-800">{t("confirm")}</p>
          <div className="mt-2 flex flex-wrap gap-2">
            <Button variant="secondary" disabled={state === "busy"} onClick={release}>
              {state === "busy" ? t("releasing") : t("yes")}
            </Button>
            <Button variant="ghost" disabled={state === "busy"} onClick={() => setState("idle")}>
              {t("keep")}
            </Button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="mt-2 text-sm font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
