/** Replies smaller than this go uncompressed (the threshold of the compressor Next runs). */
const COMPRESS_FROM_BYTES = 1024;
const utf8 = new TextEncoder();

/**
 * A JSON response. Next gzips every route handler's reply for a client that accepts gzip (every phone
 * browser), however small, since it drops the length a reply states; a deflate stream for a few hundred
 * bytes that barely shrink costs both ends more than it saves. A small reply (an order, a payment's
 * status, an error) therefore says `no-transform`, which that compressor honours (as must any proxy);
 * a large one (an event, a check-in bundle) is compressed as before.
 */
export function json(body: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(body);
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json");
  if (utf8.encode(text).byteLength < COMPRESS_FROM_BYTES) {
    const cacheControl = headers.get("cache-control");
    headers.set("cache-control", cacheControl ? `${cacheControl}, no-transform` : "no-transform");
  }
  return new Response(text, { ...init, headers });
}
