/**
 * Airtel's Open API over HTTP: the client-credentials token (cached; `expires_in` arrives as a string) and
 * the authorised call every operation shares, with the `X-Country` / `X-Currency` headers Airtel checks
 * against the body (gateways.md §4 "Base URLs and auth", "Gotchas").
 */
import { GatewayError, type GatewayContext } from "../../types";
import { gatewayFetch, parseJsonBody, unavailable, type GatewayHttpResponse, type Interpreted } from "../http";
import type { AirtelConfig } from "./config";
import { tokenResponseSchema } from "./transform";

type Ctx = GatewayContext<AirtelConfig>;

/** Airtel's tokens live 180 s: refresh well before, so a token never dies between our check and its use. */
const EXPIRY_MARGIN_MS = 30_000;

interface CachedToken {
  token: string;
  expiresAt: number;
}

/** Per (host, client id); concurrent callers share one token request instead of each fetching one. */
const tokens = new Map<string, CachedToken>();
const inflight = new Map<string, Promise<string>>();
const cacheKey = (c: AirtelConfig) => `${c.baseUrl}\u0000${c.clientId}`;

const secrets = (c: AirtelConfig, extra: Array<string | undefined> = []) => [c.clientId, c.clientSecret, ...extra];

export async function accessToken(ctx: Ctx): Promise<string> {
  const key = cacheKey(ctx.config);
  const cached = tokens.get(key);
  if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > ctx.now().getTime()) return cached.token;
  const running = inflight.get(key);
  if (running) return running;
  const request = fetchToken(ctx).finally(() => inflight.delete(key));
  inflight.set(key, request);
  return request;
}

function dropToken(config: AirtelConfig, token: string): void {
  const key = cacheKey(config);
  if (tokens.get(key)?.token === token) tokens.delete(key);
}

async function fetchToken(ctx: Ctx): Promise<string> {
  const { config } = ctx;
  const issuedAt = ctx.now().getTime();
  const parsed = await gatewayFetch(ctx, {
    gateway: "airtel",
    operation: "token",
    method: "POST",
    url: `${config.baseUrl}/auth/oauth2/token`,
    headers: { "Content-Type": "application/json", Accept: "*/*" },
    body: JSON.stringify({ client_id: config.clientId, client_secret: config.clientSecret, grant_type: "client_credentials" }),
    timeoutMs: config.timeoutMs,
    redact: secrets(config),
    redactFields: ["access_token", "client_secret"],
    interpret: (res) => {
      if (res.status >= 500) throw unavailable("airtel", res.status);
      if (res.status === 400 || res.status === 401 || res.status === 403) {
        throw new GatewayError("airtel", "auth_failed", `token refused (HTTP ${res.status})`, { httpStatus: res.status });
      }
      if (res.status >= 300) throw new GatewayError("airtel", "malformed_response", `token: HTTP ${res.status}`, { httpStatus: res.status });
      return { value: tokenResponseSchema.parse(parseJsonBody("airtel", res)) };
    },
  });
  tokens.set(cacheKey(config), { token: parsed.access_token, expiresAt: issuedAt + parsed.expires_in * 1000 });
  return parsed.access_token;
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

const RETRY = Symbol("retry with a fresh token");

/**
 * A call with a Bearer token. A 401 drops the cached token and the call is made once more with a new one
 * (a token may be revoked before its 180 s); a second 401 is an auth failure, not a loop.
 */
export async function airtelCall<T>(ctx: Ctx, call: AirtelCall<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const token = await accessToken(ctx);
    const result = await gatewayFetch<T | typeof RETRY>(ctx, {
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
          if (attempt === 1) return { value: RETRY, ok: false, resultCode: "HTTP 401" };
          throw new GatewayError("airtel", "auth_failed", `${call.operation}: access token refused twice`, { httpStatus: 401 });
        }
        if (res.status >= 500) throw unavailable("airtel", res.status);
        return call.interpret(res);
      },
    });
    if (result !== RETRY) return result;
    dropToken(ctx.config, token);
  }
}
