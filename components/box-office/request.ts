/**
 * The till's one way to the API, small so it can become the app's typed `apiFetch` later. A network
 * failure is told apart from an answer: after one, the till cannot know whether a sale went through,
 * and says so (a retry with the same idempotency key is safe).
 */
export type Answer<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; status: number; error: { code: string; message: string; fields?: Record<string, string> } }
  | { ok: false; status: 0; error: { code: "network"; message: string } };

export async function request<T>(path: string, body?: unknown): Promise<Answer<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0, error: { code: "network", message: "No connection." } };
  }
  const json = (await res.json().catch(() => null)) as
    (T & { error?: { code: string; message: string; fields?: Record<string, string> } }) | null;
  if (res.ok && json) return { ok: true, status: res.status, data: json };
  return {
    ok: false,
    status: res.status,
    error: json?.error ?? { code: "http_error", message: `The server answered ${res.status}. Try again.` },
  };
}
