"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

const EVERY_MS = 4_000;

/**
 * Money that starts away from this page (a paybill payment from the buyer's phone) has no attempt here to
 * follow, so the order itself is watched: when its status or its payments change, the page is rendered
 * again by the server. Only while the page is visible.
 */
export function OrderWatcher({ reference }: { reference: string }) {
  const router = useRouter();
  useEffect(() => {
    let seen: string | null = null;
    let stopped = false;
    const look = async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const res = await fetch(`/api/orders/${encodeURIComponent(reference)}`, { cache: "no-store" });
        if (!res.ok) return;
        const order = (await res.json()) as { status: string; payments?: { paymentId: string; status: string }[] };
        const now = `${order.status}|${(order.payments ?? []).map((p) => `${p.paymentId}:${p.status}`).join(",")}`;
        if (seen !== null && now !== seen && !stopped) router.refresh();
        seen = now;
      } catch {
        // Offline for a moment: the next look tries again.
      }
    };
    void look();
    const timer = setInterval(() => void look(), EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [reference, router]);
  return null;
}
