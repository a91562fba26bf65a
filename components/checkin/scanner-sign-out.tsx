"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { forgetArea } from "@/components/ui/area-link";
import { Button } from "@/components/ui/button";
import { clearOfflineData } from "./offline-store";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Signing out of a gate phone also wipes what the scanner kept on it for offline use (attendee names,
 * queued scans and their codes, the cached page), so the next person to pick the phone up finds nothing.
 * Scans not yet synced would be lost: the staff member is told how many first.
 */
export function ScannerSignOut({ pending }: { pending: number }) {
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
      setError(
        "The scanner's data is gone from this phone, but signing out needs the network: connect and tap Sign out again.",
      );
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
          <p>
            {plural(pending, "scan")} made offline {pending === 1 ? "has" : "have"} not reached the server yet. Signing
            out deletes {pending === 1 ? "it" : "them"} from this phone. Wait for the network to send{" "}
            {pending === 1 ? "it" : "them"} if you can.
          </p>
          <div className="flex gap-2">
            <Button variant="secondary" onClick={() => setConfirming(false)} disabled={busy}>
              Keep them
            </Button>
            <Button onClick={() => void signOutAndClear()} disabled={busy}>
              {busy ? "Signing out…" : "Sign out anyway"}
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
          {busy ? "Signing out…" : "Sign out"}
        </Button>
      )}
      <p className="text-xs text-stone-500">Signing out clears the ticket list and scans kept on this phone.</p>
    </div>
  );
}
