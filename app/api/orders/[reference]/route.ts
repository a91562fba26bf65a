import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { orderCaller } from "@/lib/orders/order-access";
import { getOrderViewFor, orderJson } from "@/lib/orders/order-view";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** The order's status and how to pay it; its buyer and tickets only for the holder of its token. */
export const GET = apiRoute(async (req, { params }: { params: Promise<{ reference: string }> }) => {
  const { reference } = await params;
  const view = await getOrderViewFor(await getDb(), reference, orderCaller(req.headers));
  // Vary: the answer depends on who asks, so no cache may hand the buyer's to someone else.
  return json(orderJson(view), { headers: { "Cache-Control": "no-store", Vary: "Authorization, Cookie" } });
});
