import { listUpcomingEvents } from "@/lib/catalog/events";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { requestLocale } from "@/lib/i18n/request-locale";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (req) => {
  const events = await listUpcomingEvents(await getDb(), new Date(), requestLocale(req));
  return json({ events });
});
