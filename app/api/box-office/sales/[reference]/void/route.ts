import { requireRight } from "@/lib/auth/guards";
import { voidSale } from "@/lib/box-office/sales";
import { getDb } from "@/lib/db/client";
import { apiRoute, readJson } from "@/lib/http/api";
import { paymentsEnv } from "@/lib/payments/registry";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** POST /api/box-office/sales/{reference}/void `{ reason }`: cash by the cashier, other payments by an admin. */
export const POST = apiRoute(async (req, { params }: { params: Promise<{ reference: string }> }) => {
  const db = await getDb();
  const actor = await requireRight(req, "sell", db);
  const sale = await voidSale(db, actor, (await params).reference, await readJson(req), paymentsEnv());
  return json(sale, { headers: { "Cache-Control": "no-store" } });
});
