import { listUpcomingEvents } from "@/lib/catalog/events";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async () => {
  const events = await listUpcomingEvents(await getDb());
  return Response.json({ events });
});
