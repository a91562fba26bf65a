"use client";

import { useEffect, useRef } from "react";

/**
 * After a booth is chosen on the plan or in the list, the booking form is brought into view and its heading
 * focused, so a phone user sees the form they now have to fill in and a screen reader says where they are.
 * A page opened with a booth already chosen stays where the browser put it.
 */
export function RevealBooking({ selectedId, headingId }: { selectedId?: string; headingId: string }) {
  const shown = useRef(selectedId);
  useEffect(() => {
    if (!selectedId || selectedId === shown.current) return;
    shown.current = selectedId;
    const heading = document.getElementById(headingId);
    if (!heading) return;
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    heading.scrollIntoView({ block: "start", behavior: smooth ? "smooth" : "auto" });
    heading.focus({ preventScroll: true });
  }, [selectedId, headingId]);
  return null;
}
