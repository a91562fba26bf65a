/**
 * JSON reading shared by the adapters' pure parsers (no HTTP code, so transforms can use it): a body that is
 * not JSON is simply not the document we look for, never an exception.
 */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
