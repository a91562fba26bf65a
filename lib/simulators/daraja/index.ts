/** Daraja's routes, relative to `/sim/daraja`. Every one of them is subject to the gateway's API faults. */
import { withApiFault } from "../faults";
import { readText, whenBodyFits } from "../http";
import { b2cPaymentRequest } from "./b2c";
import { registerUrl, showPayBill, simulateC2b, submitPayBill, transactionStatus } from "./c2b";
import { generateToken } from "./oauth";
import { reversalRequest } from "./reversal";
import { stkPush, stkQuery } from "./stk";
import { darajaError, internalServerError, methodNotAllowed, resourceNotFound } from "./wire";

type PostHandler = (req: Request, body: string, appUrl: string) => Response | Promise<Response>;

const POST_ROUTES: Record<string, PostHandler> = {
  "/mpesa/stkpush/v1/processrequest": stkPush,
  "/mpesa/stkpushquery/v1/query": stkQuery,
  "/mpesa/b2c/v3/paymentrequest": b2cPaymentRequest,
  "/mpesa/reversal/v1/request": reversalRequest,
  "/mpesa/c2b/v1/registerurl": registerUrl,
  "/mpesa/c2b/v2/registerurl": registerUrl,
  "/mpesa/c2b/v1/simulate": simulateC2b,
  "/mpesa/c2b/v2/simulate": simulateC2b,
  "/mpesa/transactionstatus/v1/query": transactionStatus,
};

export function handleDaraja(req: Request, path: string, ctx: { appUrl: string }): Promise<Response> {
  // The payer's own phone (Pay Bill), not Daraja's API: API faults do not apply to it.
  if (path.replace(/\/+$/, "") === "/c2b") {
    if (req.method === "GET") return Promise.resolve(showPayBill(req));
    if (req.method === "POST") return submitPayBill(req);
    return Promise.resolve(methodNotAllowed());
  }
  return withApiFault("daraja", internalServerError, async () => {
    const route = path.replace(/\/+$/, "");
    if (route === "/oauth/v1/generate") {
      return req.method === "GET" ? generateToken(req) : methodNotAllowed();
    }
    const handler = POST_ROUTES[route];
    if (!handler) return resourceNotFound();
    if (req.method !== "POST") return methodNotAllowed();
    return whenBodyFits(
      () => darajaError(400, "400.002.02", "Bad Request - Invalid Request Payload"),
      async () => handler(req, await readText(req), ctx.appUrl),
    );
  });
}
