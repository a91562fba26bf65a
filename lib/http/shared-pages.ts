import { couldBeEventSlug } from "../catalog/catalog-cache";
import { DEFAULT_LOCALE, LANG_HEADER, type Locale } from "../i18n/config";
import { cachedPage, SHARED_PAGE_CACHE_CONTROL, uncachedPage, type RenderedPage } from "./page-cache";
import { hashedContentSecurityPolicy } from "./security-headers";

/**
 * The pages every buyer loads during an on-sale rush and that show nothing personal: the home page and an
 * event page (not its checkout). Whatever differs per visitor on them (the cart, a promo code, an offer)
 * is a client island reading the JSON API, never the request: the server page must not read cookies,
 * headers or searchParams, or one visitor's page would be served to all. The one thing that does differ is
 * the language, decided by proxy.ts before the cache: one copy per language, rendered with LANG_HEADER.
 */
const EVENT_PAGE = /^\/events\/([^/]+)$/;

/**
 * The one path a shared page is kept under, or null for a path no real shared page has. Next decodes the
 * slug before matching the route, so /events/j%61zz-night is the jazz-night page too: keyed as sent, every
 * spelling would be one more whole copy in memory. A slug that does not decode, or decodes to something no
 * event can be called, is rendered like any other page (a 404) and shares nothing.
 */
export function sharedPagePath(pathname: string): string | null {
  if (pathname === "/") return pathname;
  const raw = EVENT_PAGE.exec(pathname)?.[1];
  if (raw === undefined) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(raw);
  } catch {
    return null;
  }
  return couldBeEventSlug(slug) ? `/events/${slug}` : null;
}

/** Marks the proxy's own request for a fresh render; the token keeps anyone else from forcing renders. */
export const RENDER_HEADER = "x-lango-render";
const g = globalThis as unknown as { __langoRenderToken?: string };
export function renderToken(): string {
  return (g.__langoRenderToken ??= crypto.randomUUID());
}

export function isSharedPageRequest(request: Request, pathname: string): boolean {
  return (
    request.method === "GET" &&
    sharedPagePath(pathname) !== null &&
    // Client-side navigations fetch the page's RSC payload, not its HTML: those render as before.
    !request.headers.has("rsc") &&
    !request.headers.has("next-action")
  );
}

export function isRenderRequest(request: Request): boolean {
  return request.headers.get(RENDER_HEADER) === renderToken();
}

// Per request or per connection, or set here again: never copied from the render into a shared copy.
const DROPPED = new Set([
  "cache-control",
  "set-cookie",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "date",
  "etag",
  "content-security-policy",
  "strict-transport-security",
]);

/** Renders `pathname` in `locale` through the running app itself, as an anonymous visitor with no cookie. */
export async function renderThroughApp(pathname: string, locale: Locale = DEFAULT_LOCALE): Promise<RenderedPage> {
  const origin = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const res = await fetch(new URL(pathname, origin), {
    headers: {
      [RENDER_HEADER]: renderToken(),
      [LANG_HEADER]: locale,
      accept: "text/html",
      "accept-encoding": "identity",
    },
    redirect: "manual",
    cache: "no-store",
  });
  const headers = [...res.headers].filter(([k]) => !DROPPED.has(k.toLowerCase()) && !k.startsWith("x-nextjs-"));
  return { status: res.status, html: await res.text(), headers };
}

/**
 * What a shared copy's language depends on: a cache in front (nginx, a CDN) keys on the same inputs the
 * proxy decides from (`?lang` is in the URL already), or on Content-Language where it can.
 */
export const SHARED_PAGE_VARY = "Cookie, Accept-Language";

/** The shared page in `locale` from the cache, with the policy that allows the scripts of that copy and no other. */
export async function sharedPageResponse(
  pathname: string,
  https: boolean,
  render: (pathname: string, locale: Locale) => Promise<RenderedPage> = renderThroughApp,
  locale: Locale = DEFAULT_LOCALE,
): Promise<Response> {
  const path = sharedPagePath(pathname);
  // The proxy sends only shared paths here (isSharedPageRequest); anything else is answered, never kept.
  const { page, scriptHashes, status } =
    path === null
      ? await uncachedPage(() => render(pathname, locale))
      : await cachedPage(`${locale} ${path}`, () => render(path, locale));
  const headers = new Headers(page.headers);
  headers.set("Content-Security-Policy", hashedContentSecurityPolicy(scriptHashes, https));
  headers.set("Cache-Control", page.status === 200 && path !== null ? SHARED_PAGE_CACHE_CONTROL : "private, no-store");
  headers.set(
    "Vary",
    [page.headers.find(([k]) => k.toLowerCase() === "vary")?.[1], SHARED_PAGE_VARY].filter(Boolean).join(", "),
  );
  headers.set("Content-Language", locale);
  headers.set("X-Lango-Cache", status);
  return new Response(page.html, { status: page.status, headers });
}
