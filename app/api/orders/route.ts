import { getDb } from "@/lib/db/client";
import { apiRoute, parseWith, readJson } from "@/lib/http/api";
import { clientBucket } from "@/lib/http/client-ip";
import { requestLocale } from "@/lib/i18n/request-locale";
import { createOrder } from "@/lib/orders/create-order";
import { rememberOrderCookie } from "@/lib/orders/order-access";
import { enforceOrderRateLimit, publicOrderSource } from "@/lib/orders/order-limits";
import { createOrderSchema } from "@/lib/orders/schemas";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (req) => {
  const db = await getDb();
  await enforceOrderRateLimit(db, clientBucket(req.headers));
  const input = parseWith(createOrderSchema, await readJson(req), "order");
  // The language the buyer is reading the storefront in (its cookie, or the browser's), for later mail.
  const order = await createOrder(db, input, new Date(), publicOrderSource(req.headers), {
    lang: requestLocale(req),
  });
  // The token is answered once, here; the buyer's browser also keeps it (HttpOnly) for the order page.
  return json(order, {
    status: 201,
    headers: {
      Location: `/api/orders/${order.reference}`,
      "Set-Cookie": rememberOrderCookie(req, order),
      "Cache-Control": "no-store",
    },
  });
});
