"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { forgetArea } from "@/components/ui/area-link";
import { Button } from "@/components/ui/button";
import { clearOfflineData } from "./offline-store";

/**
 * Signing out of a gate phone also wipes what the scanner kept on it for offline use (attendee names,
 * queued scans and their codes, the cached page), so the next person to pick the phone up finds nothing.
 * Scans not yet synced would be lost: the staff member is told how many first.
 */
export function ScannerSignOut({ pending }: { pending: number }) {
  const t = useTranslations("scanner.signOut");
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");

  async function signOutAndClear() {
    setBusy(true);
    setError("");
    await clearOfflineData().catch(() => undefined);
    forgetArea();
    try {
      await signOut({ callbackUrl: "/signin?callbackUrl=%2Fadmin%2Fcheckin" });
    } catch {
      setBusy(false);
      setError(t("needsNetwork"));
    }
  }

  return (
    <div className="space-y-2 border-t border-stone-200 pt-3">
      {error && <Alert tone="error">{error}</Alert>}
      {confirming && pending > 0 ? (
        <div
          role="alert"
          className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
        >
          <p>{t("pending", { count: pending })}</p>
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setConfirming(false)} disabled={busy}>
              {t("keep")}
            </Button>
            <Button onClick={() => void signOutAndClear()} disabled={busy}>
              {busy ? t("signingOut") : t("anyway")}
            </Button>
          </div>
        </div>
      ) : (
        <Button
          variant="secondary"
          className="w-full"
          disabled={busy}
          onClick={() => (pending > 0 ? setConfirming(true) : void signOutAndClear())}
        >
          {busy ? t("signingOut") : t("signOut")}
        </Button>
      )}
      <p className="text-xs text-stone-500">{t("note")}</p>
    </div>
  );
}
