import "server-only";
import { getServerSession, type Session } from "next-auth";
import { getToken } from "next-auth/jwt";
import { authOptions, secureCookies } from "./options";
import { authSecret } from "./secret";
import type { Role } from "./roles";
import type { SessionRef } from "./session-version";

/**
 * Who a request is from, as its session cookie claims. The guard re-checks it in the database: the role,
 * and that the session has not been ended since (lib/auth/session-version.ts).
 */
export interface SessionClaim extends SessionRef {
  role: Role;
}

/**
 * Reads the session of a route handler's Request. next-auth's getToken only understands Next's request
 * objects, so the cookie header is handed to it as a plain map (chunked cookies included).
 */
export async function sessionFromRequest(
  req: Request,
  env: Record<string, string | undefined> = process.env,
): Promise<SessionClaim | null> {
  const cookies = parseCookies(req.headers.get("cookie"));
  const token = await getToken({
    req: { headers: Object.fromEntries(req.headers), cookies } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: authSecret(env),
    secureCookie: secureCookies(env),
  });
  return token?.id && token.role
    ? { id: token.id, role: token.role, sessionVersion: token.sessionVersion, sessionId: token.sessionId }
    : null;
}

/**
 * The signed-in user in a server component or page, or null: also null for a session that has been
 * ended (the jwt callback in options.ts checks it against the database on every read).
 */
export function currentSession(): Promise<Session | null> {
  return getServerSession(authOptions());
}

function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}
