import { QueryClient, isServer } from "@tanstack/react-query";
import { shouldRetry } from "@/lib/http/api-client";

/**
 * Defaults for every query and mutation on Lango's pages. Polls set their own interval; none refetches
 * because the tab regained focus (a buyer switching to the M-Pesa prompt and back would fire every poll at
 * once), and a mutation (placing an order, starting a payment) is never repeated behind the buyer's back.
 */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        retry: shouldRetry,
      },
      // Offline, a paused mutation would leave the button spinning; the buyer is told to check the connection.
      mutations: { retry: false, networkMode: "always" },
    },
  });
}

let browserClient: QueryClient | undefined;

/**
 * One client per browser session, kept across navigations; on the server a new one per render, so one
 * buyer's cached answers can never reach another's page.
 */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
