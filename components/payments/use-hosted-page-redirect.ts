"use client";

import { useEffect, useState } from "react";

/**
 * Going to a gateway's hosted page (DPO, Flutterwave, Ksher): the browser is sent there, and the Pay button
 * stays disabled for the trip so a second press cannot start a second attempt. Coming back with the browser's
 * Back button restores this page from the back/forward cache with that state, so it is cleared then.
 */
export function useHostedPageRedirect(): [leaving: boolean, leave: (url: string) => void] {
  const [leaving, setLeaving] = useState(false);
  useEffect(() => {
    const onShow = (e: PageTransitionEvent) => {
      if (e.persisted) setLeaving(false);
    };
    window.addEventListener("pageshow", onShow);
    return () => window.removeEventListener("pageshow", onShow);
  }, []);
  return [
    leaving,
    (url) => {
      setLeaving(true);
      window.location.assign(url);
    },
  ];
}
