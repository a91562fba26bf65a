import { z } from "zod";
import { requireRight } from "@/lib/auth/guards";
import { checkinProgress, searchTickets } from "@/lib/checkin/lookup";
import { getDb } from "@/lib/db/client";
import { apiRoute, parseWith } from "@/lib/http/api";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

const query = z.object({ eventId: z.string().trim().min(1).max(64), q: z.string().max(100).optional() });

/** GET /api/checkin/lookup?eventId=…[&q=name or reference]: the gate's counts, and a manual search. */
export const GET = apiRoute(async (req) => {
  const db = await getDb();
  await requireRight(req, "scan", db);
  const { eventId, q } = parseWith(query, Object.fromEntries(new URL(req.url).searchParams), "query");
  const [progress, matches] = await Promise.all([
    checkinProgress(db, eventId),
    q ? searchTickets(db, eventId, q) : Promise.resolve([]),
  ]);
  return json({ progress, matches }, { headers: { "Cache-Control": "no-store" } });
});
