import { getDb } from "@/lib/db/client";
import { qrEtag, qrPng } from "@/lib/documents/qr";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api";
import { ticketsByAccessToken } from "@/lib/tickets/by-access-token";

export const dynamic = "force-dynamic";

/**
 * A ticket's QR code as a PNG, for e-mails (mail clients do not show inline SVG or data: URIs). It always
 * shows the ticket's current code, so an e-mail sent before a re-issue still shows the code that admits.
 * Cached briefly and privately (the URL carries the order's secret); the ETag lets a client revalidate.
 */
export const GET = apiRoute(async (req, { params }: { params: Promise<{ token: string; ticketId: string }> }) => {
  const { token, ticketId } = await params;
  const { tickets } = await ticketsByAccessToken(await getDb(), token);
  const ticket = tickets.find((t) => t.id === ticketId.replace(/\.png$/, ""));
  if (!ticket?.code) throw new AppError("not_found", "No such ticket, or it was cancelled.");
  const headers = {
    "Cache-Control": "private, max-age=300",
    ETag: qrEtag(ticket.code),
    "X-Content-Type-Options": "nosniff",
    "X-Robots-Tag": "noindex",
    "Referrer-Policy": "no-referrer",
  };
  if (req.headers.get("if-none-match") === headers.ETag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(await qrPng(ticket.code)), {
    headers: { ...headers, "Content-Type": "image/png" },
  });
});
