import { requireRight } from "@/lib/auth/guards";
import { redeemScan } from "@/lib/checkin/redeem";
import { checkinRequestSchema } from "@/lib/checkin/schemas";
import { getDb } from "@/lib/db/client";
import { apiRoute, parseWith, readJson } from "@/lib/http/api";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** POST /api/checkin: one scan at a gate, by signed-in staff or an admin (DESIGN.md). */
export const POST = apiRoute(async (req) => {
  const db = await getDb();
  const user = await requireRight(req, "scan", db);
  const scan = parseWith(checkinRequestSchema, await readJson(req), "scan");
  const answer = await redeemScan(db, { ...scan, userId: user.id });
  return json(answer, { headers: { "Cache-Control": "no-store" } });
});
