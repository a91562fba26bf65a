/** Content-Security-Policy for pages: scripts only from this origin with the request's nonce. */
export function contentSecurityPolicy(nonce: string, dev: boolean, https: boolean): string {
  return pagePolicy(`'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`, dev, https);
}

/**
 * The same policy for a page served to everyone from a cache (lib/http/page-cache.ts): no nonce, which
 * would have to change on every response, but the hashes of exactly the inline scripts that copy carries;
 * script files still come from this origin only. Never 'unsafe-inline'.
 */
export function hashedContentSecurityPolicy(scriptHashes: string[], https: boolean): string {
  return pagePolicy(["'self'", ...scriptHashes.map((h) => `'${h}'`)].join(" "), false, https);
}

function pagePolicy(scriptSrc: string, dev: boolean, https: boolean): string {
  return [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    // React and Next set style attributes; styles cannot run code, so inline styles are allowed.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only where the app is served over https: a desk or gate machine on plain http must keep working.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/**
 * HSTS for a production app served over https, read at run time: next.config's headers are fixed when the
 * app is built, before anyone knows the APP_URL it will run with. Never for plain http (a desk or gate
 * machine on a LAN address must keep working), and browsers ignore it on plain http anyway.
 */
export function strictTransportSecurity(env: Record<string, string | undefined> = process.env): string | null {
  return env.NODE_ENV === "production" && (env.APP_URL ?? "").startsWith("https://")
    ? "max-age=63072000; includeSubDomains"
    : null;
}
