import { z } from "zod";

/** One answer: text for text, choice, phone and e-mail questions; true or false for a checkbox. */
export type AnswerValue = string | boolean;
/** Answers keyed by question id, as sent at checkout and as stored on the order or ticket. */
export type Answers = Record<string, AnswerValue>;

export const QUESTION_KINDS = ["text", "choice", "checkbox", "phone", "email"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** `answers` of POST /api/orders (and of each attendee): shape only; the event's questions judge the values. */
export const answersSchema = z
  .record(z.string().max(64), z.union([z.string().max(1000, "At most 1000 characters."), z.boolean()]))
  .refine((a) => Object.keys(a).length <= 50, "Too many answers.");

/** A checkout question as the event API shows it (DESIGN.md). */
export interface PublicQuestion {
  id: string;
  label: string;
  kind: QuestionKind;
  options?: string[];
  /** How each option reads in the page's language, one for one (absent: as the options themselves). */
  optionLabels?: string[];
  required: boolean;
  scope: "order" | "attendee";
  ticketTypeIds?: string[];
}

/** Whether a question is asked for an order or seat of these ticket types (no list: every type). */
export function questionApplies(q: { ticketTypeIds?: readonly string[] }, ticketTypeIds: readonly string[]): boolean {
  return !q.ticketTypeIds?.length || q.ticketTypeIds.some((id) => ticketTypeIds.includes(id));
}

/** An answer as a person reads it. */
export const answerText = (value: AnswerValue | undefined) =>
  value === undefined ? "" : typeof value === "boolean" ? (value ? "Yes" : "No") : value;

/** Stored answers (JSON from the database), read leniently: anything not a string or boolean is dropped. */
export function storedAnswers(value: unknown): Answers {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => typeof v === "string" || typeof v === "boolean"),
  ) as Answers;
}

/** The answered questions, in the event's order, as label and text. */
export function answerRows(questions: readonly PublicQuestion[], answers: Answers): { label: string; text: string }[] {
  return questions.filter((q) => q.id in answers).map((q) => ({ label: q.label, text: answerText(answers[q.id]) }));
}
