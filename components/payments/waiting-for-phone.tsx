"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

const secondsLeft = (iso?: string) => (iso ? Math.max(0, Math.ceil((new Date(iso).getTime() - Date.now()) / 1000)) : null);

/** The screen a buyer watches while they approve on their phone (or while a hosted payment is checked). */
export function WaitingForPhone({
  gatewayName,
  message,
  expiresAt,
  onCheckAgain,
  onCancel,
}: {
  gatewayName: string;
  message?: string;
  expiresAt?: string;
  onCheckAgain: () => Promise<void>;
  onCancel: () => void;
}) {
  const [left, setLeft] = useState(() => secondsLeft(expiresAt));
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    const t = setInterval(() => setLeft(secondsLeft(expiresAt)), 1000);
    return () => clearInterval(t);
  }, [expiresAt]);

  return (
    <section aria-live="polite" className="space-y-4 rounded-xl border border-brand-100 bg-brand-50 p-4">
      <div className="flex items-center gap-3">
        <span className="size-3 animate-pulse rounded-full bg-brand-600" aria-hidden />
        <h2 className="text-lg font-semibold">Waiting for {gatewayName}</h2>
      </div>
      <p className="text-base">{message || "Finish the payment, and this page will update by itself."}</p>
      {left !== null && left > 0 && (
        <p className="text-sm text-stone-700">
          The prompt stays open for about <span className="font-semibold tabular-nums">{Math.floor(left / 60)}:{String(left % 60).padStart(2, "0")}</span>.
        </p>
      )}
      <div className="flex flex-col gap-2 sm:flex-row">
        <Button
          variant="secondary"
          disabled={checking}
          onClick={async () => {
            setChecking(true);
            await onCheckAgain().finally(() => setChecking(false));
          }}
        >
          {checking ? "Checking…" : "I have paid — check again"}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Use another way to pay
        </Button>
      </div>
    </section>
  );
}
