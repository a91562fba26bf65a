import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as auth } from "@/app/api/auth/[...nextauth]/route";
import { config, proxy } from "@/proxy";
import { withCheckedAuthBody } from "./auth-body";

const page = (path = "/", init: ConstructorParameters<typeof NextRequest>[1] = {}) =>
  new NextRequest(`http://lango.test${path}`, init);

afterEach(() => vi.unstubAllEnvs());

describe("pentest 12.8: HSTS is sent at run time when the app is served over https", () => {
  it("a production server with an https APP_URL sends Strict-Transport-Security on pages", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("APP_URL", "https://tickets.example.com");
    const response = await proxy(page("/events/nairobi/checkout"));
    expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    // The page still gets its CSP, now with the https-only directive.
    expect(response.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("never on plain http, nor outside production", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("APP_URL", "http://192.168.1.20:3000");
    expect((await proxy(page("/tickets"))).headers.get("strict-transport-security")).toBeNull();
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("APP_URL", "https://tickets.example.com");
    expect((await proxy(page())).headers.get("strict-transport-security")).toBeNull();
  });
});

describe("pentest 12.12: a cross-origin server-action call gets a 403, not Next's 500", () => {
  const action = (headers: Record<string, string>, body: BodyInit = "[]") =>
    page("/admin/users", {
      method: "POST",
      headers: { host: "lango.test", "next-action": "7f3a9c", "content-type": "text/plain;charset=UTF-8", ...headers },
      body,
    });

  it("refuses an Origin that is not this host, a 'null' Origin and a garbled one", async () => {
    for (const origin of ["https://evil.example", "null", "not a url"]) {
      const response = await proxy(action({ origin }));
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        error: { code: "forbidden", message: expect.stringMatching(/another site/) },
      });
    }
    // The no-JavaScript form path (multipart, no header) is an action too.
    const form = new FormData();
    form.set("$ACTION_ID_7f3a9c", "");
    const mpa = await proxy(
      page("/admin/users", {
        method: "POST",
        headers: { host: "lango.test", origin: "https://evil.example" },
        body: form,
      }),
    );
    expect(mpa.status).toBe(403);
  });

  it("lets a same-origin call through, also behind a proxy that sets X-Forwarded-Host, and one without an Origin", async () => {
    expect((await proxy(action({ origin: "http://lango.test" }))).status).toBe(200);
    expect(
      (await proxy(action({ origin: "https://tickets.example.com", "x-forwarded-host": "tickets.example.com" })))
        .status,
    ).toBe(200);
    expect((await proxy(action({}))).status).toBe(200);
  });

  it("the matcher sends every server-action call through the proxy", () => {
    expect(config.matcher).toContainEqual({ source: "/:path*", has: [{ type: "header", key: "next-action" }] });
  });
});

describe("pentest 12.12: /api/auth with a malformed JSON body answers 400, not 500", () => {
  const ctx = { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) };
  const post = (body: string, contentType = "application/json") =>
    auth(
      new NextRequest("http://lango.test/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": contentType },
        body,
      }),
      ctx,
    );

  it.each(["{", "", '{"email":"\\ud800"}'])("body %j", async (body) => {
    const response = await post(body);
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ code: "invalid_json", message: expect.any(String) });
  });

  it("an oversized sign-in body is refused unread", async () => {
    const response = await post(`email=a%40b.c&password=${"x".repeat(70_000)}`, "application/x-www-form-urlencoded");
    expect(response.status).toBe(413);
  });
});

describe("withCheckedAuthBody", () => {
  it("hands a readable body to next-auth with the same text, and leaves GETs alone", async () => {
    const echo = withCheckedAuthBody(async (req: NextRequest) => new Response(`${req.method} ${await req.text()}`));
    const form = "csrfToken=abc&email=a%40b.c&password=secret";
    const posted = await echo(
      new NextRequest("http://lango.test/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form,
      }),
      {},
    );
    expect(await posted.text()).toBe(`POST ${form}`);
    const json = await echo(
      new NextRequest("http://lango.test/api/auth/signout", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"json":"true"}',
      }),
      {},
    );
    expect(await json.text()).toBe('POST {"json":"true"}');
    expect(await (await echo(new NextRequest("http://lango.test/api/auth/session"), {})).text()).toBe("GET ");
  });
});
