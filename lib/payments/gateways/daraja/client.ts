/**
 * Daraja over HTTP: OAuth token cache and the authorised POST every API shares (gateways.md §1 "Auth").
 * Knows transport and envelopes; what a reply means for a payment is decided by the caller's `interpret`.
 */
import { GatewayError, type GatewayContext } from "../../types";
import { gatewayFetch, parseJsonBody, unavailable, type GatewayHttpResponse, type Interpreted } from "../http";
import { INVALID_TOKEN_CODES } from "./codes";
import type { DarajaConfig } from "./config";
import { errorEnvelopeSchema, tokenResponseSchema } from "./transform";

type Ctx = GatewayContext<DarajaConfig>;

/** Refresh this long before Safaricom's expiry, so a token never dies between our check and its use. */
const EXPIRY_MARGIN_MS = 60_000;

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * Per (baseUrl, consumer key). Safaricom says each new token may invalidate the previous one, so concurrent
 * callers share one in-flight request instead of racing and revoking each other's tokens.
 */
const tokens = new Map<string, CachedToken>();
const inflight = new Map<string, Promise<string>>();

const cacheKey = (c: DarajaConfig) => `${c.baseUrl}\u0000${c.consumerKey}`;

/** Secrets that must never reach the call log. */
export function darajaSecrets(c: DarajaConfig, extra: Array<string | undefined> = []): Array<string | undefined> {
  return [c.consumerKey, c.consumerSecret, c.passkey, c.securityCredential, c.callbackToken, ...extra];
}

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

/** Forget a token Safaricom called invalid, unless another caller already replaced it. */
export function dropToken(config: DarajaConfig, token: string): void {
  const key = cacheKey(config);
  if (tokens.get(key)?.token === token) tokens.delete(key);
}

async function fetchToken(ctx: Ctx): Promise<string> {
  const { config } = ctx;
  const basic = Buffer.from(`${config.consumerKey}:${config.consumerSecret}`, "utf8").toString("base64");
  const issuedAt = ctx.now().getTime();
  const parsed = await gatewayFetch(ctx, {
    gateway: "daraja",
    operation: "oauth",
    method: "GET",
    url: `${config.baseUrl}/oauth/v1/generate?grant_type=client_credentials`,
    headers: { Authorization: `Basic ${basic}`, Accept: "application/json" },
    timeoutMs: config.timeoutMs,
    redact: darajaSecrets(ctx.config, [basic]),
    redactFields: ["access_token"],
    interpret: (res) => {
      if (res.status >= 400) throw envelopeError(res);
      return { value: tokenResponseSchema.parse(parseJsonBody("daraja", res)) };
    },
  });
  tokens.set(cacheKey(config), { token: parsed.access_token, expiresAt: issuedAt + parsed.expires_in * 1000 });
  return parsed.access_token;
}

/** Turns a non-2xx reply into the right GatewayError; used where no more specific meaning applies. */
export function envelopeError(res: GatewayHttpResponse): GatewayError {
  const envelope = errorEnvelopeSchema.safeParse(safeJson(res.text));
  if (!envelope.success) {
    if (res.status >= 500) return unavailable("daraja", res.status);
    return new GatewayError("daraja", "malformed_response", `HTTP ${res.status} without an error envelope`, {
      httpStatus: res.status,
    });
  }
  const { errorCode, errorMessage } = envelope.data;
  const details = { gatewayCode: errorCode, httpStatus: res.status };
  if (INVALID_TOKEN_CODES.has(errorCode) || errorCode.startsWith("400.008") || res.status === 401) {
    return new GatewayError("daraja", "auth_failed", `${errorCode}: ${errorMessage}`, details);
  }
  if (errorCode.startsWith("500.003.0")) {
    return new GatewayError("daraja", "rate_limited", `${errorCode}: ${errorMessage}`, { ...details, retryable: true });
  }
  if (res.status >= 500) return unavailable("daraja", res.status, errorCode);
  return new GatewayError("daraja", "rejected", `${errorCode}: ${errorMessage}`, details);
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The error code when a reply says our access token is invalid or expired (the cue for one retry). */
function invalidTokenCode(res: GatewayHttpResponse): string | undefined {
  if (res.status !== 404 && res.status !== 400 && res.status !== 401) return undefined;
  const envelope = errorEnvelopeSchema.safeParse(safeJson(res.text));
  return envelope.success && INVALID_TOKEN_CODES.has(envelope.data.errorCode) ? envelope.data.errorCode : undefined;
}

const RETRY = Symbol("retry with a fresh token");

export interface PostOptions<T> {
  operation: string;
  path: string;
  body: object;
  paymentId?: string;
  /** Per-call secrets beyond the config's (e.g. the STK Password derived from the passkey). */
  redact?: Array<string | undefined>;
  interpret: (res: GatewayHttpResponse) => Interpreted<T>;
}

/**
 * POST with a Bearer token. On `404.001.03` / `400.003.01` the cached token is dropped and the call is made
 * once more with a new one; a second refusal is an auth failure, not a loop.
 */
export async function authorizedPost<T>(ctx: Ctx, opts: PostOptions<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const token = await accessToken(ctx);
    const result = await gatewayFetch<T | typeof RETRY>(ctx, {
      gateway: "daraja",
      operation: opts.operation,
      method: "POST",
      url: `${ctx.config.baseUrl}${opts.path}`,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(opts.body),
      paymentId: opts.paymentId,
      timeoutMs: ctx.config.timeoutMs,
      redact: darajaSecrets(ctx.config, [token, ...(opts.redact ?? [])]),
      interpret: (res) => {
        const invalid = invalidTokenCode(res);
        if (invalid) {
          if (attempt === 1) return { value: RETRY, ok: false, resultCode: invalid };
          throw envelopeError(res);
        }
        return opts.interpret(res);
      },
    });
    if (result !== RETRY) return result;
    dropToken(ctx.config, token);
  }
}
