import { createHash } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";
import { cachedPage, FRESH_MS, inlineScriptHashes, invalidatePages, STALE_MS, type RenderedPage } from "./page-cache";
import { RENDER_HEADER, renderThroughApp, renderToken, sharedPageResponse } from "./shared-pages";

const sha = (text: string) => `sha256-${createHash("sha256").update(text).digest("base64")}`;
const PAGE = `<!DOCTYPE html><html><head><script src="/_next/static/chunks/a.js" async=""></script></head><body>
<h1>Nairobi Tech Summit</h1><script>(self.__next_f=self.__next_f||[]).push([0])</script><script>self.__next_f.push([1,"KES 15,000"])</script></body></html>`;

function renderer(html = PAGE, status = 200) {
  const calls: string[] = [];
  const render = async (path: string): Promise<RenderedPage> => {
    calls.push(path);
    await new Promise((r) => setTimeout(r, 20));
    return {
      status,
      html: html.replace("KES 15,000", `KES 15,000 #${calls.length}`),
      headers: [["content-type", "text/html"]],
    };
  };
  return { calls, render };
}

afterEach(() => {
  invalidatePages();
  vi.unstubAllEnvs();
});

describe("issue 14: the event page is served from one cached copy with a hash-based CSP", () => {
  it("hashes exactly the inline scripts, not the script files", () => {
    expect(inlineScriptHashes(PAGE).sort()).toEqual(
      [sha("(self.__next_f=self.__next_f||[]).push([0])"), sha('self.__next_f.push([1,"KES 15,000"])')].sort(),
    );
  });

  it("a rush of first views renders the page once and every buyer gets the same copy and policy", async () => {
    const { calls, render } = renderer();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => sharedPageResponse("/events/nairobi", true, render)),
    );
    expect(calls).toEqual(["/events/nairobi"]);
    const bodies = new Set(await Promise.all(responses.map((r) => r.text())));
    expect(bodies.size).toBe(1);
    const [body] = bodies;
    const csp = responses[0].headers.get("content-security-policy") ?? "";
    // Every inline script of the served copy is allowed by its hash, and nothing inline is allowed otherwise.
    for (const hash of inlineScriptHashes(body)) expect(csp).toContain(`'${hash}'`);
    expect(csp).toMatch(/script-src 'self' 'sha256-/);
    expect(csp).not.toContain("nonce-");
    expect(csp.split("; ").find((d) => d.startsWith("script-src"))).not.toContain("unsafe-inline");
    expect(csp).toContain("upgrade-insecure-requests");
    expect(responses[0].headers.get("cache-control")).toBe("public, max-age=0, s-maxage=1, stale-while-revalidate=1");
  });

  it("an admin edit (invalidatePages) makes the very next view render again; a render it overtook is not kept", async () => {
    const { calls, render } = renderer();
    const before = cachedPage("/events/nairobi", () => render("/events/nairobi"));
    invalidatePages();
    const after = await cachedPage("/events/nairobi", () => render("/events/nairobi"));
    expect(after.status).toBe("miss");
    await before;
    expect(calls).toHaveLength(2);
    // The copy kept is the one rendered after the edit.
    expect((await cachedPage("/events/nairobi", () => render("/events/nairobi"))).page.html).toBe(after.page.html);
    expect(calls).toHaveLength(2);
  });

  it("once fresh time is up, the old copy is served once more while one new copy is built", async () => {
    const { calls, render } = renderer();
    let clock = 1_000_000;
    const now = () => clock;
    const first = await cachedPage("/", () => render("/"), now);
    clock += FRESH_MS + 1;
    const stale = await cachedPage("/", () => render("/"), now);
    expect(stale.status).toBe("stale");
    expect(stale.page.html).toBe(first.page.html);
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    await new Promise((r) => setTimeout(r, 30));
    const fresh = await cachedPage("/", () => render("/"), now);
    expect(fresh.status).toBe("hit");
    expect(fresh.page.html).toContain("#2");
    // Too old to show (nobody looked for a while): the buyer waits for a new copy instead.
    clock += FRESH_MS + STALE_MS + 1;
    expect((await cachedPage("/", () => render("/"), now)).status).toBe("miss");
  });

  it("a page that is not found is answered, never kept", async () => {
    const { calls, render } = renderer("<html><body>not found</body></html>", 404);
    const res = await sharedPageResponse("/events/nope", false, render);
    expect(res.status).toBe(404);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    await sharedPageResponse("/events/nope", false, render);
    expect(calls).toHaveLength(2);
  });
});

