/**
 * Only a path on this site: a crafted sign-in link must not send a freshly signed-in user elsewhere.
 * Anything else becomes the fallback.
 */
export function safeCallback(value: string | undefined, fallback = "/"): string {
  if (!value) return fallback;
  try {
    const url = new URL(value, "http://lango.invalid");
    return url.origin === "http://lango.invalid" ? `${url.pathname}${url.search}` : fallback;
  } catch {
    return fallback;
  }
}
