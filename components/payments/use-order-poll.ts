"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { apiFetch } from "@/lib/http/api-client";
import { noteServerDate } from "./server-clock";
import type { PaymentStatusView } from "./types";

export const POLL_MS = 2000;
/** Money that starts away from the page (paybill) is rarer and slower: the order is looked at less often. */
const ORDER_POLL_MS = 4000;

const paymentKey = (paymentId: string | null) => ["payment", paymentId] as const;

const fetchPayment = (paymentId: string, check: boolean, signal?: AbortSignal) =>
  apiFetch<PaymentStatusView>(`/api/payments/${encodeURIComponent(paymentId)}${check ? "?check=1" : ""}`, {
    signal,
    onResponse: noteServerDate,
  });

interface OrderSnapshot {
  status: string;
  payments?: { paymentId: string; status: string }[];
}

/**
 * The order page's one poll: one request every few seconds, whichever of two things it watches.
 *
 * - `paymentId`, an attempt that may still change: polled every 2 s (or `everyMs`) while pending. That poll
 *   makes the server ask the gateway itself when a callback is late, and carries the order's status, so a
 *   paybill payment or an earlier prompt approved late is noticed too. It stops once the payment is final.
 * - Otherwise, when `watchOrder` (money can arrive with no attempt on this page: M-Pesa paybill), the order
 *   itself, only while the page is visible; any change to its status or its payments renders the page again.
 */
export function useOrderPoll({
  reference,
  paymentId,
  everyMs = POLL_MS,
  watchOrder,
}: {
  reference: string;
  paymentId: string | null;
  everyMs?: number;
  watchOrder: boolean;
}) {
  const router = useRouter();
  const payment = useQuery({
    queryKey: paymentKey(paymentId),
    queryFn: ({ signal }) => fetchPayment(paymentId!, false, signal),
    enabled: Boolean(paymentId),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== "pending" ? false : everyMs),
    refetchIntervalInBackground: true,
    // Back from the M-Pesa prompt to the browser: look at once rather than at the next tick.
    refetchOnWindowFocus: (q) => !q.state.data || q.state.data.status === "pending",
  });
  const followingPayment = Boolean(paymentId) && (!payment.data || payment.data.status === "pending");

  const order = useQuery({
    queryKey: ["order", reference],
    queryFn: ({ signal }) =>
      apiFetch<OrderSnapshot>(`/api/orders/${encodeURIComponent(reference)}`, { signal, onResponse: noteServerDate }),
    enabled: watchOrder && !followingPayment,
    refetchInterval: ORDER_POLL_MS,
    refetchIntervalInBackground: false,
  });

  // The first answer is the baseline (what the server rendered a moment ago); a change after it is news.
  const seen = useRef<string | null>(null);
  const fingerprint = order.data
    ? `${order.data.status}|${(order.data.payments ?? []).map((p) => `${p.paymentId}:${p.status}`).join(",")}`
    : null;
  useEffect(() => {
    if (fingerprint === null) return;
    if (seen.current !== null && seen.current !== fingerprint) router.refresh();
    seen.current = fingerprint;
  }, [fingerprint, router]);

  return {
    /** The latest answer about `paymentId` (undefined until the first one). */
    payment: payment.data?.paymentId === paymentId ? payment.data : undefined,
    /** The order was paid, whichever way: the server-rendered page has the confirmation and the tickets. */
    orderPaid: payment.data?.orderStatus === "paid" || order.data?.status === "paid",
  };
}

/** "I have paid — check again": asks the server to query the gateway now, and shows its answer at once. */
export function useCheckPaymentNow() {
  const queryClient = useQueryClient();
  return async (paymentId: string): Promise<PaymentStatusView> => {
    const fresh = await fetchPayment(paymentId, true);
    queryClient.setQueryData(paymentKey(paymentId), fresh);
    return fresh;
  };
}
