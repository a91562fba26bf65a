import { getEventAvailability } from "@/lib/catalog/events";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/**
 * Seats left, sale state and booth status of one event: what the cached event page refreshes in the
 * browser. Proxies and CDNs may share an answer for a second; that is as old as the page itself may be.
 */
export const GET = apiRoute(async (_req, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  return json(await getEventAvailability(await getDb(), slug), {
    headers: { "Cache-Control": "public, max-age=0, s-maxage=1, stale-while-revalidate=5" },
  });
});
