"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

function clock(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/**
 * "Seats held for 14:32", ticking each second. The time left is measured by the server (a phone's
 * clock may be minutes off), then counted down here; at zero the page is refreshed so the server, which
 * expires a pending order when it is read, shows the order as expired. Give it a `key` that changes with
 * every server render, so a refresh starts it afresh.
 */
export function HoldCountdown({
  remainingMs,
  until,
  what,
}: {
  remainingMs: number;
  /** The deadline as the page writes it ("Mon, 7 Dec, 00:37 EAT"), shown instead of a clock while hours remain. */
  until: string;
  /** "Seats held", "Booth held" */
  what?: string;
}) {
  const t = useTranslations("order.hold");
  const router = useRouter();
  const [left, setLeft] = useState(remainingMs);

  useEffect(() => {
    const mountedAt = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let refreshed = false;
    const tick = () => {
      const now = Math.max(0, remainingMs - (Date.now() - mountedAt));
      setLeft(now);
      if (now <= 0) {
        if (!refreshed) {
          refreshed = true;
          // A moment's grace so the server's clock is surely past the expiry too.
          timer = setTimeout(() => router.refresh(), 750);
        }
        return;
      }
      // Wake on the next whole second of the display.
      timer = setTimeout(tick, (now % 1000 || 1000) + 15);
    };
    timer = setTimeout(tick, (remainingMs % 1000 || 1000) + 15);
    // A phone that slept or a background tab: catch up as soon as the page is seen again.
    const onVisible = () => {
      if (document.visibilityState === "visible" && !refreshed) {
        clearTimeout(timer);
        tick();
      }
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearTimeout(timer);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [remainingMs, router]);

  const expired = left <= 0;
  const lastMinute = left <= 60_000;
  // A clock reading 47:59:57 says less than the deadline does; it starts ticking in the last hour.
  if (left > 3_600_000) return <p className="text-lg font-semibold text-stone-900">{t("until", { until })}</p>;
  return (
    <div>
      <p className={`text-2xl font-bold tabular-nums ${lastMinute ? "text-red-700" : "text-stone-900"}`}>
        {expired
          ? t("timeUp")
          : t.rich("for", {
              what: what ?? t("seatsHeld"),
              clock: clock(left),
              timer: (c) => <span role="timer">{c}</span>,
            })}
      </p>
      {/* Announced only when it matters, not every second. */}
      <p aria-live="polite" className="sr-only">
        {expired ? t("timeUpChecking") : lastMinute ? t("lastMinute") : ""}
      </p>
    </div>
  );
}
