import { createHash } from "node:crypto";

/**
 * The shared storefront pages (home, event page) built once and served to every buyer from memory, with a
 * Content-Security-Policy that allows exactly the inline scripts of that copy (their SHA-256 hashes) instead
 * of a per-request nonce: a nonce has to be new on every response, so a page carrying one can never be
 * cached, by us or by a proxy or CDN in front of us. Hashes of what was actually rendered are as strict.
 *
 * A copy is fresh for FRESH_MS, then served once more for at most STALE_MS while one background render
 * replaces it (a rush never waits for a render, and never starts more than one per page): seats left and
 * "sold out" in the HTML are at most FRESH_MS + STALE_MS old, plus a render. A catalogue change
 * (invalidatePages) drops every copy in this process at once; other processes catch up within that time.
 * The page's client island reads live availability anyway (/api/events/{slug}/availability).
 */
export const FRESH_MS = 500;
export const STALE_MS = 500;

/**
 * The most copies kept. A copy is one page in one language, and only a page that rendered 200 is kept, so
 * the real number is two languages times (home + the events being sold): far below this. The cap is what
 * holds if that ever stops being true, since each copy is a whole page of HTML.
 */
export const MAX_PAGES = 200;

/** Reverse proxies and CDNs get whole seconds: the same order of freshness, and never the browser's cache. */
export const SHARED_PAGE_CACHE_CONTROL = "public, max-age=0, s-maxage=1, stale-while-revalidate=1";

export interface RenderedPage {
  status: number;
  html: string;
  /** The headers the app rendered the page with (content type, Vary…), minus any per-request ones. */
  headers: [string, string][];
}

interface Entry {
  page: RenderedPage;
  scriptHashes: string[];
  builtAt: number;
  version: number;
}

interface CacheState {
  version: number;
  entries: Map<string, Entry>;
  building: Map<string, Promise<Entry>>;
}

// On globalThis: proxy.ts and the server actions that invalidate are bundled separately by Next, and each
// bundle would otherwise get its own copy of this module's state.
const g = globalThis as unknown as { __langoPageCache?: CacheState };
function state(): CacheState {
  return (g.__langoPageCache ??= { version: 0, entries: new Map(), building: new Map() });
}

/** The event, its ticket types or prices changed: every cached page of this process is rebuilt on next view. */
export function invalidatePages(): void {
  const s = state();
  s.version += 1;
  s.entries.clear();
}

/** Base64 SHA-256 of the text of every inline <script> (one without src), in the form CSP's hash source takes. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(match[1]) || match[2] === "") continue;
    hashes.add(`sha256-${createHash("sha256").update(match[2], "utf8").digest("base64")}`);
  }
  return [...hashes];
}

export interface CachedPage {
  page: RenderedPage;
  scriptHashes: string[];
  /** "hit" (fresh), "stale" (served while a new copy is built) or "miss" (built for this request). */
  status: "hit" | "stale" | "miss";
}

/**
 * The cached copy of `key`, building it with `render` when there is none. Concurrent misses share one
 * render (a rush must not start a thousand renders of the same page); only 200s are kept.
 */
export async function cachedPage(
  key: string,
  render: () => Promise<RenderedPage>,
  now: () => number = Date.now,
): Promise<CachedPage> {
  const s = state();
  const entry = s.entries.get(key);
  const age = entry ? now() - entry.builtAt : Infinity;
  if (entry && age < FRESH_MS) return { ...entry, status: "hit" };
  if (entry && age < FRESH_MS + STALE_MS) {
    void build(s, key, render, now).catch(() => {
      // The stale copy stays until a render succeeds; the failure is the app's own and already logged.
    });
    return { ...entry, status: "stale" };
  }
  return { ...(await build(s, key, render, now)), status: "miss" };
}

/** A page rendered for this request alone: its hashes for the policy, and nothing kept. */
export async function uncachedPage(render: () => Promise<RenderedPage>): Promise<CachedPage> {
  const page = await render();
  return { page, scriptHashes: inlineScriptHashes(page.html), status: "miss" };
}

function build(s: CacheState, key: string, render: () => Promise<RenderedPage>, now: () => number): Promise<Entry> {
  const version = s.version;
  // Keyed by version too: a view after an invalidation must not wait for a render that began before it.
  const slot = `${version} ${key}`;
  const running = s.building.get(slot);
  if (running) return running;
  const started = now();
  const promise = render()
    .then((page) => {
      const entry: Entry = { page, scriptHashes: inlineScriptHashes(page.html), builtAt: started, version };
      // A copy rendered before an invalidation may show the old price: serve it to those who waited for
      // it, never keep it.
      if (page.status === 200 && s.version === version) keep(s.entries, key, entry, now());
      return entry;
    })
    .finally(() => s.building.delete(slot));
  s.building.set(slot, promise);
  return promise;
}

/**
 * Insertion order is the order copies were built in (a rebuilt page moves to the end), so the copies too old
 * to serve, and the oldest when there are too many, are at the front: dropped from there, live ones unread.
 */
function keep(entries: Map<string, Entry>, key: string, entry: Entry, now: number): void {
  entries.delete(key);
  entries.set(key, entry);
  for (const [k, e] of entries) {
    if (entries.size <= MAX_PAGES && now - e.builtAt < FRESH_MS + STALE_MS) break;
    entries.delete(k);
  }
}

/** How many copies this process keeps: what MAX_PAGES bounds. */
export function cachedPageCount(): number {
  return state().entries.size;
}
