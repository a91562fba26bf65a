import { requireRight } from "@/lib/auth/guards";
import { retrySalePayment } from "@/lib/box-office/sales";
import { getDb } from "@/lib/db/client";
import { apiRoute, readJson } from "@/lib/http/api";
import { paymentsEnv } from "@/lib/payments/registry";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** POST /api/box-office/sales/{reference}/payments `{ payment }`: "resend" the prompt, or "switch to cash". */
export const POST = apiRoute(async (req, { params }: { params: Promise<{ reference: string }> }) => {
  const db = await getDb();
  const cashier = await requireRight(req, "sell", db);
  const sale = await retrySalePayment(db, cashier, (await params).reference, await readJson(req), paymentsEnv());
  return json(sale, { status: 201, headers: { "Cache-Control": "no-store" } });
});
