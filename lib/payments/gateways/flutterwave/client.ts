/**
 * Flutterwave's v3 REST API over HTTP: JSON both ways, `Authorization: Bearer <secret key>` (gateways.md
 * §5). Every reply is `{status: "success"|"error", message, data}`; transport failures and replies of any
 * other shape become GatewayErrors here, while what a reply means is the caller's call.
 */
import { z } from "zod";
import { GatewayError, type GatewayContext } from "../../types";
import { gatewayFetch, parseJsonBody, unavailable, type GatewayHttpResponse, type Interpreted } from "../http";
import type { FlutterwaveConfig } from "./config";

export const envelopeSchema = z
  .object({
    status: z.enum(["success", "error"]),
    message: z.string().optional(),
    data: z.unknown().optional(),
  })
  .loose();

export type Envelope = z.infer<typeof envelopeSchema>;

export interface FlutterwaveCall<T> {
  operation: string;
  method: "GET" | "POST";
  /** Below the base URL, starting with `/v3/`. */
  path: string;
  body?: unknown;
  paymentId?: string;
  /** Reads a well-formed reply (success or error). The envelope's status is the default result code. */
  interpret: (reply: Envelope, res: GatewayHttpResponse) => Interpreted<T>;
}

export async function flutterwaveCall<T>(ctx: GatewayContext<FlutterwaveConfig>, call: FlutterwaveCall<T>): Promise<T> {
  return gatewayFetch(ctx, {
    gateway: "flutterwave",
    operation: call.operation,
    method: call.method,
    url: `${ctx.config.baseUrl}${call.path}`,
    headers: {
      Authorization: `Bearer ${ctx.config.secretKey}`,
      Accept: "application/json",
      ...(call.body !== undefined && { "Content-Type": "application/json" }),
    },
    ...(call.body !== undefined && { body: JSON.stringify(call.body) }),
    paymentId: call.paymentId,
    timeoutMs: ctx.config.timeoutMs,
    redact: [ctx.config.secretKey, ctx.config.secretHash],
    interpret: (res) => {
      if (res.status >= 500) throw unavailable("flutterwave", res.status);
      const reply = envelopeSchema.parse(parseJsonBody("flutterwave", res));
      const out = call.interpret(reply, res);
      return { resultCode: reply.status, ...out };
    },
  });
}

/** An error reply nobody could act on: our key, our request, or Flutterwave's limits. */
export function apiError(
  operation: string,
  reply: Envelope,
  res: GatewayHttpResponse,
  buyerMessage: string,
): GatewayError {
  const said = reply.message ?? "error";
  const kind: GatewayError["code"] =
    res.status === 401 || res.status === 403 ? "auth_failed" : res.status === 429 ? "rate_limited" : "rejected";
  return new GatewayError("flutterwave", kind, `${operation} HTTP ${res.status}: ${said}`, {
    httpStatus: res.status,
    gatewayCode: said.slice(0, 80),
    buyerMessage,
    retryable: kind === "rate_limited",
  });
}
