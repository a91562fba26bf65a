/**
 * Only a path on this site: a crafted sign-in link must not send a freshly signed-in user elsewhere.
 * Anything else becomes the fallback.
 */
export function safeCallback(value: string | undefined, fallback = "/"): string {
  if (!value) return fallback;
  try {
    const url = new URL(value, "http://lango.invalid");
    if (url.origin !== "http://lango.invalid") return fallback;
    const target = `${url.pathname}${url.search}`;
    // Dot segments and doubled slashes normalise to a path like "//evil.com", which a browser reads as a
    // protocol-relative URL to another host (and "/\" the same way), so such a path is never a safe target.
    return target.startsWith("//") || target.startsWith("/\\") ? fallback : target;
  } catch {
    return fallback;
  }
}
