import { listUpcomingEvents } from "@/lib/catalog/events";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { requestLocale } from "@/lib/i18n/request-locale";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (req) => {
  const events = await listUpcomingEvents(await getDb(), new Date(), requestLocale(req));
  return Response.json({ events });
});
