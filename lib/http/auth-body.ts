import { NextRequest } from "next/server";
import { AppError } from "../errors";
import { errorResponse, MAX_JSON_BODY_BYTES, parseJsonBody } from "./api";
import { readBodyText } from "./body";

/**
 * next-auth (v4) reads a POST body itself, with `req.json()` for JSON: a malformed body escapes as a 500,
 * and any body is read whole. This reads it first, within the API's size limit, refuses what cannot be
 * parsed with `{ error: { code, message } }` (413 or 400), and hands next-auth a request with the same text.
 */
export function withCheckedAuthBody<C>(
  handler: (req: NextRequest, ctx: C) => Promise<Response>,
): (req: NextRequest, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    // The same content types next-auth reads; it ignores any other body.
    const type = req.headers.get("content-type") ?? "";
    const json = type.includes("application/json");
    if (req.method !== "POST" || !req.body || !(json || type.includes("application/x-www-form-urlencoded")))
      return handler(req, ctx);
    let text: string;
    try {
      text = await readBodyText(req, MAX_JSON_BODY_BYTES);
      if (json) parseJsonBody(text);
    } catch (err) {
      if (err instanceof AppError) return errorResponse(err);
      throw err;
    }
    return handler(new NextRequest(req.url, { method: req.method, headers: req.headers, body: text }), ctx);
  };
}
