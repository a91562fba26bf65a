import { requireRight } from "@/lib/auth/guards";
import { openShift, openShiftsOf } from "@/lib/box-office/shifts";
import { getDb } from "@/lib/db/client";
import { apiRoute, readJson } from "@/lib/http/api";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** GET /api/box-office/shifts: the signed-in cashier's open shifts, for the till to pick up where it was. */
export const GET = apiRoute(async (req) => {
  const db = await getDb();
  const cashier = await requireRight(req, "sell", db);
  return json({ shifts: await openShiftsOf(db, cashier.id) }, { headers: { "Cache-Control": "no-store" } });
});

/** POST /api/box-office/shifts `{ eventSlug, float }` → 201 `{ shiftId }`. */
export const POST = apiRoute(async (req) => {
  const db = await getDb();
  const cashier = await requireRight(req, "sell", db);
  const opened = await openShift(db, cashier, await readJson(req));
  return json(opened, { status: 201, headers: { "Cache-Control": "no-store" } });
});
