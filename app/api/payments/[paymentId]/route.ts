import { after } from "next/server";
import { getDb } from "@/lib/db/client";
import { apiRoute } from "@/lib/http/api";
import { getPaymentView } from "@/lib/payments/payment-view";
import { paymentsEnv } from "@/lib/payments/registry";
import { syncPayment } from "@/lib/payments/sync-payment";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (req, { params }: { params: Promise<{ paymentId: string }> }) => {
  const { paymentId } = await params;
  const db = await getDb();
  const checkNow = new URL(req.url).searchParams.get("check") === "1";
  const first = await getPaymentView(db, paymentId, { checkNow });
  let view = first.view;
  if (first.queryDue) {
    const query = () =>
      syncPayment(db, paymentId, paymentsEnv()).catch((err) =>
        console.error(JSON.stringify({ level: "error", msg: "status query failed", paymentId, err: String(err) })),
      );
    if (checkNow) {
      // The buyer asked: wait for the gateway's answer.
      await query();
      ({ view } = await getPaymentView(db, paymentId));
    } else {
      // A routine poll of a payment pending this long (a lost callback?): ask after answering.
      after(query);
    }
  }
  return json(view, { headers: { "Cache-Control": "no-store" } });
});
