/**
 * Ksher's routes, relative to `/sim/ksher`: `/api/{gateway_pay,gateway_order_query,cancel_order}` stand for
 * https://gateway.ksher.com/api, `/KsherPay/order_refund` for https://api.mch.ksher.net/KsherPay, and `/ua`
 * is the hosted page. API faults apply to the API, not to the payer's page.
 */
import { withApiFault } from "../faults";
import { html, withPostBody } from "../http";
import { handleKsherApi } from "./api";
import { showKsherPage, submitKsherPage } from "./hosted-page";
import { callError } from "./wire";

const outage = () => html("<html><body><h1>500 Internal Server Error</h1></body></html>", 500);

const GATEWAY_OPERATIONS = new Set(["gateway_pay", "gateway_order_query", "cancel_order"]);
const PAY_OPERATIONS = new Set(["order_refund"]);

export async function handleKsher(
  req: Request,
  path: string,
  ctx: { basePath: string; appUrl: string },
): Promise<Response> {
  const [, host = "", operation = "", ...rest] = path.split("/");
  const isApi =
    rest.length === 0 &&
    ((host === "api" && GATEWAY_OPERATIONS.has(operation)) || (host === "KsherPay" && PAY_OPERATIONS.has(operation)));
  if (isApi) {
    return withApiFault("ksher", outage, async () => {
      return withPostBody(
        req,
        () => callError(1, "PARAM_ERROR: request too large"),
        (body) =>
          handleKsherApi(operation, body, { simBase: `${new URL(req.url).origin}${ctx.basePath}`, appUrl: ctx.appUrl }),
      );
    });
  }
  if (path === "/ua") {
    if (req.method === "GET") return showKsherPage(req, ctx);
    if (req.method === "POST") return submitKsherPage(req, ctx);
    return new Response("Method Not Allowed", { status: 405, headers: { allow: "GET, POST" } });
  }
  return new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } });
}
