import { getDb } from "@/lib/db/client";
import { checkHealth } from "@/lib/ops/health";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth(getDb);
  return json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