describe("issue 14: the copy is rendered through the app as an anonymous visitor", () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it("sends the render token and no cookie, and keeps no per-visitor header from the answer", async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "set-cookie": "session=abc",
        "cache-control": "private, no-store",
        vary: "rsc",
      });
      res.end(PAGE);
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    vi.stubEnv("PORT", String((server.address() as AddressInfo).port));
    const page = await renderThroughApp("/events/nairobi");
    expect(seen[0][RENDER_HEADER]).toBe(renderToken());
    expect(seen[0].cookie).toBeUndefined();
    expect(page.html).toBe(PAGE);
    const names = page.headers.map(([k]) => k.toLowerCase());
    expect(names).toEqual(expect.arrayContaining(["content-type", "vary"]));
    expect(names).not.toContain("set-cookie");
    expect(names).not.toContain("cache-control");
  });

  it("the proxy passes its own render request on to Next, with no nonce", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const own = await proxy(
      new (await import("next/server")).NextRequest("http://lango.test/events/x", {
        headers: { [RENDER_HEADER]: renderToken() },
      }),
    );
    // Passed on to Next to render, with no nonce and no policy of its own (the cache adds the hashed one).
    expect(own.headers.get("x-middleware-next")).toBe("1");
    expect(own.headers.get("content-security-policy")).toBeNull();
  });
});

describe("issue 18: one shared copy per language, chosen before the cache", () => {
  const request = async (url: string, headers: Record<string, string> = {}) =>
    new (await import("next/server")).NextRequest(url, { headers });

  function languageRenderer() {
    const calls: string[] = [];
    const render = async (path: string, locale: string): Promise<RenderedPage> => {
      calls.push(`${locale} ${path}`);
      return { status: 200, html: `<html lang="${locale}"><body>${path}</body></html>`, headers: [["vary", "rsc"]] };
    };
    return { calls, render };
  }

  it("keeps a Kiswahili and an English copy of the same page, each rendered once", async () => {
    const { calls, render } = languageRenderer();
    const sw = await Promise.all(
      Array.from({ length: 20 }, () => sharedPageResponse("/events/nairobi", true, render, "sw")),
    );
    const en = await sharedPageResponse("/events/nairobi", true, render, "en");
    expect(calls.sort()).toEqual(["en /events/nairobi", "sw /events/nairobi"]);
    expect(new Set(await Promise.all(sw.map((r) => r.text())))).toEqual(
      new Set(['<html lang="sw"><body>/events/nairobi</body></html>']),
    );
    expect(await en.text()).toContain('lang="en"');
    // A cache in front can tell the copies apart: what the choice depends on, and which one this is.
    expect(sw[0].headers.get("vary")).toBe("rsc, Cookie, Accept-Language");
    expect(sw[0].headers.get("content-language")).toBe("sw");
    expect(sw[0].headers.get("cache-control")).toBe("public, max-age=0, s-maxage=1, stale-while-revalidate=1");
  });

  it("renders the copy in the language it asks the app for, still as an anonymous visitor", async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { "content-type": "text/html" });
      res.end(PAGE);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      vi.stubEnv("PORT", String((server.address() as AddressInfo).port));
      await renderThroughApp("/events/nairobi", "sw");
      expect(seen[0]["x-lango-lang"]).toBe("sw");
      expect(seen[0].cookie).toBeUndefined();
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it("the proxy tells the page the language: ?lang wins, then the cookie, then Accept-Language", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const lang = async (url: string, headers: Record<string, string> = {}) =>
      (await proxy(await request(url, headers))).headers.get("x-middleware-request-x-lango-lang");
    expect(await lang("http://lango.test/orders/LG1")).toBe("en");
    expect(await lang("http://lango.test/orders/LG1", { "accept-language": "sw-KE,sw;q=0.9" })).toBe("sw");
    expect(await lang("http://lango.test/orders/LG1", { "accept-language": "sw", cookie: "lang=en" })).toBe("en");
    expect(await lang("http://lango.test/orders/LG1?lang=sw", { cookie: "lang=en" })).toBe("sw");
    // Whatever a browser sends in the header itself is not the proxy's decision.
    expect(await lang("http://lango.test/orders/LG1", { "x-lango-lang": "sw" })).toBe("en");
  });

  it("remembers a ?lang= link in the lang cookie for a year, and only when it changes the choice", async () => {
    vi.stubEnv("NODE_ENV", "production");
    const set = await proxy(await request("http://lango.test/orders/LG1?lang=sw"));
    expect(set.headers.get("set-cookie")).toMatch(/^lang=sw; Path=\/; Max-Age=31536000; SameSite=Lax/);
    const again = await proxy(await request("http://lango.test/orders/LG1?lang=sw", { cookie: "lang=sw" }));
    expect(again.headers.get("set-cookie")).toBeNull();
    const none = await proxy(await request("http://lango.test/orders/LG1", { "accept-language": "sw" }));
    expect(none.headers.get("set-cookie")).toBeNull();
  });
});
