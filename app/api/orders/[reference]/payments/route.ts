import { getDb } from "@/lib/db/client";
import { apiRoute, parseWith, readJson } from "@/lib/http/api";
import { paymentsEnv } from "@/lib/payments/registry";
import { startPaymentSchema } from "@/lib/payments/schemas";
import { startPayment } from "@/lib/payments/start-payment";
import { orderCaller } from "@/lib/orders/order-access";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

export const POST = apiRoute(async (req, { params }: { params: Promise<{ reference: string }> }) => {
  const { reference } = await params;
  const input = parseWith(startPaymentSchema, await readJson(req), "payment");
  const started = await startPayment(
    await getDb(),
    { reference, ...input, caller: orderCaller(req.headers) },
    paymentsEnv(),
  );
  return json(started, { status: 201 });
});
