/**
 * Airtel's Open API over HTTP: the client-credentials token (cached; `expires_in` arrives as a string) and
 * the authorised call every operation shares, with the `X-Country` / `X-Currency` headers Airtel checks
 * against the body (gateways.md §4 "Base URLs and auth", "Gotchas").
 */
import { GatewayError, type GatewayContext } from "../../types";
import { gatewayFetch, parseJsonBody, unavailable, type GatewayHttpResponse, type Interpreted } from "../http";
import { RETRY_WITH_NEW_TOKEN, tokenSession } from "../token-session";
import type { AirtelConfig } from "./config";
import { tokenResponseSchema } from "./transform";

type Ctx = GatewayContext<AirtelConfig>;

const secrets = (c: AirtelConfig, extra: Array<string | undefined> = []) => [c.clientId, c.clientSecret, ...extra];

/**
 * Per (host, client id). Airtel's tokens live 180 s: renew 30 s before, so a token never dies between our
 * check and its use.
 */
const session = tokenSession<AirtelConfig>({
  key: (c) => `${c.baseUrl}\u0000${c.clientId}`,
  marginMs: 30_000,
  request: requestToken,
});

export const accessToken = (ctx: Ctx): Promise<string> => session.token(ctx);

function requestToken(ctx: Ctx) {
  const { config } = ctx;
  return gatewayFetch(ctx, {
    gateway: "airtel",
    operation: "token",
    method: "POST",
    url: `${config.baseUrl}/auth/oauth2/token`,
    headers: { "Content-Type": "application/json", Accept: "*/*" },
    body: JSON.stringify({
      client_id: config.clientId,
      client_secret: config.clientSecret,
      grant_type: "client_credentials",
    }),
    timeoutMs: config.timeoutMs,
    redact: secrets(config),
    redactFields: ["access_token", "client_secret"],
    interpret: (res) => {
      if (res.status >= 500) throw unavailable("airtel", res.status);
      if (res.status === 400 || res.status === 401 || res.status === 403) {
        throw new GatewayError("airtel", "auth_failed", `token refused (HTTP ${res.status})`, {
          httpStatus: res.status,
        });
      }
      if (res.status >= 300)
        throw new GatewayError("airtel", "malformed_response", `token: HTTP ${res.status}`, { httpStatus: res.status });
      return { value: tokenResponseSchema.parse(parseJsonBody("airtel", res)) };
    },
  });
}

export interface AirtelCall<T> {
  operation: string;
  method: "GET" | "POST";
  path: string;
  /** ISO country and currency of the transaction: Airtel refuses headers that differ from the body. */
  country: string;
  currency: string;
  body?: object;
  paymentId?: string;
  interpret: (res: GatewayHttpResponse) => Interpreted<T>;
}

/**
 * A call with a Bearer token. A 401 drops the cached token and the call is made once more with a new one
 * (a token may be revoked before its 180 s); a second 401 is an auth failure, not a loop.
 */
export function airtelCall<T>(ctx: Ctx, call: AirtelCall<T>): Promise<T> {
  return session.authorized(ctx, (token, mayRetry) =>
    gatewayFetch<T | typeof RETRY_WITH_NEW_TOKEN>(ctx, {
      gateway: "airtel",
      operation: call.operation,
      method: call.method,
      url: `${ctx.config.baseUrl}${call.path}`,
      headers: {
        "Content-Type": "application/json",
        Accept: "*/*",
        "X-Country": call.country.toUpperCase(),
        "X-Currency": call.currency.toUpperCase(),
        Authorization: `Bearer ${token}`,
      },
      ...(call.body !== undefined && { body: JSON.stringify(call.body) }),
      paymentId: call.paymentId,
      timeoutMs: ctx.config.timeoutMs,
      redact: secrets(ctx.config, [token]),
      interpret: (res) => {
        if (res.status === 401) {
          if (mayRetry) return { value: RETRY_WITH_NEW_TOKEN, ok: false, resultCode: "HTTP 401" };
          throw new GatewayError("airtel", "auth_failed", `${call.operation}: access token refused twice`, {
            httpStatus: 401,
          });
        }
        if (res.status >= 500) throw unavailable("airtel", res.status);
        return call.interpret(res);
      },
    }),
  );
}
