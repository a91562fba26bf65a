import { z } from "zod";
import { isUnstorableText } from "../db/errors";
import { AppError } from "../errors";
import { inLanguage, rememberIssues } from "../i18n/api-errors";
import { requestLocale } from "../i18n/request-locale";
import { readBodyText } from "./body";
import { fromAnotherSite } from "./form-guard";
import { json } from "./json";

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> } & Record<string, unknown>;
}

export function errorResponse(err: AppError, headers?: HeadersInit): Response {
  const body: ErrorBody = {
    error: { ...err.details, code: err.code, message: err.message, ...(err.fields && { fields: err.fields }) },
  };
  return json(body, { status: err.status, headers });
}

/** Turns zod issues into one readable sentence plus per-field messages. */
export function fromZodError(error: z.ZodError, what = "request"): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  const first = Object.entries(fields)[0];
  const message = first ? `Invalid ${what}: ${first[0] === "_" ? "" : `${first[0]}: `}${first[1]}` : `Invalid ${what}.`;
  return rememberIssues(new AppError("invalid_input", message, fields), error.issues);
}

/** The largest JSON body any API route takes: an order with every field at its maximum is a few kilobytes. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Reads a JSON body with a size limit (413); a malformed body is the caller's mistake (400), not ours. */
export async function readJson(req: Request): Promise<unknown> {
  return parseJsonBody(await readBodyText(req, MAX_JSON_BODY_BYTES));
}

/** Parses a JSON request body already read; empty, malformed or not text (a lone surrogate) is a 400. */
export function parseJsonBody(text: string): unknown {
  if (!text.trim()) throw new AppError("invalid_json", "The request body must be JSON.");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("invalid_json", "The request body is not valid JSON.");
  }
  // "\ud800" is valid JSON but not text: the database layer would fail on it later, as a 500.
  if (!wellFormed(value))
    throw new AppError("invalid_json", "The request body contains invalid Unicode (a lone surrogate).");
  return value;
}

/** Every string and key is well-formed UTF-16; a loop, not recursion, so deep nesting cannot overflow. */
function wellFormed(root: unknown): boolean {
  const stack = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (!value.isWellFormed()) return false;
    } else if (Array.isArray(value)) stack.push(...value);
    else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) {
        if (!k.isWellFormed()) return false;
        stack.push(v);
      }
    }
  }
  return true;
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown, what?: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fromZodError(parsed.error, what);
  return parsed.data;
}

type Handler<C> = (req: Request, ctx: C) => Promise<Response>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Wraps a route handler: caller mistakes become `{ error: { code, message } }` with their 4xx status;
 * anything unexpected is logged and answered with a plain 500 that reveals nothing. The message is in
 * the caller's language (`?lang`, the `lang` cookie, Accept-Language: the API does not pass through
 * proxy.ts, so it decides here); the code is the same in every language.
 */
export function apiRoute<C>(handler: Handler<C>): Handler<C> {
  return async (req, ctx) => {
    try {
      // The staff, box-office and buyer routes act on cookies, which a browser also sends with a form or a
      // text/plain fetch another site's page makes (no preflight for those): such a request is refused.
      if (!SAFE_METHODS.has(req.method) && fromAnotherSite(req))
        throw new AppError(
          "forbidden",
          "This request was sent from another site. Open the page on this site and try again.",
        );
      return await handler(req, ctx);
    } catch (err) {
      const say = (e: AppError) => inLanguage(e, requestLocale(req)).then((localized) => errorResponse(localized));
      if (err instanceof AppError) return say(err);
      if (isUnstorableText(err))
        return say(
          new AppError("invalid_input", "The request contains characters that are not allowed (such as a NUL byte)."),
        );
      console.error(
        JSON.stringify({
          level: "error",
          msg: "unhandled API error",
          path: new URL(req.url).pathname,
          err: String(err),
          stack: (err as Error)?.stack,
        }),
      );
      return say(new AppError("internal_error", "Something went wrong on our side. Please try again."));
    }
  };
}
