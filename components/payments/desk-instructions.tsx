"use client";

import { useEffect, useRef } from "react";
import { Button } from "@/components/ui/button";

/**
 * What a buyer who chose "Pay at the desk" needs to get there in time: where and how much, the reference
 * to give, and until when the seats are kept. The admin's "mark cash paid" turns the order to paid, which
 * the page notices by itself.
 */
export function DeskInstructions({
  message,
  reference,
  totalLabel,
  deadline,
  focusOnMount,
  onCancel,
}: {
  /** The gateway's instruction ("Pay KES 5,000 in cash at … Give the order reference …"). */
  message: string;
  reference: string;
  totalLabel: string;
  /** "Thu 3 Dec, 18:00 EAT": when the desk hold ends, in the event's time zone. */
  deadline?: string;
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
          Your seats are held{deadline ? ` until ${deadline}` : ""}
        </h2>
        <p className="text-stone-800">{message}</p>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-lg bg-stone-100 p-3 text-sm">
        <dt className="text-stone-600">Reference</dt>
        <dd className="font-mono text-base font-semibold tracking-wider">{reference}</dd>
        <dt className="text-stone-600">Amount</dt>
        <dd className="font-semibold tabular-nums">{totalLabel}</dd>
        {deadline && (
          <>
            <dt className="text-stone-600">Pay by</dt>
            <dd>{deadline}</dd>
          </>
        )}
        <dt className="text-stone-600">Bring</dt>
        <dd>The reference (this page, or the e-mail) and the exact amount in cash</dd>
      </dl>
      <p className="text-sm text-stone-600">
        If nobody pays by then, the seats go back on sale. Once the desk records your payment, this page shows your
        tickets.
      </p>
      <Button variant="ghost" className="w-full" onClick={onCancel}>
        Pay another way instead
      </Button>
    </section>
  );
}
