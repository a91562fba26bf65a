import { csvDownload } from "@/lib/admin/csv";
import { requireRole } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { waitlistCsv } from "@/lib/waitlist/admin";

export const dynamic = "force-dynamic";

/** GET /admin/events/{id}/waitlist.csv — the event's waiting lists, for admins only. */
export const GET = apiRoute(async (req, { params }: { params: Promise<{ id: string }> }) => {
  const db = await getDb();
  await requireRole(req, ["admin"], db);
  return csvDownload(await waitlistCsv(db, (await params).id));
});
