/**
 * The browser's one way to call Lango's JSON API. Success is the parsed body; anything else is an `ApiError`
 * carrying the API's `{ error: { code, message, fields? } }` envelope, or one made up here for what never
 * reached the API (offline, a proxy's HTML error page), so a form has one thing to show whatever went wrong.
 * Client-safe: no server imports, and no zod (the answers are our own API's, typed where they are defined).
 */

/** The API's error envelope (lib/http/api.ts `errorResponse`), extra details (`ticketTypeId`, `paymentId`…) included. */
export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string>;
  [detail: string]: unknown;
}

/** The request never got an answer (offline, DNS, connection reset): status 0. */
export const NETWORK_ERROR = "network_error";
/** An answer that is not our API's JSON (a proxy's or a host's error page): nothing in it to show. */
export const BAD_RESPONSE = "bad_response";

const OFFLINE_MESSAGE = "We could not reach Lango. Check your connection and try again.";
const SERVER_MESSAGE = "Something went wrong on our side. Please try again.";

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Per-field messages, keyed by the request's field path (`buyer.email`, `items.0.quantity`). */
  readonly fields: Record<string, string>;
  readonly body: ApiErrorBody;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code;
    this.fields = body.fields ?? {};
    this.body = body;
  }

  /** The caller's mistake (4xx): asking again unchanged gets the same answer, so it is shown, never retried. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }

  /** Nothing came back: the message is about the connection, and the request may be tried again. */
  get isNetworkError(): boolean {
    return this.code === NETWORK_ERROR;
  }

  /** A string detail of the envelope (e.g. `paymentId` on `payment_in_progress`), if the server sent one. */
  detail(name: string): string | undefined {
    const value = this.body[name];
    return typeof value === "string" ? value : undefined;
  }
}

export interface ApiRequest {
  method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
  /** `Authorization: Bearer …`: an order's access token, for pages reached from the e-mailed link. */
  token?: string;
  signal?: AbortSignal;
  /** Sees every answer before it is parsed (the payment screens read the server's clock from it). */
  onResponse?: (res: Response) => void;
}

export async function apiFetch<T>(url: string, req: ApiRequest = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (req.body !== undefined) headers["Content-Type"] = "application/json";
  if (req.token) headers.Authorization = `Bearer ${req.token}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: req.method ?? (req.body === undefined ? "GET" : "POST"),
      headers,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      cache: "no-store",
      signal: req.signal,
    });
  } catch (err) {
    // A cancelled query is not a failure to report: TanStack Query expects the abort itself.
    if (req.signal?.aborted) throw err;
    throw new ApiError(0, { code: NETWORK_ERROR, message: OFFLINE_MESSAGE });
  }
  req.onResponse?.(res);
  const text = await res.text().catch(() => null);
  const json = parseJson(text);
  if (res.ok) {
    if (res.status === 204 || text === "") return undefined as T;
    if (json === undefined) throw new ApiError(res.status, { code: BAD_RESPONSE, message: SERVER_MESSAGE });
    return json as T;
  }
  throw new ApiError(res.status, envelope(json) ?? { code: BAD_RESPONSE, message: SERVER_MESSAGE });
}

function parseJson(text: string | null): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The envelope if the body is one; a 500's message is already written for the buyer ("…on our side"). */
function envelope(json: unknown): ApiErrorBody | null {
  if (!json || typeof json !== "object" || !("error" in json)) return null;
  const error = (json as { error: unknown }).error;
  if (!error || typeof error !== "object") return null;
  const { code, message, fields } = error as Record<string, unknown>;
  if (typeof code !== "string" || typeof message !== "string") return null;
  const cleanFields =
    fields && typeof fields === "object"
      ? Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === "string"))
      : undefined;
  return { ...(error as Record<string, unknown>), code, message, ...(cleanFields && { fields: cleanFields }) };
}

/**
 * TanStack Query's retry rule for reads: a 4xx is an answer (retrying a 404 or a 429 only repeats or worsens
 * it); a network failure or a 5xx may pass, so it is tried twice more.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.isClientError) return false;
  return failureCount < 2;
}
