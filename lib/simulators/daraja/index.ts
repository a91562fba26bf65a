/** Daraja's routes, relative to `/sim/daraja`. Every one of them is subject to the gateway's API faults. */
import { withApiFault } from "../faults";
import { BodyTooLargeError, readText } from "../http";
import { b2cPaymentRequest } from "./b2c";
import { generateToken } from "./oauth";
import { reversalRequest } from "./reversal";
import { stkPush, stkQuery } from "./stk";
import { darajaError, internalServerError, methodNotAllowed, resourceNotFound } from "./wire";

type PostHandler = (req: Request, body: string) => Response;

const POST_ROUTES: Record<string, PostHandler> = {
  "/mpesa/stkpush/v1/processrequest": stkPush,
  "/mpesa/stkpushquery/v1/query": stkQuery,
  "/mpesa/b2c/v3/paymentrequest": b2cPaymentRequest,
  "/mpesa/reversal/v1/request": reversalRequest,
};

export function handleDaraja(req: Request, path: string): Promise<Response> {
  return withApiFault("daraja", internalServerError, async () => {
    const route = path.replace(/\/+$/, "");
    if (route === "/oauth/v1/generate") {
      return req.method === "GET" ? generateToken(req) : methodNotAllowed();
    }
    const handler = POST_ROUTES[route];
    if (!handler) return resourceNotFound();
    if (req.method !== "POST") return methodNotAllowed();
    try {
      return handler(req, await readText(req));
    } catch (err) {
      if (err instanceof BodyTooLargeError) return darajaError(400, "400.002.02", "Bad Request - Invalid Request Payload");
      throw err;
    }
  });
}
