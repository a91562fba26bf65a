/** Small response/request helpers shared by the simulators (their side of the wire, not the app's). */
import { BodyTooLargeError, readBodyText } from "../http/body";

/**
 * Simulator pages are plain HTML with forms and no script. The app's page CSP does not cover /sim, so they
 * carry their own: inline styles only, and forms may post anywhere because a DPO outcome redirects the
 * browser on to the merchant's RedirectURL (form-action also governs that redirect).
 */
export const SIM_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action *; base-uri 'none'; frame-ancestors 'none'";

const MAX_BODY_BYTES = 256 * 1024;

export { BodyTooLargeError };

/** Reads the body as text; gateways accept small payloads only, so a huge body is refused unread. */
export function readText(req: Request): Promise<string> {
  return readBodyText(req, MAX_BODY_BYTES);
}

/** Runs a handler that reads the body: one over the limit gets the gateway's own refusal, not a 500. */
export async function whenBodyFits(tooLarge: () => Response, run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof BodyTooLargeError) return tooLarge();
    throw err;
  }
}

/** The body of a POST-only API endpoint (text/plain 405 otherwise), or the gateway's refusal of a huge one. */
export function withPostBody(
  req: Request,
  tooLarge: () => Response,
  run: (body: string) => Promise<Response> | Response,
): Promise<Response> {
  if (req.method !== "POST")
    return Promise.resolve(new Response("Method Not Allowed", { status: 405, headers: { allow: "POST" } }));
  return whenBodyFits(tooLarge, async () => run(await readText(req)));
}

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headersObject(headers) },
  });
}

export function xml(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: { "content-type": "application/xml; charset=utf-8", "cache-control": "no-store" },
  });
}

export function html(body: string, status = 200): Response {
  return new Response(body, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": SIM_PAGE_CSP,
    },
  });
}

export function redirect(location: string, status = 303): Response {
  return new Response(null, { status, headers: { location, "cache-control": "no-store" } });
}

/** The error shape of the app's own JSON API, used by the simulator control API. */
export function controlError(status: number, code: string, message: string): Response {
  return json({ error: { code, message } }, status);
}

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    t.unref?.();
  });
}

function headersObject(headers?: HeadersInit): Record<string, string> {
  return headers ? Object.fromEntries(new Headers(headers).entries()) : {};
}

/** Parses an `application/x-www-form-urlencoded` body (the simulator pages' forms). */
export async function readForm(req: Request): Promise<URLSearchParams> {
  return new URLSearchParams(await readText(req));
}

export function logInfo(msg: string, fields: Record<string, unknown> = {}): void {
  console.info(JSON.stringify({ level: "info", msg, ...fields }));
}

export function logWarn(msg: string, fields: Record<string, unknown> = {}): void {
  console.warn(JSON.stringify({ level: "warn", msg, ...fields }));
}
