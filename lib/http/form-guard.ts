import { json } from "./json";

/**
 * Next treats any POST with a multipart/form-data body as a possible server action (the no-JavaScript
 * path of a <form action={…}>) and parses it; a body that is not the multipart it claims makes Next
 * itself answer a bare 500 ("Failed to parse body as FormData"), on every path, a 404 page included.
 * Reading a copy first turns that into a clear 400 and lets every real form through unchanged.
 */
const SERVER_ACTION_BODY_LIMIT = 1024 * 1024;

export async function refuseUnreadableForm(request: Request): Promise<Response | null> {
  if (request.method !== "POST" || !request.headers.get("content-type")?.startsWith("multipart/form-data")) return null;
  // Next refuses a server-action body over 1 MB anyway (serverActions.bodySizeLimit is not raised):
  // a form that says it is larger is refused before anything reads it.
  if (Number(request.headers.get("content-length")) > SERVER_ACTION_BODY_LIMIT) {
    return json(
      { error: { code: "payload_too_large", message: "The form is too large to send (the limit is 1 MB)." } },
      { status: 413 },
    );
  }
  try {
    await request.clone().formData();
    return null;
  } catch {
    return json(
      {
        error: {
          code: "invalid_form",
          message: "The form data could not be read. Reload the page and submit the form again.",
        },
      },
      { status: 400 },
    );
  }
}

/**
 * Next runs a server action for a POST carrying a `Next-Action` header, and tries one for any multipart
 * form post (the no-JavaScript path). When the browser's Origin is not this host, Next refuses the action
 * by throwing, which answers a bare 500. The same check here answers a clear 403 instead: the request
 * really is refused (another site's page, or a stale proxy setup), and the caller can tell why.
 * Without an Origin (an old browser, a script) Next lets the action through, and so does this.
 */
export function refuseCrossOriginAction(request: Request): Response | null {
  if (request.method !== "POST") return null;
  const isAction =
    request.headers.has("next-action") || request.headers.get("content-type")?.startsWith("multipart/form-data");
  if (!isAction || !fromAnotherSite(request)) return null;
  return json(
    {
      error: {
        code: "forbidden",
        message: "This form was sent from another site. Open the page on this site and submit it again.",
      },
    },
    { status: 403 },
  );
}

/**
 * A browser says where a request comes from in Origin; a request without one (a script, a gateway, an old
 * browser) is not a browser acting for another site's page, and passes. Compared as Next compares for
 * server actions: with the first X-Forwarded-Host when a proxy sets one, else with Host.
 */
export function fromAnotherSite(request: Request): boolean {
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  const host = request.headers.get("x-forwarded-host")?.split(",")[0].trim() || request.headers.get("host");
  return !host || originHost(origin) !== host;
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null; // "null" (a sandboxed frame, a file) or garbage: no host can match it
  }
}
