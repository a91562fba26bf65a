import { exhibitorsCsv } from "@/lib/admin/booths";
import { requireRole } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { csvDownload } from "@/lib/admin/csv";

export const dynamic = "force-dynamic";

/** GET /admin/booths/exhibitors.csv?eventId=… — the event's exhibitor list, for admins only (401/403 JSON otherwise). */
export const GET = apiRoute(async (req) => {
  const db = await getDb();
  await requireRole(req, ["admin"], db);
  return csvDownload(await exhibitorsCsv(db, new URL(req.url).searchParams.get("eventId") ?? ""));
});
