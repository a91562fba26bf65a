import { AppError } from "../errors";

/** A body over its route's limit: an AppError (413) for the app's routes; simulators answer it their own way. */
export class BodyTooLargeError extends AppError {
  constructor(readonly limitBytes: number) {
    super("payload_too_large", `The request body is too large (the limit is ${Math.floor(limitBytes / 1024)} KB).`);
  }
}

/**
 * Reads a request body as UTF-8 text, never holding more than `maxBytes` of it: a declared Content-Length
 * over the limit is refused before a byte is read, and a body sent without one (chunked) is cancelled as
 * soon as it passes the limit. `req.text()` would buffer all of it first, however large.
 */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    // Cancelling tells the server to drop the rest instead of buffering it for nobody.
    await req.body?.cancel().catch(() => {});
    throw new BodyTooLargeError(maxBytes);
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const decoder = new TextDecoder();
  let read = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    read += value.byteLength;
    if (read > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(maxBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
