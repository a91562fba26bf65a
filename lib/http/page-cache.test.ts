import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";
import {
  cachedPage,
  cachedPageCount,
  FRESH_MS,
  inlineScriptHashes,
  invalidatePages,
  MAX_PAGES,
  STALE_MS,
  type RenderedPage,
} from "./page-cache";
import { isSharedPageRequest, sharedPagePath, sharedPageResponse } from "./shared-pages";

const PAGE = `<html><body><h1>Jazz Night</h1><script>self.__next_f.push([1,"KES 2,000"])</script></body></html>`;

function renderer(status = 200) {
  const calls: string[] = [];
  const render = async (path: string): Promise<RenderedPage> => {
    calls.push(path);
    return { status, html: PAGE.replace("KES 2,000", `KES 2,000 #${calls.length}`), headers: [["vary", "rsc"]] };
  };
  return { calls, render };
}

afterEach(() => {
  invalidatePages();
  vi.unstubAllEnvs();
});

describe("security review: one shared copy per real page, however its path is spelled", () => {
  it("serves every percent-encoded spelling of an event page from the one copy, rendered once at its plain path", async () => {
    const { calls, render } = renderer();
    const spellings = ["/events/jazz-night", "/events/%6Aazz-night", "/events/j%61zz-night", "/events/jazz%2Dnight"];
    const responses = [];
    for (const path of spellings) responses.push(await sharedPageResponse(path, true, render));
    expect(calls).toEqual(["/events/jazz-night"]);
    expect(cachedPageCount()).toBe(1);
    expect(responses.map((r) => [r.status, r.headers.get("x-lango-cache")])).toEqual([
      [200, "miss"],
      [200, "hit"],
      [200, "hit"],
      [200, "hit"],
    ]);
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
    // The policy still allows exactly that copy's inline script, and a cache in front may still share it.
    for (const r of responses) {
      expect(r.headers.get("content-security-policy")).toContain(`'${inlineScriptHashes(bodies[0])[0]}'`);
      expect(r.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=1, stale-while-revalidate=1");
    }
  });

  it("keeps nothing for a path that does not decode or names no possible event, and the proxy does not share it", () => {
    for (const path of [
      "/events/%E0%A4%A",
      "/events/%zz",
      "/events/%2e%2e",
      "/events/Jazz-Night",
      "/events/jazz%20night",
      `/events/${"a".repeat(2_048)}`,
      "/events/jazz-night/",
      "/events/",
    ]) {
      expect(sharedPagePath(path), path).toBeNull();
      expect(isSharedPageRequest(new Request(`http://lango.test${path}`), path), path).toBe(false);
    }
    expect(sharedPagePath("/")).toBe("/");
    expect(sharedPagePath("/events/j%61zz-night")).toBe("/events/jazz-night");
  });

  it("a path that is not a real page is answered if asked, never kept and never shared by a cache in front", async () => {
    const { calls, render } = renderer(200);
    for (let i = 0; i < 3; i++) {
      const res = await sharedPageResponse("/events/%E0%A4%A", false, render);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
      expect(res.headers.get("content-security-policy")).toContain("'sha256-");
    }
    expect(calls).toHaveLength(3);
    expect(cachedPageCount()).toBe(0);
  });

  it("the proxy renders the jazz-night page once for all its spellings", async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.url ?? "");
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(PAGE);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      vi.stubEnv("NODE_ENV", "production");
      vi.stubEnv("PORT", String((server.address() as AddressInfo).port));
      const views = [];
      for (const path of ["/events/jazz-night", "/events/%6Aazz-night", "/events/jaz%7A-night"]) {
        views.push(await proxy(new NextRequest(`http://lango.test${path}`)));
      }
      expect(seen).toEqual(["/events/jazz-night"]);
      expect(views.map((v) => [v.status, v.headers.get("x-lango-cache")])).toEqual([
        [200, "miss"],
        [200, "hit"],
        [200, "hit"],
      ]);
      expect(cachedPageCount()).toBe(1);
      // Not a slug once decoded: Next renders it with its own nonce, as any page that is not shared.
      const odd = await proxy(new NextRequest("http://lango.test/events/%2Fadmin"));
      expect(odd.headers.get("x-lango-cache")).toBeNull();
      expect(odd.headers.get("content-security-policy")).toContain("'nonce-");
      expect(seen).toHaveLength(1);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("security review: the page cache keeps at most MAX_PAGES copies, and none it would not serve", () => {
  it("thousands of distinct event pages leave at most MAX_PAGES copies, the newest ones", async () => {
    const { render } = renderer();
    for (let i = 0; i < MAX_PAGES + 300; i++) await cachedPage(`en /events/e${i}`, () => render(`/events/e${i}`));
    expect(cachedPageCount()).toBe(MAX_PAGES);
    const newest = `en /events/e${MAX_PAGES + 299}`;
    expect((await cachedPage(newest, () => render(newest))).status).toBe("hit");
    expect((await cachedPage("en /events/e0", () => render("/events/e0"))).status).toBe("miss");
  });

  it("a copy too old to serve is dropped when the next one is kept, and an edit still drops them all", async () => {
    const { calls, render } = renderer();
    let clock = 1_000_000;
    const now = () => clock;
    for (let i = 0; i < 20; i++) await cachedPage(`sw /events/e${i}`, () => render(`/events/e${i}`), now);
    expect(cachedPageCount()).toBe(20);
    clock += FRESH_MS + STALE_MS;
    await cachedPage("sw /", () => render("/"), now);
    expect(cachedPageCount()).toBe(1);
    expect((await cachedPage("sw /", () => render("/"), now)).status).toBe("hit");
    invalidatePages();
    expect(cachedPageCount()).toBe(0);
    expect((await cachedPage("sw /", () => render("/"), now)).status).toBe("miss");
    expect(calls.filter((c) => c === "/")).toHaveLength(2);
  });
});
