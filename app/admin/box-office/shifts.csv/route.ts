import { csvDownload } from "@/lib/admin/csv";
import { requireRole } from "@/lib/auth/guards";
import { shiftsCsv } from "@/lib/box-office/shifts";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/** GET /admin/box-office/shifts.csv[?eventId=…&cashierId=…]: every shift with its cash-up, for admins only. */
export const GET = apiRoute(async (req) => {
  const db = await getDb();
  await requireRole(req, ["admin"], db);
  const q = new URL(req.url).searchParams;
  const filter = {
    eventId: q.get("eventId")?.slice(0, 64) || undefined,
    cashierId: q.get("cashierId")?.slice(0, 64) || undefined,
  };
  return csvDownload(await shiftsCsv(db, filter));
});
