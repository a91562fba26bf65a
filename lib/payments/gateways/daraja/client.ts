/**
 * Daraja over HTTP: OAuth token cache and the authorised POST every API shares (gateways.md §1 "Auth").
 * Knows transport and envelopes; what a reply means for a payment is decided by the caller's `interpret`.
 */
import { GatewayError, type GatewayContext } from "../../types";
import { gatewayFetch, parseJsonBody, unavailable, type GatewayHttpResponse, type Interpreted } from "../http";
import { safeJson } from "../json";
import { RETRY_WITH_NEW_TOKEN, tokenSession } from "../token-session";
import { INVALID_TOKEN_CODES } from "./codes";
import type { DarajaConfig } from "./config";
import { errorEnvelopeSchema, tokenResponseSchema } from "./transform";

type Ctx = GatewayContext<DarajaConfig>;

export { safeJson };

/**
 * Per (baseUrl, consumer key), renewed a minute before Safaricom's expiry. Safaricom says each new token may
 * invalidate the previous one, so concurrent callers share one in-flight request (the session's single flight)
 * instead of racing and revoking each other's tokens.
 */
const session = tokenSession<DarajaConfig>({
  key: (c) => `${c.baseUrl}\u0000${c.consumerKey}`,
  marginMs: 60_000,
  request: requestToken,
});

/** Secrets that must never reach the call log. */
export function darajaSecrets(c: DarajaConfig, extra: Array<string | undefined> = []): Array<string | undefined> {
  return [c.consumerKey, c.consumerSecret, c.passkey, c.securityCredential, c.callbackToken, ...extra];
}

export const accessToken = (ctx: Ctx): Promise<string> => session.token(ctx);

function requestToken(ctx: Ctx) {
  const { config } = ctx;
  const basic = Buffer.from(`${config.consumerKey}:${config.consumerSecret}`, "utf8").toString("base64");
  return gatewayFetch(ctx, {
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

/** The error code when a reply says our access token is invalid or expired (the cue for one retry). */
function invalidTokenCode(res: GatewayHttpResponse): string | undefined {
  if (res.status !== 404 && res.status !== 400 && res.status !== 401) return undefined;
  const envelope = errorEnvelopeSchema.safeParse(safeJson(res.text));
  return envelope.success && INVALID_TOKEN_CODES.has(envelope.data.errorCode) ? envelope.data.errorCode : undefined;
}

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
export function authorizedPost<T>(ctx: Ctx, opts: PostOptions<T>): Promise<T> {
  return session.authorized(ctx, (token, mayRetry) =>
    gatewayFetch<T | typeof RETRY_WITH_NEW_TOKEN>(ctx, {
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
          if (mayRetry) return { value: RETRY_WITH_NEW_TOKEN, ok: false, resultCode: invalid };
          throw envelopeError(res);
        }
        return opts.interpret(res);
      },
    }),
  );
}
