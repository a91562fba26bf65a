"use client";

import { useMutation } from "@tanstack/react-query";
import { apiFetch, type ApiError } from "@/lib/http/api-client";
import type { StartedPayment } from "@/lib/payments/start-payment";
import { noteServerDate } from "./server-clock";

export interface PaymentRequest {
  gateway: string;
  /** Another number for the prompt than the order's. */
  phone?: string;
  /** A method on the gateway's page chosen here (card, a wallet…). */
  method?: string;
}

/** `POST /api/orders/{reference}/payments`: a new attempt, answered with what the buyer does next. */
export function useStartPayment(reference: string) {
  return useMutation<StartedPayment, ApiError, PaymentRequest>({
    mutationFn: (request) =>
      apiFetch<StartedPayment>(`/api/orders/${encodeURIComponent(reference)}/payments`, {
        method: "POST",
        body: request,
        onResponse: noteServerDate,
      }),
  });
}
