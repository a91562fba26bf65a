"use client";

import { useMutation } from "@tanstack/react-query";
import { apiFetch, type ApiError } from "@/lib/http/api-client";

/** `POST /api/orders` as the store's checkout and the exhibitor's booking send it (lib/orders/schemas.ts). */
export interface NewOrder {
  eventSlug: string;
  items: { ticketTypeId: string; quantity: number; attendees?: { name: string }[] }[];
  booths?: {
    boothId: string;
    company: string;
    contactName?: string;
    requirements?: string;
    addons?: { addonId: string; quantity: number }[];
  }[];
  buyer: { name: string; email: string; phone: string | null };
}

export interface CreatedOrder {
  reference: string;
  status: "pending";
  total: number;
  currency: string;
  expiresAt: string;
}

/** Places an order; its hold starts on the server, and the buyer goes on to the order page to pay. */
export function useCreateOrder() {
  return useMutation<CreatedOrder, ApiError, NewOrder>({
    mutationFn: (order) => apiFetch<CreatedOrder>("/api/orders", { method: "POST", body: order }),
  });
}
