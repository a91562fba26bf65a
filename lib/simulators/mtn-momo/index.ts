/** MTN MoMo's routes, relative to `/sim/mtn-momo`; all behind the subscription key and the API faults. */
import { withApiFault } from "../faults";
import { readText, whenBodyFits } from "../http";
import { issueToken, requestToPay, requestToPayStatus } from "./collections";
import { createApiKey, createApiUser, getApiUser } from "./provisioning";
import { badRequest, missingSubscriptionKey, mtnError, notFound, serviceUnavailable } from "./wire";

export function handleMtnMomo(req: Request, path: string, ctx: { appUrl: string }): Promise<Response> {
  return withApiFault("mtn-momo", serviceUnavailable, async () => {
    const keyMissing = missingSubscriptionKey(req);
    if (keyMissing) return keyMissing;
    // `/collection/token/` is documented with its slash; a proxy in front may have dropped it.
    const route = path.replace(/\/+$/, "");
    const method = req.method;
    const body = async () => readText(req);
    return whenBodyFits(
      () => badRequest("The request body is too large."),
      async () => {
        if (route === "/collection/token") return method === "POST" ? issueToken(req) : methodNotAllowed();
        if (route === "/collection/v1_0/requesttopay")
          return method === "POST" ? requestToPay(req, await body(), ctx.appUrl) : methodNotAllowed();
        const status = /^\/collection\/v1_0\/requesttopay\/([^/]+)$/.exec(route);
        if (status)
          return method === "GET" ? requestToPayStatus(req, decodeURIComponent(status[1])) : methodNotAllowed();
        if (route === "/v1_0/apiuser") return method === "POST" ? createApiUser(req, await body()) : methodNotAllowed();
        const user = /^\/v1_0\/apiuser\/([^/]+)(\/apikey)?$/.exec(route);
        if (user && !user[2]) return method === "GET" ? getApiUser(decodeURIComponent(user[1])) : methodNotAllowed();
        if (user && user[2]) return method === "POST" ? createApiKey(decodeURIComponent(user[1])) : methodNotAllowed();
        return notFound();
      },
    );
  });
}

const methodNotAllowed = () => mtnError(405, "NOT_ALLOWED", "Method not allowed.");
