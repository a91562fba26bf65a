import { z } from "zod";
import { requireRight } from "@/lib/auth/guards";
import { offlineBundle } from "@/lib/checkin/offline-bundle";
import { getDb } from "@/lib/db/client";
import { apiRoute, parseWith } from "@/lib/http/api";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

const query = z.object({ eventId: z.string().trim().min(1).max(64) });

/** GET /api/checkin/bundle?eventId=…: what a gate phone keeps to check the event's tickets offline. */
export const GET = apiRoute(async (req) => {
  const db = await getDb();
  await requireRight(req, "scan", db);
  const { eventId } = parseWith(query, Object.fromEntries(new URL(req.url).searchParams), "query");
  // Names of attendees: never kept by a shared cache or the browser's HTTP cache.
  return json(await offlineBundle(db, eventId), { headers: { "Cache-Control": "no-store" } });
});
