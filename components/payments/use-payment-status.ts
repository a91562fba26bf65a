"use client";

import { useQuery } from "@tanstack/react-query";
import type { PaymentView } from "@/lib/payments/payment-view";

/** Type only: the server module never reaches the browser bundle. */
export type PaymentStatusView = PaymentView;

export const POLL_MS = 2000;

async function fetchPayment(paymentId: string, check: boolean): Promise<PaymentStatusView> {
  const res = await fetch(`/api/payments/${paymentId}${check ? "?check=1" : ""}`, { cache: "no-store" });
  if (!res.ok) throw new Error((await res.json().catch(() => null))?.error?.message ?? "Could not check the payment.");
  return res.json();
}

/** Polls a payment about every 2 s until it is final; the server asks the gateway when callbacks are late. */
export function usePaymentStatus(paymentId: string | null) {
  return useQuery({
    queryKey: ["payment", paymentId],
    queryFn: () => fetchPayment(paymentId!, false),
    enabled: Boolean(paymentId),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== "pending" ? false : POLL_MS),
    refetchIntervalInBackground: true,
    retry: 3,
  });
}

/** "I have paid — check again": asks the server to query the gateway now. */
export const checkPaymentNow = (paymentId: string) => fetchPayment(paymentId, true);
