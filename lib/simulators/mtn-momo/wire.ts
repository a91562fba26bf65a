/**
 * MTN MoMo's wire conventions (gateways.md §3): the subscription key on every call, Basic credentials for
 * the token, Bearer for the rest, `{code, message}` error bodies and the callback-host rule.
 */
import { randomDigits } from "../ids";
import { json } from "../http";
import { mtnState, type ApiUser } from "./state";

export const TOKEN_TTL_SECONDS = 3600;

export const mtnError = (status: number, code: string, message: string) => json({ code, message }, status);
export const notFound = () => mtnError(404, "RESOURCE_NOT_FOUND", "Requested resource was not found.");
export const alreadyExists = () =>
  mtnError(409, "RESOURCE_ALREADY_EXIST", "Duplicated reference id. Creation of resource failed.");
export const badRequest = (message: string) => mtnError(400, "INVALID_PARAMETER", message);
export const serviceUnavailable = () =>
  mtnError(500, "INTERNAL_PROCESSING_ERROR", "An internal error occurred while processing.");

export function empty(status: number): Response {
  return new Response(null, { status, headers: { "cache-control": "no-store" } });
}

/** The API-management layer's own answer (its `{statusCode, message}` shape, not MTN's). */
export function missingSubscriptionKey(req: Request): Response | null {
  if (req.headers.get("ocp-apim-subscription-key")?.trim()) return null;
  return json(
    {
      statusCode: 401,
      message:
        "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.",
    },
    401,
  );
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuidV4 = (value: string | null): value is string => value !== null && UUID_V4.test(value.trim());

export function basicUser(req: Request): ApiUser | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return null;
  const user = mtnState().apiUsers.get(decoded.slice(0, colon).toLowerCase());
  return user && user.apiKeys.includes(decoded.slice(colon + 1)) ? user : null;
}

export function bearerUser(req: Request): ApiUser | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  if (!match) return null;
  const state = mtnState();
  const token = state.tokens.get(match[1]);
  if (!token || token.expiresAt <= Date.now()) return null;
  return state.apiUsers.get(token.apiUser) ?? null;
}

export const invalidToken = () => json({ statusCode: 401, message: "Access denied due to invalid access token." }, 401);

/** A JWT-looking token: three base64url parts, as MTN's are. */
export function newAccessToken(apiUser: string): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ typ: "JWT", alg: "RS256" })}.${b64({ clientId: apiUser, sessionId: randomDigits(12), iat: now, exp: now + TOKEN_TTL_SECONDS })}.${Buffer.from(randomDigits(32)).toString("base64url")}`;
}

export const newFinancialTransactionId = () => `${1 + (Number(randomDigits(1)) % 9)}${randomDigits(9)}`;

export function readJsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** MTN calls back only to the API user's providerCallbackHost (loopback names count as one host here). */
export function callbackHostAllowed(user: ApiUser, url: URL): boolean {
  if (!user.providerCallbackHost) return true;
  const host = user.providerCallbackHost.toLowerCase();
  const target = url.hostname.toLowerCase();
  return host === target || (LOOPBACK.has(host) && LOOPBACK.has(target));
}
