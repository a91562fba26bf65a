import { getEventDetail } from "@/lib/catalog/events";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_req, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const { id: _id, ...event } = await getEventDetail(await getDb(), slug);
  return Response.json(event);
});
