/*
 * The gate scanner's service worker (scope /admin/checkin): lets a phone reload the scanner page without
 * a network. The page itself is network-first (always the fresh page and session when online; the last
 * good copy when offline); the build's static files are cache-first (their names change with every
 * build). Nothing else is touched: API requests, scans and sign-in always go to the network.
 */
const PAGE_CACHE = "lango-checkin-page-v1";
const STATIC_CACHE = "lango-checkin-static-v1";
const PAGE_PATH = "/admin/checkin";
const MAX_STATIC_FILES = 400;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([PAGE_CACHE, STATIC_CACHE]);
      for (const name of await caches.keys()) if (name.startsWith("lango-checkin-") && !keep.has(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

const isStatic = (url) => url.origin === self.location.origin && url.pathname.startsWith("/_next/static/");

async function savePage(response) {
  // Only the real page: a redirect to sign-in or an error page must never become the offline copy.
  if (response.ok && response.status === 200 && !response.redirected && (response.headers.get("content-type") || "").includes("text/html")) {
    await (await caches.open(PAGE_CACHE)).put(PAGE_PATH, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (request.mode === "navigate" && url.origin === self.location.origin && url.pathname === PAGE_PATH) {
    event.respondWith(
      fetch(request)
        .then(savePage)
        .catch(async () => (await caches.match(PAGE_PATH, { cacheName: PAGE_CACHE })) || Response.error()),
    );
    return;
  }
  if (isStatic(url)) {
    event.respondWith(
      (async () => {
        const cache = await caches.open(STATIC_CACHE);
        const hit = await cache.match(request);
        if (hit) return hit;
        const response = await fetch(request);
        if (response.ok) await cache.put(request, response.clone());
        return response;
      })(),
    );
  }
});

/*
 * The page sends the static files it loaded before this worker controlled it (its first visit), and
 * the worker keeps them and a copy of the page; files of older builds are dropped.
 */
self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "lango-checkin-cache" || !Array.isArray(data.urls)) return;
  event.waitUntil(
    (async () => {
      const urls = data.urls.map((u) => new URL(u, self.location.origin)).filter(isStatic).map((u) => u.href);
      const cache = await caches.open(STATIC_CACHE);
      await Promise.all(
        urls.map(async (u) => {
          if (await cache.match(u)) return;
          const response = await fetch(u).catch(() => null);
          if (response && response.ok) await cache.put(u, response);
        }),
      );
      // Each build brings new file names: past a few builds' worth, keep only what this page uses.
      const kept = await cache.keys();
      if (kept.length > MAX_STATIC_FILES) {
        const wanted = new Set(urls);
        for (const request of kept) if (!wanted.has(request.url)) await cache.delete(request);
      }
      const page = await fetch(PAGE_PATH, { credentials: "same-origin" }).catch(() => null);
      if (page) await savePage(page);
      if (event.source) event.source.postMessage({ type: "lango-checkin-cached" });
    })(),
  );
});
