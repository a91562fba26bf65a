"use client";

/**
 * The server's clock as seen from this browser. A phone's clock may be minutes off, and the prompt's
 * deadline comes from the server, so countdowns subtract the server's "now", estimated from the `Date`
 * header of our own API's answers (whole seconds, hence the half-second and the 2 s dead band that keeps
 * the display from jittering between polls).
 */
let offsetMs = 0;

export function noteServerDate(res: Response): void {
  const server = Date.parse(res.headers.get("date") ?? "");
  if (Number.isNaN(server)) return;
  const offset = server + 500 - Date.now();
  if (Math.abs(offset - offsetMs) > 2000) offsetMs = offset;
}

export const serverNow = (): number => Date.now() + offsetMs;
