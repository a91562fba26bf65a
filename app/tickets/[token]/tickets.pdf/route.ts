import { getDb } from "@/lib/db/client";
import { ticketsPdf } from "@/lib/documents/pdf";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { ticketsByAccessToken } from "@/lib/tickets/by-access-token";
import { storedLocale } from "@/lib/i18n/order-locale";

export const dynamic = "force-dynamic";

export const GET = apiRoute(async (_req, { params }: { params: Promise<{ token: string }> }) => {
  const { order, tickets } = await ticketsByAccessToken(await getDb(), (await params).token);
  const valid = tickets.filter((t): t is typeof t & { code: string } => Boolean(t.code));
  if (!valid.length) throw new AppError("not_found", "This order has no valid tickets.");
  const pdf = await ticketsPdf({
    reference: order.reference,
    lang: storedLocale(order.lang),
    event: order.event,
    tickets: valid,
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="tickets-${order.reference}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
});
