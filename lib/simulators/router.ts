/**
 * Entry point of the gateway simulators: one Web-standard handler for everything under `/sim`, so the
 * Next route is a one-liner and tests can host it on a bare `node:http` server.
 *
 *   /sim/daraja/…       Safaricom Daraja (OAuth, STK push and query, B2C, reversal)
 *   /sim/dpo/…          DPO Pay (XML API v6/v7, payv2.php payment page)
 *   /sim/airtel/…       Airtel Money (token, USSD push collection, status enquiry, refund)
 *   /sim/flutterwave/…  Flutterwave v3 (payments, verify, refunds, hosted checkout)
 *   /sim/mtn-momo/…     MTN MoMo Collections (API user, token, requesttopay and its status)
 *   /sim/ksher/…        Ksher (gateway_pay, order query, cancel, refund; the /ua hosted page)
 *   /sim/phone          the virtual phone (pending push prompts of every gateway)
 *   /sim/api/…          control API (prompts, faults, settings, notifications, reset)
 *
 * Another gateway's simulator adds a branch here, keeps its records through
 * `gatewayState`, wraps its API in `withApiFault`, opens prompts with `openPrompt` and sends callbacks with
 * `sendNotification` — faults, the phone page and the control API then work for it unchanged.
 */
import "server-only";
import { handleAirtel } from "./airtel";
import { handleControl } from "./control";
import { handleDaraja } from "./daraja";
import { handleDpo } from "./dpo";
import { handleFlutterwave } from "./flutterwave";
import { handleKsher } from "./ksher";
import { handleMtnMomo } from "./mtn-momo";
import { controlError, logWarn } from "./http";
import { answerFromPhone, showPhone } from "./phone";

export interface SimulatorOptions {
  /** Where the simulators are mounted; default "/sim". */
  basePath?: string;
  /**
   * The app's public base URL (APP_URL, never the request's Host): notifications whose URL the gateway's
   * portal would hold go there (DPO push), and it is the one origin besides loopback that simulators send to.
   */
  appUrl: string;
}

export async function handleSimulatorRequest(req: Request, opts: SimulatorOptions): Promise<Response> {
  // Read per request, not at import: live mode must never expose a fake gateway, whatever loaded first.
  if (process.env.PAYMENTS_MODE === "live") return notFound();

  const basePath = (opts.basePath ?? "/sim").replace(/\/+$/, "");
  const { pathname } = new URL(req.url);
  if (!pathname.startsWith(`${basePath}/`)) return notFound();
  const path = pathname.slice(basePath.length);
  const ctx = { basePath, appUrl: opts.appUrl };

  try {
    const [, section = "", ...rest] = path.split("/");
    const subPath = `/${rest.join("/")}`;
    switch (section) {
      case "daraja":
        return await handleDaraja(req, subPath, ctx);
      case "dpo":
        return await handleDpo(req, subPath, ctx);
      case "ksher":
        return await handleKsher(req, subPath, ctx);
      case "mtn-momo":
        return await handleMtnMomo(req, subPath, ctx);
      case "airtel":
        return await handleAirtel(req, subPath, ctx);
      case "flutterwave":
        return await handleFlutterwave(req, subPath, ctx);
      case "phone":
        if (subPath === "/" && req.method === "GET") return showPhone(req, basePath);
        if (rest[0] === "prompts" && rest.length === 2 && req.method === "POST") {
          return await answerFromPhone(req, decodeURIComponent(rest[1]), basePath);
        }
        return notFound();
      case "api":
        return await handleControl(req, subPath, ctx);
      default:
        return notFound();
    }
  } catch (err) {
    logWarn("simulator request failed", { path, method: req.method, err: String(err) });
    return controlError(500, "internal_error", "The simulator failed to handle the request.");
  }
}

function notFound(): Response {
  return controlError(404, "not_found", "Not found.");
}
