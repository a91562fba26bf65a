/**
 * The bearer-token session that OAuth-style gateways (Daraja, MTN MoMo, Airtel) share: one cached token per
 * configuration, renewed shortly before it expires, one token request in flight per configuration, and an
 * authorised call that drops a refused token and tries once more. What a token request looks like and which
 * reply means "token refused" stay with each gateway's client.
 */
import type { GatewayContext } from "../types";

export interface IssuedToken {
  access_token: string;
  /** Seconds from when the token was requested (the gateways' own `expires_in`). */
  expires_in: number;
}

export interface TokenSessionOptions<C> {
  /** Which configurations share a token (host plus credentials). */
  key: (config: C) => string;
  /** Renew this long before expiry, so a token never dies between our check and the gateway's. */
  marginMs: number;
  /** The gateway's token request; throws its own GatewayError when refused. */
  request: (ctx: GatewayContext<C>) => Promise<IssuedToken>;
}

/** What a call returns when the gateway refused the token and a fresh one should be tried. */
export const RETRY_WITH_NEW_TOKEN: unique symbol = Symbol("retry with a fresh token");

export interface TokenSession<C> {
  token: (ctx: GatewayContext<C>) => Promise<string>;
  /** Forget a refused token, unless another caller already replaced it. */
  drop: (config: C, token: string) => void;
  /**
   * Runs `send` with a token. `send` returns RETRY_WITH_NEW_TOKEN (only when `mayRetry`) to have the token
   * dropped and the call made once more with a new one; on the second refusal it throws its own auth error.
   */
  authorized: <T>(
    ctx: GatewayContext<C>,
    send: (token: string, mayRetry: boolean) => Promise<T | typeof RETRY_WITH_NEW_TOKEN>,
  ) => Promise<T>;
}

export function tokenSession<C>(opts: TokenSessionOptions<C>): TokenSession<C> {
  const tokens = new Map<string, { token: string; expiresAt: number }>();
  // Concurrent callers share one token request: some gateways (Daraja) revoke the previous token on each new one.
  const inflight = new Map<string, Promise<string>>();

  async function fetchToken(ctx: GatewayContext<C>, key: string): Promise<string> {
    const issuedAt = ctx.now().getTime();
    const issued = await opts.request(ctx);
    tokens.set(key, { token: issued.access_token, expiresAt: issuedAt + issued.expires_in * 1000 });
    return issued.access_token;
  }

  function token(ctx: GatewayContext<C>): Promise<string> {
    const key = opts.key(ctx.config);
    const cached = tokens.get(key);
    if (cached && cached.expiresAt - opts.marginMs > ctx.now().getTime()) return Promise.resolve(cached.token);
    const running = inflight.get(key);
    if (running) return running;
    const request = fetchToken(ctx, key).finally(() => inflight.delete(key));
    inflight.set(key, request);
    return request;
  }

  function drop(config: C, refused: string): void {
    const key = opts.key(config);
    if (tokens.get(key)?.token === refused) tokens.delete(key);
  }

  async function authorized<T>(
    ctx: GatewayContext<C>,
    send: (token: string, mayRetry: boolean) => Promise<T | typeof RETRY_WITH_NEW_TOKEN>,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const current = await token(ctx);
      const result = await send(current, attempt === 1);
      if (result !== RETRY_WITH_NEW_TOKEN) return result;
      // A client that asks again after its one retry would loop forever against a gateway that refuses.
      if (attempt > 1) throw new Error("token refused twice: the client must report an auth failure itself");
      drop(ctx.config, current);
    }
  }

  return { token, drop, authorized };
}
