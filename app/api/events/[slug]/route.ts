import { getEventDetail } from "@/lib/catalog/events";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_req, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  // The internal id stays inside; callers address events by slug.
  const { id, ...event } = await getEventDetail(await getDb(), slug);
  void id;
  return Response.json(event);
});
