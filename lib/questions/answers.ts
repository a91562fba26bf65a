import "server-only";
import { cachedCatalog } from "../catalog/catalog-cache";
import { DEFAULT_LOCALE, type Locale } from "../i18n/config";
import { localized, localizedList } from "../i18n/content";
import { z } from "zod";
import type { Db } from "../db/client";
import { sqlOf } from "../db/sql";
import { invalid } from "../errors";
import { normalizePhone } from "../orders/phone";
import { questionApplies, type Answers, type AnswerValue, type PublicQuestion, type QuestionKind } from "./schemas";

/**
 * An event's checkout questions in the order the organiser set. Plain SQL: every order of a flash sale
 * reads them, and the answer is nearly always none.
 */
/**
 * The event's questions as the storefront and the order route read them: from the catalogue cache (one
 * read per second per event and language during an on-sale rush), dropped at once by the admin's edits.
 */
export function eventQuestions(db: Db, eventId: string, lang: Locale = DEFAULT_LOCALE): Promise<PublicQuestion[]> {
  return cachedCatalog(db, `questions:${eventId}:${lang}`, () => loadQuestions(db, eventId, lang));
}

/** The event's checkout questions; their labels and choices in `lang` where the organiser wrote them. */
export async function loadQuestions(db: Db, eventId: string, lang: Locale = DEFAULT_LOCALE): Promise<PublicQuestion[]> {
  const { rows } = await sqlOf(db).query<{
    id: string;
    label: string;
    kind: QuestionKind;
    options: string[] | null;
    required: boolean;
    scope: "order" | "attendee";
    ticketTypeIds: string[] | null;
    translations: unknown;
  }>(
    `SELECT "id", "label", "kind"::text AS "kind", "options", "required", "scope"::text AS "scope", "ticketTypeIds", "translations"
     FROM "CheckoutQuestion" WHERE "eventId" = $1 ORDER BY "sortOrder", "createdAt", "id"`,
    [eventId],
  );
  return rows.map((q) => ({
    id: q.id,
    label: localized(q.translations, lang, "label", q.label),
    kind: q.kind,
    ...(q.kind === "choice" && { options: q.options ?? [] }),
    // The answer stored is always the option itself, whatever language the buyer chose it in.
    ...(q.kind === "choice" &&
      lang !== DEFAULT_LOCALE && { optionLabels: localizedList(q.translations, lang, "options", q.options ?? []) }),
    required: q.required,
    scope: q.scope,
    ...(q.ticketTypeIds?.length && { ticketTypeIds: q.ticketTypeIds }),
  }));
}

const email = z.email();

/**
 * One answer checked against its question: the stored value, nothing (an optional question left blank),
 * or the message for the buyer. Phones are stored in E.164 for the event's country.
 */
export function checkAnswer(
  q: PublicQuestion,
  raw: AnswerValue | undefined,
  country: string,
): { value?: AnswerValue } | { error: string } {
  if (q.kind === "checkbox") {
    if (raw !== undefined && typeof raw !== "boolean") return { error: "Tick the box or leave it empty." };
    if (q.required && raw !== true) return { error: "Please tick this box." };
    return raw === undefined ? {} : { value: raw };
  }
  if (typeof raw === "boolean") return { error: "Enter an answer." };
  const text = raw?.trim() ?? "";
  if (!text) return q.required ? { error: "Please answer this question." } : {};
  if (text.length > 500) return { error: "At most 500 characters." };
  switch (q.kind) {
    case "choice":
      return q.options?.includes(text) ? { value: text } : { error: `Choose one of: ${q.options?.join(", ")}.` };
    case "phone": {
      const phone = normalizePhone(text, country);
      return phone ? { value: phone } : { error: "Enter a valid phone number." };
    }
    case "email":
      return email.safeParse(text).success ? { value: text.toLowerCase() } : { error: "Enter a valid e-mail address." };
    default:
      return { value: text };
  }
}

/** The answers one scope asks for, checked; messages go to `fields` under `prefix.<questionId>`. */
export function checkAnswers(
  questions: readonly PublicQuestion[],
  given: Answers | undefined,
  country: string,
  prefix: string,
  fields: Record<string, string>,
): Answers {
  const out: Answers = {};
  for (const q of questions) {
    const r = checkAnswer(q, given?.[q.id], country);
    if ("error" in r) fields[`${prefix}.${q.id}`] = r.error;
    else if (r.value !== undefined) out[q.id] = r.value;
  }
  return out;
}

interface OrderLineAnswers {
  ticketTypeId: string;
  quantity: number;
  attendees?: { answers?: Answers }[];
}

export interface CheckedOrderAnswers {
  /** Order-scoped answers (stored on the order). */
  order: Answers;
  /** Attendee answers per request line and seat (stored with the seat's attendee, then on its ticket). */
  seats: Answers[][];
}

/**
 * Checks an order's answers against the event's questions: order questions once (if any of the order's
 * ticket types is asked), attendee questions for every seat of a type they apply to. Answers to questions
 * not asked are dropped. All problems at once, keyed like the request (`answers.<id>`,
 * `items.<i>.attendees.<j>.answers.<id>`), so the form can put each message by its field.
 */
export function checkOrderAnswers(
  questions: readonly PublicQuestion[],
  country: string,
  input: { answers?: Answers; items: readonly OrderLineAnswers[] },
): CheckedOrderAnswers {
  const fields: Record<string, string> = {};
  const types = input.items.map((i) => i.ticketTypeId);
  const orderQuestions = questions.filter((q) => q.scope === "order" && questionApplies(q, types));
  const order = checkAnswers(orderQuestions, input.answers, country, "answers", fields);
  const seats = input.items.map((item, i) => {
    const asked = questions.filter((q) => q.scope === "attendee" && questionApplies(q, [item.ticketTypeId]));
    return Array.from({ length: item.quantity }, (_, j) =>
      asked.length
        ? checkAnswers(asked, item.attendees?.[j]?.answers, country, `items.${i}.attendees.${j}.answers`, fields)
        : {},
    );
  });
  const problems = Object.keys(fields).length;
  if (problems)
    throw invalid(
      problems === 1 ? "Please answer the highlighted question." : "Please answer the highlighted questions.",
      fields,
    );
  return { order, seats };
}
