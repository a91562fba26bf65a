/**
 * The one way adapters talk HTTP to a gateway: every call is timed, bounded by a timeout, written to the
 * gateway call log exactly once (with secrets masked) and turned into a GatewayError when the transport
 * or the reply is unusable. Adapters decide what a reply *means* through `interpret`, because the same
 * HTTP 500 is "pending" for one Daraja operation and "unavailable" for another.
 */
import { GatewayError, type GatewayCallRecord, type GatewayContext, type GatewayId } from "../types";

export const DEFAULT_TIMEOUT_MS = 15_000;
/** The call log is for people reading incidents, not an archive: long replies are cut. */
const MAX_RECORDED_CHARS = 8_000;
const MASK = "[redacted]";

export interface GatewayHttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** What `interpret` makes of a reply: the value for the adapter plus what the call log should say. */
export interface Interpreted<T> {
  value: T;
  /** The gateway's own result code ("0", "000", "500.001.1001"), for the call log and health figures. */
  resultCode?: string;
  /** Whether the call did what was asked; defaults to true. A business refusal is still a working call. */
  ok?: boolean;
}

export interface GatewayFetchOptions<T> {
  gateway: GatewayId;
  operation: string;
  method: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: string;
  paymentId?: string;
  timeoutMs?: number;
  /** Secret values (keys, passwords, tokens, derived passwords) masked wherever they appear in the record. */
  redact?: ReadonlyArray<string | undefined>;
  /** JSON keys or XML tags whose values are masked even when the value is not known up front (access_token). */
  redactFields?: readonly string[];
  /**
   * Reads the reply. Throwing a GatewayError fails the call with that error; throwing anything else (a zod
   * or JSON error) means the reply was not what the protocol promises and becomes `malformed_response`.
   * Without it, any 5xx is `unavailable` and other replies are returned as they are.
   */
  interpret?: (res: GatewayHttpResponse) => Interpreted<T>;
}

export async function gatewayFetch<T>(
  ctx: GatewayContext<unknown>,
  opts: GatewayFetchOptions<T> & { interpret: (res: GatewayHttpResponse) => Interpreted<T> },
): Promise<T>;
export async function gatewayFetch(
  ctx: GatewayContext<unknown>,
  opts: Omit<GatewayFetchOptions<GatewayHttpResponse>, "interpret">,
): Promise<GatewayHttpResponse>;
export async function gatewayFetch<T>(ctx: GatewayContext<unknown>, opts: GatewayFetchOptions<T>): Promise<T> {
  const interpret = opts.interpret ?? (defaultInterpret(opts.gateway) as (res: GatewayHttpResponse) => Interpreted<T>);
  const mask = masker(opts.redact ?? [], opts.redactFields ?? []);
  const started = performance.now();
  const record: Omit<GatewayCallRecord, "ok" | "durationMs"> = {
    gateway: opts.gateway,
    operation: opts.operation,
    method: opts.method,
    url: mask(opts.url),
    ...(opts.paymentId !== undefined && { paymentId: opts.paymentId }),
    ...(opts.body !== undefined && { request: clip(mask(opts.body)) }),
  };
  const finish = (extra: Partial<GatewayCallRecord> & { ok: boolean }) => {
    const durationMs = Math.round(performance.now() - started);
    try {
      ctx.recordCall({ ...record, ...extra, durationMs });
    } catch {
      // The call log must never change what happened to a payment: a failing logger loses a line, not money.
    }
  };

  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let res: GatewayHttpResponse;
  try {
    const reply = await fetchFollowingSameOrigin(ctx.fetch, opts, controller.signal);
    // The body is read under the same timer: a server that sends headers and then stalls is still a timeout.
    res = { status: reply.status, headers: reply.headers, text: await reply.text() };
  } catch (err) {
    const timedOut = controller.signal.aborted;
    const error = timedOut
      ? new GatewayError(opts.gateway, "timeout", `${opts.operation}: no reply within ${timeoutMs} ms`, {
          retryable: true,
          operation: opts.operation,
        })
      : new GatewayError(opts.gateway, "unavailable", `${opts.operation}: ${describe(err)}`, {
          retryable: true,
          operation: opts.operation,
        });
    finish({ ok: false, error: mask(error.message) });
    throw error;
  } finally {
    clearTimeout(timer);
  }

  const response = clip(mask(res.text));
  try {
    const out = interpret(res);
    finish({
      ok: out.ok ?? true,
      httpStatus: res.status,
      response,
      ...(out.resultCode !== undefined && { resultCode: out.resultCode }),
    });
    return out.value;
  } catch (err) {
    const error =
      err instanceof GatewayError
        ? err
        : new GatewayError(
            opts.gateway,
            "malformed_response",
            `${opts.operation}: unexpected reply (${describe(err)})`,
            {
              httpStatus: res.status,
            },
          );
    // An adapter's own verdict on the reply, too, says which call it was about.
    error.details.operation ??= opts.operation;
    finish({
      ok: false,
      httpStatus: res.status,
      response,
      error: mask(error.message),
      ...(error.details.gatewayCode !== undefined && { resultCode: error.details.gatewayCode }),
    });
    throw error;
  }
}

