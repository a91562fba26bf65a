import NextAuth from "next-auth";
import type { Locale } from "../i18n/config";
import { authOptions } from "./options";

export const APP = "http://localhost:3000";

export interface AuthResponse {
  status: number;
  location?: string;
  json?: { url?: string; csrfToken?: string; user?: { id?: string; email?: string; role?: string } };
  /** The cookies the response sets (a cleared one has the value ""). */
  cookies: Record<string, string>;
}

/**
 * Test helper: drives next-auth's own request handler with Lango's options, as the /api/auth route does
 * (through next-auth's API-handler entry, which needs no Next request scope).
 */
export async function auth(
  path: string,
  opts: {
    method?: "GET" | "POST";
    body?: Record<string, string>;
    cookies?: Record<string, string>;
    ip?: string;
    /** The language the route handler chose for the request (lang cookie, Accept-Language). */
    lang?: Locale;
  } = {},
): Promise<AuthResponse> {
  const url = new URL(`/api/auth/${path}`, APP);
  const headers: Record<string, string | string[]> = {};
  let status = 200;
  let json: AuthResponse["json"];
  const res = {
    status(n: number) {
      status = n;
      return res;
    },
    setHeader(k: string, v: string | string[]) {
      headers[k.toLowerCase()] = v;
      return res;
    },
    getHeader: (k: string) => headers[k.toLowerCase()],
    json(body: AuthResponse["json"]) {
      json = body;
    },
    send(body: unknown) {
      json = (typeof body === "string" ? JSON.parse(body) : body) as AuthResponse["json"];
    },
    end() {},
  };
  const req = {
    method: opts.method ?? "GET",
    query: { nextauth: url.pathname.split("/").slice(3), ...Object.fromEntries(url.searchParams) },
    body: opts.body,
    cookies: opts.cookies ?? {},
    headers: { host: "localhost:3000", "content-type": "application/x-www-form-urlencoded" },
  };
  await (NextAuth as unknown as (req: unknown, res: unknown, o: unknown) => Promise<void>)(
    req,
    res,
    authOptions({ PAYMENTS_MODE: "simulator" }, { ip: opts.ip ?? "203.0.113.9", lang: opts.lang }),
  );
  const cookies: Record<string, string> = {};
  for (const c of [headers["set-cookie"] ?? []].flat()) {
    const [pair] = c.split(";");
    const eq = pair.indexOf("=");
    cookies[pair.slice(0, eq)] = decodeURIComponent(pair.slice(eq + 1));
  }
  return { status, location: headers.location as string | undefined, json, cookies };
}

/** A Cookie header carrying these cookies, as a browser sends it. */
export const cookieHeader = (cookies: Record<string, string>) =>
  Object.entries(cookies)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("; ");

/** What a browser does on /signin: fetch a CSRF token, then post e-mail and password. Returns its cookies after. */
export async function signInWithPassword(
  email: string,
  password: string,
  ip?: string,
): Promise<Record<string, string>> {
  const csrf = await auth("csrf", { ip });
  const res = await auth("callback/credentials", {
    method: "POST",
    body: { csrfToken: csrf.json!.csrfToken!, email, password, json: "true" },
    cookies: csrf.cookies,
    ip,
  });
  return { ...csrf.cookies, ...res.cookies };
}

/** What the sign-out button does: post to /api/auth/signout with the CSRF token. Returns the cookies it sets. */
export async function signOut(cookies: Record<string, string>): Promise<Record<string, string>> {
  const csrf = await auth("csrf", { cookies });
  const all = { ...cookies, ...csrf.cookies };
  return (
    await auth("signout", { method: "POST", body: { csrfToken: csrf.json!.csrfToken!, json: "true" }, cookies: all })
  ).cookies;
}
