"use client";

import { useQuery } from "@tanstack/react-query";
import type { PaymentView } from "@/lib/payments/payment-view";
import { noteServerDate } from "./server-clock";

/** Type only: the server module never reaches the browser bundle. */
export type PaymentStatusView = PaymentView;
export type PaymentStatus = PaymentView["status"];

export const POLL_MS = 2000;

async function fetchPayment(paymentId: string, check: boolean): Promise<PaymentStatusView> {
  const res = await fetch(`/api/payments/${encodeURIComponent(paymentId)}${check ? "?check=1" : ""}`, {
    cache: "no-store",
  });
  noteServerDate(res);
  if (!res.ok) throw new Error((await res.json().catch(() => null))?.error?.message ?? "Could not check the payment.");
  return res.json();
}

/**
 * Polls a payment every 2 s (or `everyMs`) while it is pending (the server asks the gateway itself when a callback is
 * late), and stops once it is final. `enabled: false` for a payment already known to be final.
 */
export function usePaymentStatus(paymentId: string | null, enabled = true, everyMs = POLL_MS) {
  return useQuery({
    queryKey: ["payment", paymentId],
    queryFn: () => fetchPayment(paymentId!, false),
    enabled: Boolean(paymentId) && enabled,
    refetchInterval: (q) => (q.state.data && q.state.data.status !== "pending" ? false : everyMs),
    refetchIntervalInBackground: true,
    // Back from the M-Pesa prompt to the browser: look at once rather than at the next tick.
    refetchOnWindowFocus: (q) => !q.state.data || q.state.data.status === "pending",
    retry: 3,
  });
}

/** "I have paid — check again": asks the server to query the gateway now, and waits for its answer. */
export const checkPaymentNow = (paymentId: string) => fetchPayment(paymentId, true);
