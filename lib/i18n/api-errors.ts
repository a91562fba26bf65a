import type { z } from "zod";
import { AppError } from "../errors";
import { DEFAULT_LOCALE, type Locale } from "./config";
import { getTranslator } from "./translator";

type Translate = Awaited<ReturnType<typeof getTranslator>>;

// The zod issues behind an invalid_input error, kept beside it (not on it: the error's shape is the API's).
const issuesOf = new WeakMap<AppError, readonly z.core.$ZodIssue[]>();

/** Remembers which check each field failed, so the field's message can be said again in another language. */
export function rememberIssues(err: AppError, issues: readonly z.core.$ZodIssue[]): AppError {
  issuesOf.set(err, issues);
  return err;
}

const NAMED = new Set(["name", "email", "phone", "quantity", "promoCode"]);
const BY_CODE = new Set(["invalid_type", "too_small", "too_big", "invalid_format", "invalid_value"]);

/** "buyer.phone" → the phone's message; "items.0.attendees.1.answers.q1" → an answer's; else by the check that failed. */
function fieldMessage(t: Translate, key: string, issueCode: string | undefined): string {
  const path = key.split(".");
  if (path.includes("answers")) return t("fields.byName.answers");
  const last = path.at(-1) ?? "";
  if (NAMED.has(last)) return t(`fields.byName.${last}` as never);
  return t(`fields.byCode.${issueCode && BY_CODE.has(issueCode) ? issueCode : "other"}` as never);
}

/**
 * The same error in the request's language: the code, status and details never change (clients tell
 * reasons apart by the code); the message and the per-field messages are said in `locale`. English is
 * the messages' own language, written where the error is raised with its particulars ("Only 2 Regular
 * tickets left"); another language says what each code means, and what each field needs.
 */
export async function inLanguage(err: AppError, locale: Locale): Promise<AppError> {
  if (locale === DEFAULT_LOCALE) return err;
  const t = await getTranslator(locale);
  const issues = issuesOf.get(err);
  const fields =
    err.fields &&
    Object.fromEntries(
      Object.keys(err.fields).map((key) => [
        key,
        fieldMessage(t, key, issues?.find((i) => (i.path.join(".") || "_") === key)?.code),
      ]),
    );
  return new AppError(err.code, t(`errors.${err.code}`), fields, err.details);
}
