/** DPO's routes, relative to `/sim/dpo`. API faults apply to the XML API, not to the payer's page. */
import { withApiFault } from "../faults";
import { html, withPostBody } from "../http";
import { handleDpoApi } from "./api";
import { showPaymentPage, submitPaymentPage } from "./hosted-page";
import { buildApi3g } from "./xml";

const outage = () => html("<html><body><h1>500 Internal Server Error</h1></body></html>", 500);

export async function handleDpo(
  req: Request,
  path: string,
  ctx: { basePath: string; appUrl: string },
): Promise<Response> {
  if (/^\/API\/v[67]\/?$/.test(path)) {
    return withApiFault("dpo", outage, async () => {
      return withPostBody(
        req,
        () =>
          new Response(buildApi3g({ Result: "804", ResultExplanation: "Error in XML" }), {
            headers: { "content-type": "application/xml" },
          }),
        (body) => handleDpoApi(body, ctx.appUrl),
      );
    });
  }
  if (path === "/payv2.php") {
    if (req.method === "GET") return showPaymentPage(req, ctx);
    if (req.method === "POST") return submitPaymentPage(req, ctx);
    return new Response("Method Not Allowed", { status: 405, headers: { allow: "GET, POST" } });
  }
  return new Response("Not Found", { status: 404, headers: { "content-type": "text/plain" } });
}
