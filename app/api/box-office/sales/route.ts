import { requireRight } from "@/lib/auth/guards";
import { sell } from "@/lib/box-office/sales";
import { getDb } from "@/lib/db/client";
import { apiRoute, readJson } from "@/lib/http/api";
import { paymentsEnv } from "@/lib/payments/registry";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/**
 * POST /api/box-office/sales: one door sale. 201 for a new sale; a retry with the same idempotency key
 * answers the first sale with 200, so the till knows nothing more was sold.
 */
export const POST = apiRoute(async (req) => {
  const db = await getDb();
  const cashier = await requireRight(req, "sell", db);
  const { sale, repeated } = await sell(db, cashier, await readJson(req), paymentsEnv());
  return json(sale, { status: repeated ? 200 : 201, headers: { "Cache-Control": "no-store" } });
});
