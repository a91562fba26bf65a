import { getDb } from "@/lib/db/client";
import { readEnv } from "@/lib/env";
import { apiRoute } from "@/lib/http/api";
import { storedLocale } from "@/lib/i18n/order-locale";
import { getTranslator } from "@/lib/i18n/translator";
import { ticketsByAccessToken } from "@/lib/tickets/by-access-token";
import { eventCalendar } from "@/lib/tickets/calendar";

export const dynamic = "force-dynamic";

/** "Add to calendar": the event as an RFC 5545 file that phones open in their calendar app. */
export const GET = apiRoute(async (_req, { params }: { params: Promise<{ token: string }> }) => {
  const { token } = await params;
  const { order } = await ticketsByAccessToken(await getDb(), token);
  const appUrl = readEnv().APP_URL.replace(/\/+$/, "");
  const url = `${appUrl}/tickets/${token}`;
  const lang = storedLocale(order.lang);
  const t = await getTranslator(lang);
  const ics = eventCalendar({
    ...order.event,
    lang,
    ticketsLine: t("ics.yourTickets", { url }),
    uid: `${order.reference}@lango`,
    url,
  });
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${order.event.slug}.ics"`,
      // The file carries the secret ticket link: never kept by a shared cache.
      "Cache-Control": "private, no-store",
    },
  });
});
