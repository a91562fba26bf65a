/**
 * MTN MoMo over HTTP: the Collections token (Basic apiUser:apiKey → Bearer, cached for its hour) and the
 * authorised call every operation shares, with the subscription key and target environment headers.
 * What a reply means is decided by the caller's `interpret`.
 */
import { GatewayError, type GatewayContext } from "../../types";
import { gatewayFetch, parseJsonBody, unavailable, type GatewayHttpResponse, type Interpreted } from "../http";
import { safeJson } from "../json";
import { RETRY_WITH_NEW_TOKEN, tokenSession } from "../token-session";
import type { MtnMomoConfig } from "./config";
import { errorBodySchema, tokenResponseSchema } from "./transform";

type Ctx = GatewayContext<MtnMomoConfig>;

export { safeJson };

/** Per (host, API user, subscription key), renewed a minute before MTN's hour runs out. */
const session = tokenSession<MtnMomoConfig>({
  key: (c) => `${c.baseUrl}\u0000${c.apiUser}\u0000${c.subscriptionKey}`,
  marginMs: 60_000,
  request: requestToken,
});

export function mtnSecrets(c: MtnMomoConfig, extra: Array<string | undefined> = []): Array<string | undefined> {
  return [c.subscriptionKey, c.apiKey, ...extra];
}

/** The `{code, message}` of an error reply, if it has one. */
export function errorCode(res: GatewayHttpResponse): { code: string; message?: string } | undefined {
  const body = errorBodySchema.safeParse(safeJson(res.text));
  return body.success ? body.data : undefined;
}

/** A non-2xx reply with no more specific meaning for the operation. */
export function replyError(res: GatewayHttpResponse, operation: string): GatewayError {
  const err = errorCode(res);
  const details = { httpStatus: res.status, ...(err && { gatewayCode: err.code }) };
  const what = `${operation}: HTTP ${res.status}${err ? ` ${err.code}${err.message ? ` (${err.message})` : ""}` : ""}`;
  if (res.status === 401 || res.status === 403) return new GatewayError("mtn-momo", "auth_failed", what, details);
  if (res.status === 429) return new GatewayError("mtn-momo", "rate_limited", what, { ...details, retryable: true });
  if (res.status >= 500) return unavailable("mtn-momo", res.status, err?.code);
  return new GatewayError("mtn-momo", "rejected", what, details);
}

export const accessToken = (ctx: Ctx): Promise<string> => session.token(ctx);

function requestToken(ctx: Ctx) {
  const { config } = ctx;
  const basic = Buffer.from(`${config.apiUser}:${config.apiKey}`, "utf8").toString("base64");
  return gatewayFetch(ctx, {
    gateway: "mtn-momo",
    operation: "token",
    method: "POST",
    url: `${config.baseUrl}/collection/token/`,
    headers: {
      Authorization: `Basic ${basic}`,
      "Ocp-Apim-Subscription-Key": config.subscriptionKey,
      Accept: "application/json",
    },
    timeoutMs: config.timeoutMs,
    redact: mtnSecrets(config, [basic]),
    redactFields: ["access_token"],
    interpret: (res) => {
      if (res.status < 200 || res.status >= 300) throw replyError(res, "token");
      return { value: tokenResponseSchema.parse(parseJsonBody("mtn-momo", res)) };
    },
  });
}

export interface CallOptions<T> {
  operation: string;
  method: "GET" | "POST";
  path: string;
  targetEnvironment: string;
  headers?: Record<string, string>;
  body?: object;
  paymentId?: string;
  interpret: (res: GatewayHttpResponse) => Interpreted<T>;
}

/** An authorised call; on a 401 the cached token is dropped and the call made once more with a new one. */
export function momoCall<T>(ctx: Ctx, opts: CallOptions<T>): Promise<T> {
  return session.authorized(ctx, (token, mayRetry) =>
    gatewayFetch<T | typeof RETRY_WITH_NEW_TOKEN>(ctx, {
      gateway: "mtn-momo",
      operation: opts.operation,
      method: opts.method,
      url: `${ctx.config.baseUrl}${opts.path}`,
      headers: {
        Authorization: `Bearer ${token}`,
        "Ocp-Apim-Subscription-Key": ctx.config.subscriptionKey,
        "X-Target-Environment": opts.targetEnvironment,
        Accept: "application/json",
        ...(opts.body !== undefined && { "Content-Type": "application/json" }),
        ...opts.headers,
      },
      ...(opts.body !== undefined && { body: JSON.stringify(opts.body) }),
      paymentId: opts.paymentId,
      timeoutMs: ctx.config.timeoutMs,
      redact: mtnSecrets(ctx.config, [token]),
      interpret: (res) => {
        if (res.status === 401) {
          if (mayRetry) return { value: RETRY_WITH_NEW_TOKEN, ok: false, resultCode: "401" };
          throw replyError(res, opts.operation);
        }
        return opts.interpret(res);
      },
    }),
  );
}
