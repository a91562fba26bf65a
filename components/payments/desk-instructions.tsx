"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";

/**
 * What a buyer who chose "Pay at the desk" needs to get there in time: where and when the desk is open,
 * how much, the reference to give, and the one deadline (with its day: a desk hold lasts days, not
 * minutes). The admin's "mark cash paid" turns the order to paid, which the page notices by itself.
 */
export function DeskInstructions({
  message,
  reference,
  totalLabel,
  deadline,
  location,
  hours,
  focusOnMount,
  onCancel,
}: {
  /** The gateway's instruction ("Pay KES 5,000 in cash at … Give the order reference …"). */
  message: string;
  reference: string;
  totalLabel: string;
  /** "Mon, 7 Dec, 00:37 EAT": when the desk hold ends, in the event's zone, as the rest of the page writes it. */
  deadline?: string;
  /** Where the desk is and when it is open, from the event's settings. */
  location: string | null;
  hours: string | null;
  focusOnMount: boolean;
  onCancel: () => void;
}) {
  const t = useTranslations("payment.desk");
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, [focusOnMount]);

  return (
    <section aria-labelledby="desk-heading" className="space-y-4">
      <div className="space-y-1">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">{t("kicker")}</p>
        <h2 id="desk-heading" ref={heading} tabIndex={-1} className="text-xl leading-tight font-bold outline-none">
          {t("title")}
        </h2>
        {/* The organiser's own place and hours say it better than the gateway's general sentence. */}
        <p className="text-stone-800">{location ? t("atDesk", { total: totalLabel }) : message}</p>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg bg-stone-100 p-3 text-sm">
        {deadline && (
          <>
            <dt className="text-stone-600">{t("payBy")}</dt>
            <dd className="font-semibold">{deadline}</dd>
          </>
        )}
        {location && (
          <>
            <dt className="text-stone-600">{t("where")}</dt>
            <dd>{location}</dd>
          </>
        )}
        {hours && (
          <>
            <dt className="text-stone-600">{t("open")}</dt>
            <dd>{hours}</dd>
          </>
        )}
        <dt className="text-stone-600">{t("reference")}</dt>
        <dd className="font-mono text-base font-semibold tracking-wider">{reference}</dd>
        <dt className="text-stone-600">{t("amount")}</dt>
        <dd className="font-semibold tabular-nums whitespace-nowrap">{totalLabel}</dd>
        <dt className="text-stone-600">{t("bring")}</dt>
        <dd>{t("bringWhat")}</dd>
      </dl>
      <p className="text-sm text-stone-600">{t("released")}</p>
      <Button variant="ghost" className="w-full" onClick={onCancel}>
        {t("otherWay")}
      </Button>
    </section>
  );
}
