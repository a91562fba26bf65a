import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { cancelOrderByBuyer } from "@/lib/orders/cancel-order";
import { orderCaller } from "@/lib/orders/order-access";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/** The buyer releases an unpaid order's seats (and promo use) at once, with the order's access token. */
export const POST = apiRoute(async (req, { params }: { params: Promise<{ reference: string }> }) => {
  const { reference } = await params;
  const cancelled = await cancelOrderByBuyer(await getDb(), reference, orderCaller(req.headers));
  return json(cancelled, { headers: { "Cache-Control": "no-store" } });
});
