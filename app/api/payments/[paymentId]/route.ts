import { after } from "next/server";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { getPaymentView } from "@/lib/payments/payment-view";
import { paymentsEnv } from "@/lib/payments/registry";
import { syncPayment } from "@/lib/payments/sync-payment";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_req, { params }: { params: Promise<{ paymentId: string }> }) => {
  const { paymentId } = await params;
  const db = await getDb();
  const { view, queryDue } = await getPaymentView(db, paymentId);
  // A payment still pending this long may have lost its callback: ask the gateway, after answering.
  if (queryDue) after(() => syncPayment(db, paymentId, paymentsEnv()).catch((err) => console.error(JSON.stringify({ level: "error", msg: "status query failed", paymentId, err: String(err) }))));
  return Response.json(view, { headers: { "Cache-Control": "no-store" } });
});
