/**
 * API-side faults: what the gateway does to the *reply* of an API call. Notification faults (drop,
 * duplicate, delay) live in notify.ts.
 *
 * - http_500: refused before any processing, so retrying is safe — the app sees the outage only.
 * - slow: processed, then answered late (the app's HTTP timeout may fire while the gateway did the work).
 * - malformed: processed, but the reply is cut short, so the app cannot tell what happened and must
 *   recover through a status query.
 */
import { sleep } from "./http";
import { getFault, settings, type SimGateway } from "./store";

export async function withApiFault(
  gateway: SimGateway,
  outage: () => Response,
  handle: () => Promise<Response>,
): Promise<Response> {
  const fault = getFault(gateway);
  if (fault === "http_500") return outage();
  if (fault === "slow") await sleep(settings().slowMs);
  const res = await handle();
  if (fault !== "malformed") return res;
  const text = await res.text();
  const headers = new Headers(res.headers);
  headers.delete("content-length");
  return new Response(truncate(text), { status: res.status, headers });
}

/** Half of the real body: a JSON object or XML document with its end missing never parses. */
function truncate(text: string): string {
  if (text.length < 2) return "<";
  return text.slice(0, Math.floor(text.length / 2));
}
