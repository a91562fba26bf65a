import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { getOrderView } from "@/lib/orders/order-view";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_req, { params }: { params: Promise<{ reference: string }> }) => {
  const { reference } = await params;
  const order = await getOrderView(await getDb(), reference);
  return Response.json(order, { headers: { "Cache-Control": "no-store" } });
});
