import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { getOfferView } from "@/lib/waitlist/claim";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_req, { params }: { params: Promise<{ code: string }> }) => {
  const { code } = await params;
  const offer = await getOfferView(await getDb(), code.slice(0, 64));
  return json(offer, { headers: { "Cache-Control": "private, no-store" } });
});