const MAX_REDIRECTS = 2;

/**
 * Follows 307/308 only within the same origin (e.g. a framework's trailing-slash redirect in front of a
 * simulator), keeping method and body. A redirect elsewhere is not followed: it would re-send credentials
 * (the Authorization header, DPO's CompanyToken in the body) to a host we never configured. The unfollowed
 * 3xx is handed to `interpret`, which reports it as an unexpected reply.
 */
async function fetchFollowingSameOrigin(
  doFetch: typeof fetch,
  opts: Pick<GatewayFetchOptions<unknown>, "url" | "method" | "headers" | "body">,
  signal: AbortSignal,
): Promise<Response> {
  let url = opts.url;
  for (let hop = 0; ; hop++) {
    const reply = await doFetch(url, {
      method: opts.method,
      // A gateway's reply is a few hundred bytes: compressing it costs both ends more than it saves.
      headers: { "Accept-Encoding": "identity", ...opts.headers },
      body: opts.body,
      signal,
      redirect: "manual",
    });
    const location = reply.headers.get("location");
    if ((reply.status !== 307 && reply.status !== 308) || !location || hop >= MAX_REDIRECTS) return reply;
    const next = new URL(location, url);
    if (next.origin !== new URL(url).origin) return reply;
    await reply.body?.cancel();
    url = next.toString();
  }
}

function defaultInterpret(gateway: GatewayId) {
  return (res: GatewayHttpResponse): Interpreted<GatewayHttpResponse> => {
    if (res.status >= 500) throw unavailable(gateway, res.status);
    return { value: res, ok: res.status < 400 };
  };
}

/** A 5xx the adapter has no specific meaning for. */
export function unavailable(gateway: GatewayId, httpStatus: number, gatewayCode?: string): GatewayError {
  return new GatewayError(gateway, "unavailable", `HTTP ${httpStatus}${gatewayCode ? ` (${gatewayCode})` : ""}`, {
    httpStatus,
    retryable: true,
    ...(gatewayCode !== undefined && { gatewayCode }),
  });
}

/** JSON.parse that reports a non-JSON body as the gateway's fault rather than crashing with a SyntaxError. */
export function parseJsonBody(gateway: GatewayId, res: GatewayHttpResponse): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    if (res.status >= 500) throw unavailable(gateway, res.status);
    throw new GatewayError(gateway, "malformed_response", `HTTP ${res.status}: reply is not JSON`, {
      httpStatus: res.status,
    });
  }
}

function masker(values: ReadonlyArray<string | undefined>, fields: readonly string[]) {
  // Also mask the URL-encoded form: secrets travel in query strings and form bodies too.
  const secrets = [...new Set(values.flatMap((v) => (v ? [v, encodeURIComponent(v)] : [])))].sort(
    (a, b) => b.length - a.length,
  );
  return (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join(MASK);
    for (const field of fields) {
      const name = escapeRegExp(field);
      out = out
        .replace(new RegExp(`("${name}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|[^,}\\s]+)`, "g"), `$1"${MASK}"`)
        .replace(new RegExp(`(<${name}>)[\\s\\S]*?(</${name}>)`, "g"), `$1${MASK}$2`);
    }
    return out;
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function clip(text: string): string {
  return text.length > MAX_RECORDED_CHARS ? `${text.slice(0, MAX_RECORDED_CHARS)}… [${text.length} chars]` : text;
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}
