import QRCode from "qrcode";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { ticketsByAccessToken } from "@/lib/tickets/by-access-token";

export const dynamic = "force-dynamic";

/** A ticket's QR code as a PNG, for e-mails (mail clients do not show inline SVG or data: URIs). */
export const GET = apiRoute(async (_req, { params }: { params: Promise<{ token: string; ticketId: string }> }) => {
  const { token, ticketId } = await params;
  const { tickets } = await ticketsByAccessToken(await getDb(), token);
  const ticket = tickets.find((t) => t.id === ticketId.replace(/\.png$/, ""));
  if (!ticket?.code) throw new AppError("not_found", "No such ticket, or it was cancelled.", 404);
  const png = await QRCode.toBuffer(ticket.code, { errorCorrectionLevel: "M", margin: 4, width: 440 });
  return new Response(new Uint8Array(png), {
    headers: { "Content-Type": "image/png", "Cache-Control": "private, max-age=300", "X-Content-Type-Options": "nosniff" },
  });
});
