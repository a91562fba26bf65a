import { getDb } from "@/lib/db/client";
import { apiRoute, parseWith, readJson } from "@/lib/http/api";
import { createOrder } from "@/lib/orders/create-order";
import { createOrderSchema } from "@/lib/orders/schemas";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (req) => {
  const input = parseWith(createOrderSchema, await readJson(req), "order");
  const order = await createOrder(await getDb(), input);
  return Response.json(order, { status: 201, headers: { Location: `/api/orders/${order.reference}` } });
});
