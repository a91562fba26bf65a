import { exportCsv } from "@/lib/admin/exports";
import { requireRole } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { csvDownload } from "@/lib/admin/csv";

export const dynamic = "force-dynamic";

/** GET /admin/exports/{orders|attendees|checkins}?eventId=… — a CSV download, for admins only. */
export const GET = apiRoute(async (req, { params }: { params: Promise<{ kind: string }> }) => {
  const db = await getDb();
  await requireRole(req, ["admin"], db);
  const { kind } = await params;
  return csvDownload(await exportCsv(db, kind, new URL(req.url).searchParams.get("eventId") ?? ""));
});
