"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { getQueryClient } from "./query-client";

/**
 * The root layout's client context: only TanStack Query's client. Each form and screen imports its own
 * queries and mutations, so no page loads another page's code through this.
 */
export function Providers({ children }: { children: React.ReactNode }) {
  return <QueryClientProvider client={getQueryClient()}>{children}</QueryClientProvider>;
}
