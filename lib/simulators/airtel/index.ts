/** Airtel Money's routes, relative to `/sim/airtel`. Every one of them is subject to the gateway's API faults. */
import { withApiFault } from "../faults";
import { json, readText, whenBodyFits } from "../http";
import { collect, enquiry } from "./collection";
import { refundCollection } from "./refund";
import { badRequest, internalError, issueToken, methodNotAllowed, notFound, readJson } from "./wire";

export function handleAirtel(req: Request, path: string, ctx: { appUrl: string }): Promise<Response> {
  return withApiFault("airtel", internalError, async () => {
    // Airtel's paths end in "/" (`/merchant/v1/payments/`); a proxy may strip it, so both are accepted.
    const route = path.replace(/\/+$/, "");
    return whenBodyFits(
      () => badRequest("request body too large"),
      async () => {
        if (route === "/auth/oauth2/token")
          return req.method === "POST" ? token(await readText(req)) : methodNotAllowed();
        if (route === "/merchant/v1/payments")
          return req.method === "POST" ? collect(req, await readText(req), ctx.appUrl) : methodNotAllowed();
        if (route === "/standard/v1/payments/refund" && req.method === "POST")
          return refundCollection(req, await readText(req));
        const enquiryMatch = /^\/standard\/v1\/payments\/([^/]+)$/.exec(route);
        if (enquiryMatch)
          return req.method === "GET" ? enquiry(req, decodeURIComponent(enquiryMatch[1])) : methodNotAllowed();
        return notFound();
      },
    );
  });
}

/**
 * `POST /auth/oauth2/token` with JSON client credentials. Any non-empty id and secret are accepted: the
 * simulator stands in for whichever Airtel app the developer configured.
 */
function token(body: string): Response {
  const input = readJson(body);
  const clientId = typeof input?.client_id === "string" ? input.client_id : "";
  const clientSecret = typeof input?.client_secret === "string" ? input.client_secret : "";
  if (input?.grant_type !== "client_credentials")
    return json({ error: "unsupported_grant_type", error_description: "grant_type must be client_credentials" }, 400);
  if (!clientId || !clientSecret)
    return json({ error: "invalid_client", error_description: "Invalid client credentials" }, 401);
  const { token, ttlSeconds } = issueToken(clientId);
  // A string, as in Airtel's sample.
  return json({ access_token: token, expires_in: String(ttlSeconds), token_type: "bearer" });
}
