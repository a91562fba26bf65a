"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { serverNow } from "./server-clock";

export type CheckResult = "pending" | "settled" | "error";

const secondsLeft = (iso?: string) => (iso ? Math.max(0, Math.ceil((Date.parse(iso) - serverNow()) / 1000)) : null);
const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

/**
 * The screen a buyer watches while they approve a prompt on their phone (push gateways), or while a
 * payment made on a hosted page is being confirmed (redirect gateways). The page polls behind it and
 * moves on by itself; the buttons are for when the buyer knows better than the poll.
 */
export function WaitingForPhone({
  gatewayName,
  flow,
  message,
  sentTo,
  expiresAt,
  continueUrl,
  focusOnMount,
  onCheckAgain,
  onCancel,
  onSendNew,
}: {
  gatewayName: string;
  flow: "push" | "redirect";
  /** The gateway's instruction, e.g. "Check your phone and enter your M-Pesa PIN to pay KES 5,000." */
  message: string;
  /** The (masked) number the prompt went to. */
  sentTo?: string;
  /** When the app stops waiting for the prompt; drives the countdown (push only). */
  expiresAt?: string;
  /** The hosted page to go back to, for a redirect payment not finished there. */
  continueUrl?: string;
  /** Move focus here (and so a screen reader reads the instruction) when the buyer just pressed Pay. */
  focusOnMount: boolean;
  onCheckAgain: () => Promise<CheckResult>;
  onCancel: () => void;
  /** Starts a new prompt on the same number (offered once this one's time is up). */
  onSendNew?: () => void;
}) {
  const t = useTranslations("payment.waiting");
  const tc = useTranslations("common");
  const push = flow === "push";
  const gateway = gatewayName;
  const [left, setLeft] = useState(() => (push ? secondsLeft(expiresAt) : null));
  const [checking, setChecking] = useState(false);
  const [checked, setChecked] = useState<CheckResult | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!push || !expiresAt) return;
    const tick = () => setLeft(secondsLeft(expiresAt));
    tick();
    const t = setInterval(tick, 1000);
    return () => clearInterval(t);
  }, [push, expiresAt]);

  useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, [focusOnMount]);

  const timeUp = left === 0;

  async function checkAgain() {
    setChecking(true);
    setChecked(null);
    try {
      setChecked(await onCheckAgain());
    } finally {
      setChecking(false);
    }
  }

  return (
    <section aria-labelledby="waiting-heading" className="space-y-4 text-center">
      <div className="relative mx-auto mt-2 flex size-16 items-center justify-center" aria-hidden>
        {!timeUp && (
          <span className="absolute inset-2 animate-ping rounded-full bg-brand-600/30 motion-reduce:animate-none" />
        )}
        <span className="relative flex size-16 items-center justify-center rounded-full bg-brand-700 text-white">
          {push ? <PhoneIcon /> : <ClockIcon />}
        </span>
      </div>

      <div className="space-y-2">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">
          {timeUp ? t("stillChecking", { gateway }) : t("waitingFor", { gateway })}
        </p>
        <h2
          id="waiting-heading"
          ref={heading}
          tabIndex={-1}
          className="text-2xl leading-tight font-bold text-balance outline-none"
        >
          {timeUp ? t("promptClosed") : message}
        </h2>
        {timeUp ? (
          <p className="text-stone-800">{t("closedBody", { gateway })}</p>
        ) : (
          push &&
          sentTo && (
            <p className="text-stone-700">
              {t.rich("sentTo", {
                phone: sentTo,
                strong: (c) => <strong className="whitespace-nowrap">{c}</strong>,
              })}
            </p>
          )
        )}
        {!timeUp && (
          <p className="text-sm text-stone-600">{t(push ? "updatesPush" : "updatesRedirect", { gateway })}</p>
        )}
      </div>

      {push && left !== null && !timeUp && (
        <div className="mx-auto max-w-xs rounded-lg bg-stone-100 px-4 py-3">
          <p id="prompt-timer-label" className="text-sm text-stone-700">
            {t("timeLeft")}
          </p>
          <p className="text-3xl font-bold tabular-nums">
            <span role="timer" aria-labelledby="prompt-timer-label">
              {clock(left)}
            </span>
          </p>
        </div>
      )}

      <p aria-live="polite" className="text-sm text-stone-700 empty:sr-only">
        {checked === "pending" ? t("notYet", { gateway }) : checked === "error" ? t("checkFailed") : ""}
      </p>

      <div className="flex flex-col gap-2">
        {continueUrl && (
          <a href={continueUrl} className={buttonClasses("primary", "w-full")}>
            {t("goBack", { gateway })}
          </a>
        )}
        {timeUp && onSendNew && (
          <Button className="w-full" onClick={onSendNew}>
            {t("sendNew")}
          </Button>
        )}
        <Button variant="secondary" className="w-full" disabled={checking} onClick={checkAgain}>
          {checking ? tc("checking") : t("checkAgain")}
        </Button>
        <Button variant="ghost" className="w-full" onClick={onCancel}>
          {t("otherWay")}
        </Button>
      </div>
    </section>
  );
}

function PhoneIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      className="size-8"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <rect x="6.5" y="2.5" width="11" height="19" rx="2.2" />
      <path d="M10.5 18.5h3" />
    </svg>
  );
}

function ClockIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      className="size-8"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7v5l3 2" />
    </svg>
  );
}
