import { getDb } from "@/lib/db/client";
import { taxIdLabel } from "@/lib/documents/labels";
import { receiptPdf } from "@/lib/documents/pdf";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { ticketsByAccessToken } from "@/lib/tickets/by-access-token";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_req, { params }: { params: Promise<{ token: string }> }) => {
  const { order } = await ticketsByAccessToken(await getDb(), (await params).token);
  if (!order.receiptNumber || !order.paidAt)
    throw new AppError("not_found", "This order has no receipt yet: it is not paid.");
  const pdf = await receiptPdf({
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
    items: order.items.map((i) => ({ description: i.description, quantity: i.quantity, totalMinor: i.totalMinor })),
    seller: {
      name: order.event.organiserName,
      address: order.event.organiserAddress,
      taxId: order.event.organiserTaxId,
      taxIdLabel: taxIdLabel(order.event.country),
    },
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
