import { requireRight } from "@/lib/auth/guards";
import { closeShift } from "@/lib/box-office/shifts";
import { getDb } from "@/lib/db/client";
import { apiRoute, readJson } from "@/lib/http/api";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** POST /api/box-office/shifts/{id}/close `{ countedCash }` → the cash-up; a second close is 409. */
export const POST = apiRoute(async (req, { params }: { params: Promise<{ id: string }> }) => {
  const db = await getDb();
  const cashier = await requireRight(req, "sell", db);
  const cashUp = await closeShift(db, cashier, (await params).id, await readJson(req));
  return json(cashUp, { headers: { "Cache-Control": "no-store" } });
});
