/**
 * The public route handlers, addressed the way Next addresses them, for in-process reliability tests:
 * a path is matched to its handler and its segments decoded into params as Next would.
 */
import { GET as bundle } from "@/app/api/checkin/bundle/route";
import { GET as lookup } from "@/app/api/checkin/lookup/route";
import { POST as checkin } from "@/app/api/checkin/route";
import { POST as callbackKind } from "@/app/api/callbacks/[gateway]/[kind]/route";
import { POST as callback, PUT as callbackPut } from "@/app/api/callbacks/[gateway]/route";
import { GET as event } from "@/app/api/events/[slug]/route";
import { GET as events } from "@/app/api/events/route";
import { GET as health } from "@/app/api/health/route";
import { POST as startPayment } from "@/app/api/orders/[reference]/payments/route";
import { GET as order } from "@/app/api/orders/[reference]/route";
import { PATCH as renameTicket } from "@/app/api/orders/[reference]/tickets/[ticketId]/route";
import { POST as createOrder } from "@/app/api/orders/route";
import { GET as payment } from "@/app/api/payments/[paymentId]/route";
import { POST as resend } from "@/app/api/tickets/resend/route";
import { GET as eventImage } from "@/app/media/events/[eventId]/[file]/route";
import { GET as payReturn } from "@/app/pay/return/[gateway]/route";
import type { FuzzCase } from "@/bench/lib/fuzz";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES: [method: string, pattern: string, handler: Handler][] = [
  ["GET", "/api/health", health as Handler],
  ["GET", "/api/events", events as Handler],
  ["GET", "/api/events/:slug", event as Handler],
  ["POST", "/api/orders", createOrder as Handler],
  ["GET", "/api/orders/:reference", order as Handler],
  ["POST", "/api/orders/:reference/payments", startPayment as Handler],
  ["PATCH", "/api/orders/:reference/tickets/:ticketId", renameTicket as Handler],
  ["GET", "/api/payments/:paymentId", payment as Handler],
  ["POST", "/api/tickets/resend", resend as Handler],
  ["POST", "/api/callbacks/:gateway", callback as Handler],
  ["PUT", "/api/callbacks/:gateway", callbackPut as Handler],
  ["POST", "/api/callbacks/:gateway/:kind", callbackKind as Handler],
  ["GET", "/pay/return/:gateway", payReturn as Handler],
  ["GET", "/media/events/:eventId/:file", eventImage as Handler],
  ["POST", "/api/checkin", checkin as Handler],
  ["GET", "/api/checkin/lookup", lookup as Handler],
  ["GET", "/api/checkin/bundle", bundle as Handler],
];

/** Next answers a segment it cannot decode with 400 before any handler runs. */
function decodeSegment(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Sends a case to its handler in this process; a path no route matches is a 404, as in Next. */
export async function callRoute(c: FuzzCase, base = "http://127.0.0.1:3000"): Promise<Response> {
  const [pathname] = c.path.split("?");
  const parts = pathname.split("/").slice(1);
  for (const [method, pattern, handler] of ROUTES) {
    const template = pattern.split("/").slice(1);
    if (method !== c.method || template.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let matches = true;
    for (let i = 0; i < template.length && matches; i++) {
      if (template[i].startsWith(":")) {
        const value = decodeSegment(parts[i]);
        if (value === null || value === "") return new Response("Bad Request", { status: 400 });
        params[template[i].slice(1)] = value;
      } else matches = template[i] === parts[i];
    }
    if (!matches) continue;
    const req = new Request(new URL(c.path, base), { method: c.method, headers: c.headers, body: c.body });
    return handler(req, { params: Promise.resolve(params) });
  }
  return new Response("Not Found", { status: 404 });
}
