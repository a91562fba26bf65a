/**
 * Flutterwave's routes, relative to `/sim/flutterwave`. API faults apply to the v3 API, not to the payer's
 * page; `/dashboard` stands in for the merchant dashboard's webhook settings (version, URL, secret hash).
 */
import { z } from "zod";
import { withApiFault } from "../faults";
import { BodyTooLargeError, html, json, readText } from "../http";
import { isDeliverableUrl } from "../notify";
import { authFailure, createPayment, fail, refundTransaction, verifyById, verifyByReference } from "./api";
import { showCheckout, submitCheckout } from "./hosted-page";
import { flutterwaveState } from "./state";

const outage = () => html("<html><body><h1>500 Internal Server Error</h1></body></html>", 500);
const methodNotAllowed = (allow: string) => new Response("Method Not Allowed", { status: 405, headers: { allow } });

const dashboardBody = z
  .object({
    webhookVersion: z.enum(["v3", "legacy"]),
    webhookUrl: z.url().nullable(),
    secretHash: z.string().min(1).max(200),
  })
  .partial()
  .strict();

export async function handleFlutterwave(
  req: Request,
  path: string,
  ctx: { basePath: string; appUrl: string },
): Promise<Response> {
  const hosted = /^\/v3\/hosted\/pay\/([A-Za-z0-9]+)\/?$/.exec(path);
  if (hosted) {
    if (req.method === "GET") return showCheckout(hosted[1], ctx);
    if (req.method === "POST") return submitCheckout(req, hosted[1], ctx);
    return methodNotAllowed("GET, POST");
  }
  if (path === "/dashboard") return dashboard(req, ctx.appUrl);
  if (path.startsWith("/v3/")) return withApiFault("flutterwave", outage, () => api(req, path, ctx));
  return new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } });
}

async function api(req: Request, path: string, ctx: { basePath: string; appUrl: string }): Promise<Response> {
  const unauthorized = authFailure(req);
  if (unauthorized) return unauthorized;
  const route = path.replace(/\/+$/, "");
  if (route === "/v3/payments") {
    if (req.method !== "POST") return methodNotAllowed("POST");
    const body = await readJson(req);
    return body.ok
      ? createPayment(body.value, { origin: new URL(req.url).origin, basePath: ctx.basePath, appUrl: ctx.appUrl })
      : body.response;
  }
  if (route === "/v3/transactions/verify_by_reference") {
    if (req.method !== "GET") return methodNotAllowed("GET");
    return verifyByReference(new URL(req.url).searchParams.get("tx_ref"));
  }
  const verify = /^\/v3\/transactions\/([^/]+)\/verify$/.exec(route);
  if (verify) return req.method === "GET" ? verifyById(decodeURIComponent(verify[1])) : methodNotAllowed("GET");
  const refund = /^\/v3\/transactions\/([^/]+)\/refund$/.exec(route);
  if (refund) {
    if (req.method !== "POST") return methodNotAllowed("POST");
    const body = await readJson(req);
    return body.ok ? refundTransaction(decodeURIComponent(refund[1]), body.value) : body.response;
  }
  return fail(404, "Route not found");
}

async function readJson(req: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: JSON.parse(await readText(req)) };
  } catch (err) {
    if (err instanceof BodyTooLargeError) return { ok: false, response: fail(413, "Request body too large") };
    return { ok: false, response: fail(400, "Invalid JSON body") };
  }
}

async function dashboard(req: Request, appUrl: string): Promise<Response> {
  const state = flutterwaveState();
  if (req.method === "GET") return json(state.dashboard);
  if (req.method !== "POST") return methodNotAllowed("GET, POST");
  const body = await readJson(req);
  if (!body.ok) return body.response;
  const parsed = dashboardBody.safeParse(body.value);
  if (!parsed.success)
    return json({ error: { code: "invalid_input", message: parsed.error.issues[0]?.message ?? "invalid" } }, 400);
  if (parsed.data.webhookUrl && !isDeliverableUrl(parsed.data.webhookUrl, appUrl)) {
    return json(
      { error: { code: "invalid_input", message: "webhookUrl must be on the app's own origin or this machine." } },
      400,
    );
  }
  state.dashboard = { ...state.dashboard, ...parsed.data };
  return json(state.dashboard);
}
