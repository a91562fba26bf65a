import { getDb } from "@/lib/db/client";
import { documentItems, sellerOf } from "@/lib/documents/invoice";
import { receiptPdf } from "@/lib/documents/pdf";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { storedLocale } from "@/lib/i18n/order-locale";
import { getTranslator } from "@/lib/i18n/translator";
import { ticketsByAccessToken } from "@/lib/tickets/by-access-token";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_req, { params }: { params: Promise<{ token: string }> }) => {
  const db = await getDb();
  const { order } = await ticketsByAccessToken(db, (await params).token);
  if (!order.receiptNumber || !order.paidAt)
    throw new AppError("not_found", "This order has no receipt yet: it is not paid.");
  const lang = storedLocale(order.lang);
  const pdf = await receiptPdf({
    lang,
    receiptNumber: order.receiptNumber,
    reference: order.reference,
    paidAt: order.paidAt,
    timeZone: order.event.timezone,
    country: order.event.country,
    buyerName: order.buyerName,
    eventName: order.event.name,
    currency: order.currency,
    totalMinor: order.totalMinor,
    refundedMinor: order.refundedMinor,
    items: await documentItems(db, order.id, await getTranslator(lang)),
    seller: sellerOf(order.event),
    discount: order.promoCode && { code: order.promoCode.code, amountMinor: order.discountMinor },
    payments: order.payments.map((p) => ({
      gateway: p.gateway,
      receipt: p.gatewayReceipt,
      amountMinor: p.amountMinor,
    })),
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="receipt-${order.receiptNumber}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
});
