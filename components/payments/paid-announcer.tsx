"use client";

import { useEffect, useRef, useState } from "react";

/**
 * Placed once on the order page, where it stays mounted while the page refreshes from pending to paid:
 * its live region was there (empty) before, so screen readers announce "Payment received" when it fills,
 * (`message`, in the page's language), and the focus, left on nothing when the payment screen went away, moves to the paid status.
 */
export function PaidAnnouncer({ paid, focusId, message }: { paid: boolean; focusId: string; message: string }) {
  const wasPaid = useRef(paid);
  const [justPaid, setJustPaid] = useState(false);

  useEffect(() => {
    if (paid && !wasPaid.current) {
      setJustPaid(true);
      document.getElementById(focusId)?.focus();
    }
    wasPaid.current = paid;
  }, [paid, focusId]);

  return (
    <p role="status" className="sr-only">
      {justPaid ? message : ""}
    </p>
  );
}
