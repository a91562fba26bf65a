"use client";

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
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) heading.current?.focus();
  }, [focusOnMount]);

  return (
    <section aria-labelledby="desk-heading" className="space-y-4">
      <div className="space-y-1">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-700">Pay at the desk</p>
        <h2 id="desk-heading" ref={heading} tabIndex={-1} className="text-xl leading-tight font-bold outline-none">
          Your order is held for you to pay in cash
        </h2>
        {/* The organiser's own place and hours say it better than the gateway's general sentence. */}
        <p className="text-stone-800">
          {location
            ? `Pay ${totalLabel} in cash at the desk below and give the order reference; you get a receipt, and your tickets by e-mail.`
            : message}
        </p>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg bg-stone-100 p-3 text-sm">
        {deadline && (
          <>
            <dt className="text-stone-600">Pay by</dt>
            <dd className="font-semibold">{deadline}</dd>
          </>
        )}
        {location && (
          <>
            <dt className="text-stone-600">Where</dt>
            <dd>{location}</dd>
          </>
        )}
        {hours && (
          <>
            <dt className="text-stone-600">Open</dt>
            <dd>{hours}</dd>
          </>
        )}
        <dt className="text-stone-600">Reference</dt>
        <dd className="font-mono text-base font-semibold tracking-wider">{reference}</dd>
        <dt className="text-stone-600">Amount</dt>
        <dd className="font-semibold tabular-nums whitespace-nowrap">{totalLabel}</dd>
        <dt className="text-stone-600">Bring</dt>
        <dd>The reference (this page, or the e-mail) and the exact amount in cash</dd>
      </dl>
      <p className="text-sm text-stone-600">
        If nobody pays by then, the order is released. Once the desk records your payment, this page shows what you
        bought.
      </p>
      <Button variant="ghost" className="w-full" onClick={onCancel}>
        Pay another way instead
      </Button>
    </section>
  );
}
