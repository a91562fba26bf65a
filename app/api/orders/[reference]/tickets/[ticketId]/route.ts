import { getDb } from "@/lib/db/client";
import { apiRoute, readJson } from "@/lib/http/api";
import { renameAttendee } from "@/lib/tickets/attendee";

export const dynamic = "force-dynamic";

/** The buyer changes who a ticket is for (until the event starts): `{ name }`. */
export const PATCH = apiRoute(async (req, { params }: { params: Promise<{ reference: string; ticketId: string }> }) => {
  const { reference, ticketId } = await params;
  const body = (await readJson(req)) as { name?: unknown };
  const renamed = await renameAttendee(await getDb(), { ticketId, order: { reference }, name: typeof body?.name === "string" ? body.name : "" });
  return Response.json(renamed);
});
