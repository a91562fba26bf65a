"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, type RefObject } from "react";
import { Alert } from "@/components/ui/alert";

/**
 * Paid: shown for the moment until the server-rendered order page (confirmation, tickets) replaces the panel.
 * Not a live region of its own (the order page's PaidAnnouncer, mounted all along, says it); it holds the
 * focus meanwhile, since the waiting screen that had it is gone.
 */
export function PaymentReceived({ receiptLine }: { receiptLine?: string }) {
  const t = useTranslations("payment");
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), []);
  return (
    <div ref={box} tabIndex={-1} className="space-y-1 py-2 text-center outline-none">
      <p className="text-xl font-bold text-brand-700">{t("received")}</p>
      <p className="text-stone-700">
        {receiptLine ?? ""}
        {t("updating")}
      </p>
    </div>
  );
}

/**
 * Why the last attempt did not go through, above the form to try again. Focusable: coming from a waiting
 * screen that has gone, the reason takes the focus.
 */
export function PaymentFailure({
  title,
  reason,
  boxRef,
}: {
  title: string;
  reason: string;
  boxRef: RefObject<HTMLDivElement | null>;
}) {
  const t = useTranslations("payment");
  return (
    <div ref={boxRef} tabIndex={-1} className="rounded-lg outline-none">
      <Alert tone="error" title={title}>
        {reason}
        {/try again|jaribu tena/i.test(reason) ? "" : t("tryAgainBelow")}
      </Alert>
    </div>
  );
}
