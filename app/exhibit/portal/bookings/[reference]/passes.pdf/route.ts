import { requireRole } from "@/lib/auth/guards";
import { currentSession } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { requestLocale } from "@/lib/i18n/request-locale";
import { ticketsPdf } from "@/lib/documents/pdf";
import { notFound } from "@/lib/errors";
import { getPortalBooking } from "@/lib/exhibit/portal";
import { apiRoute } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/**
 * A booking's staff passes as a PDF, one A6 page each, for the signed-in exhibitor (or an admin looking at
 * their portal with ?exhibitor=…). Another exhibitor's booking answers 404, like one that does not exist.
 */
export const GET = apiRoute(async (req, { params }: { params: Promise<{ reference: string }> }) => {
  const user = await requireRole(await currentSession(), ["exhibitor", "admin"]);
  const asExhibitorId =
    user.role === "admin" ? (new URL(req.url).searchParams.get("exhibitor") ?? undefined) : undefined;
  const booking = await getPortalBooking(await getDb(), { user, asExhibitorId }, (await params).reference);
  const passes = booking.staffPasses.filter((p): p is typeof p & { code: string } => Boolean(p.code));
  if (!passes.length) throw notFound("not_found", "This booking has no valid staff passes yet.");
  const pdf = await ticketsPdf({
    kind: "staff-passes",
    lang: requestLocale(req),
    reference: booking.reference,
    event: {
      name: booking.event.name,
      venue: booking.event.venue,
      city: booking.event.city,
      startsAt: new Date(booking.event.startsAt),
      timezone: booking.event.timezone,
      country: booking.event.country,
    },
    tickets: passes,
  });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="staff-passes-${booking.reference}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
});
