import { getDb } from "@/lib/db/client";
import { apiRoute, readJson } from "@/lib/http/api";
import { orderCaller, requireOrderOwner } from "@/lib/orders/order-access";
import { renameAttendee } from "@/lib/tickets/attendee";
import { json } from "@/lib/http/json";

export const dynamic = "force-dynamic";

/**
 * The buyer changes who a ticket is for and their checkout answers (until the event starts):
 * `{ name, answers? }`, with the order's token.
 */
export const PATCH = apiRoute(async (req, { params }: { params: Promise<{ reference: string; ticketId: string }> }) => {
  const { reference, ticketId } = await params;
  const db = await getDb();
  const accessToken = await requireOrderOwner(db, reference, orderCaller(req.headers));
  const body = (await readJson(req)) as { name?: unknown; answers?: unknown };
  const renamed = await renameAttendee(db, {
    ticketId,
    order: { accessToken },
    name: typeof body?.name === "string" ? body.name : "",
    answers: body?.answers,
  });
  return json(renamed);
});
