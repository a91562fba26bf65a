import { requireRight } from "@/lib/auth/guards";
import { findSale, saleView } from "@/lib/box-office/sales";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { paymentsEnv } from "@/lib/payments/registry";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** GET /api/box-office/sales/{reference}: what the till polls while the buyer's phone rings. */
export const GET = apiRoute(async (req, { params }: { params: Promise<{ reference: string }> }) => {
  const db = await getDb();
  const cashier = await requireRight(req, "sell", db);
  const sale = await findSale(db, cashier, (await params).reference);
  return json(await saleView(db, sale, paymentsEnv()), { headers: { "Cache-Control": "no-store" } });
});
