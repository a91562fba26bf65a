import type { ApiError } from "@/lib/http/api-client";

/** What the error summary above a form's button says: a title, and what to do about it. */
export interface FormProblem {
  title: string;
  detail?: string;
}

/**
 * The API names a field by its path in the request (`buyer.email`, `items.0.quantity`, `booths.0.company`);
 * `inputFor` says which of the form's inputs shows it. The first message per input wins (the API lists them
 * in the order of the request); messages with no input of their own go to the summary.
 */
export function placeFieldErrors<K extends string>(
  fields: Record<string, string>,
  inputFor: (apiField: string) => K | undefined,
): { inline: Partial<Record<K, string>>; unplaced: string[] } {
  const inline: Partial<Record<K, string>> = {};
  const unplaced: string[] = [];
  for (const [key, message] of Object.entries(fields)) {
    const input = inputFor(key);
    if (input) inline[input] ??= message;
    else unplaced.push(message);
  }
  return { inline, unplaced };
}

/** The summary's own words, in the form's language (each form's messages hold them). */
export interface ProblemWords {
  /** Nothing came back: the title ("We couldn't reach Lango."). */
  unreachable: string;
  /** …and what that means for the form ("Check your connection… Nothing has been charged."). */
  offline: string;
  checkHighlighted: string;
  ourSide: string;
  /** A server fault's detail ("Your order was not placed."). */
  notDone: string;
}

/**
 * The summary for a submission the API refused, or that never reached it. Per-input messages alone need only
 * a pointer to them; the API's own message is shown for the caller's mistakes, never a 5xx's (it says
 * nothing the buyer can act on); `offline` and `notDone` are the form's words for what happened to the order.
 */
export function submitProblem(
  error: ApiError,
  placed: { inline: object; unplaced: string[] },
  words: ProblemWords,
): FormProblem {
  const w = words;
  if (error.isNetworkError) return { title: w.unreachable, detail: w.offline };
  if (Object.keys(placed.inline).length > 0 && placed.unplaced.length === 0) return { title: w.checkHighlighted };
  const known = error.isClientError;
  return {
    title: known ? error.message : w.ourSide,
    detail: [...placed.unplaced, known ? undefined : words.notDone].filter(Boolean).join(" ") || undefined,
  };
}
