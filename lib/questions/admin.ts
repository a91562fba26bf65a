import "server-only";
import { z } from "zod";
import type { AuthorizedUser } from "../auth/guards";
import { invalidateCatalog } from "../catalog/catalog-cache";
import type { Db } from "../db/client";
import { notFound } from "../errors";
import { parseWith } from "../http/api";
import { TRANSLATED_LOCALES, translatedFieldName, type ContentTranslations } from "../i18n/content";
import { QUESTION_KINDS } from "./schemas";

/** Options as typed: one per line or comma-separated, each once. */
const optionLines = (s: string) =>
  [
    ...new Set(
      s
        .split(/[\n,]/)
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  ].slice(0, 50);

/**
 * The question and its choices in the other languages ("label_sw", "options_sw"): the options translate
 * the stored ones line for line; what a buyer answers is always the stored option.
 */
const translatedShape = Object.fromEntries(
  TRANSLATED_LOCALES.flatMap((locale) => [
    [translatedFieldName("label", locale), z.string().trim().max(200, "At most 200 characters.").default("")],
    [translatedFieldName("options", locale), z.string().max(5000).default("")],
  ]),
) as Record<string, z.ZodDefault<z.ZodString>>;

function splitTranslations<T extends Record<string, unknown>>(q: T) {
  const own: Record<string, unknown> = { ...q };
  const translations: ContentTranslations = {};
  for (const locale of TRANSLATED_LOCALES) {
    const label = String(own[translatedFieldName("label", locale)] ?? "");
    const options = String(own[translatedFieldName("options", locale)] ?? "")
      .split("\n")
      .map((o) => o.trim());
    delete own[translatedFieldName("label", locale)];
    delete own[translatedFieldName("options", locale)];
    const entry: Record<string, string | string[]> = {};
    if (label) entry.label = label;
    if (options.some(Boolean)) entry.options = options;
    if (Object.keys(entry).length) translations[locale] = entry;
  }
  return { ...(own as Omit<T, `${string}_${string}`>), translations };
}

/** The question editor's form, as posted: options one per line (or comma-separated), ticket types checked. */
export const questionFormSchema = z
  .object({
    ...translatedShape,
    label: z.string().trim().min(1, "Write the question.").max(200, "At most 200 characters."),
    kind: z.enum(QUESTION_KINDS, "Choose a kind."),
    options: z.string().default("").transform(optionLines),
    required: z.boolean().default(false),
    scope: z.enum(["order", "attendee"], "Ask once per order or per attendee."),
    ticketTypeIds: z.array(z.string().max(64)).max(50).default([]),
  })
  .refine((q) => q.kind !== "choice" || q.options.length >= 2, {
    message: "A choice needs at least two options.",
    path: ["options"],
  })
  .transform(splitTranslations);

// Every change below drops this process's cached catalogue (the storefront and the order route read the
// questions from it), so the next page view and the next order see it.
function audit(db: Db, actor: AuthorizedUser, action: string, id: string, data: object) {
  return db.auditLog.create({
    data: { actorId: actor.id, action, entity: "CheckoutQuestion", entityId: id, data: data as never },
  });
}

/** Adds a question at the end of the event's list, or edits one (`questionId`). Ticket types must be the event's. */
export async function saveQuestion(
  db: Db,
  actor: AuthorizedUser,
  eventId: string,
  questionId: string | null,
  input: unknown,
) {
  const q = parseWith(questionFormSchema, input, "question");
  const types = await db.ticketType.findMany({ where: { eventId }, select: { id: true } });
  const ticketTypeIds = q.ticketTypeIds.filter((id) => types.some((t) => t.id === id));
  const data = { ...q, options: q.kind === "choice" ? q.options : [], ticketTypeIds };
  if (questionId) {
    const { count } = await db.checkoutQuestion.updateMany({ where: { id: questionId, eventId }, data });
    if (!count) throw notFound("not_found", "There is no such question.");
    invalidateCatalog();
    await audit(db, actor, "question.update", questionId, data);
    return;
  }
  const last = await db.checkoutQuestion.aggregate({ where: { eventId }, _max: { sortOrder: true } });
  const created = await db.checkoutQuestion.create({
    data: { ...data, eventId, sortOrder: (last._max.sortOrder ?? -1) + 1 },
  });
  invalidateCatalog();
  await audit(db, actor, "question.create", created.id, data);
}

export async function deleteQuestion(db: Db, actor: AuthorizedUser, eventId: string, questionId: string) {
  const { count } = await db.checkoutQuestion.deleteMany({ where: { id: questionId, eventId } });
  if (!count) return;
  invalidateCatalog();
  await audit(db, actor, "question.delete", questionId, {});
}

/** Moves a question one place up or down; the list is renumbered 0…n so ties cannot make it jump. */
export async function moveQuestion(db: Db, actor: AuthorizedUser, eventId: string, questionId: string, by: -1 | 1) {
  const list = await db.checkoutQuestion.findMany({
    where: { eventId },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  const from = list.findIndex((q) => q.id === questionId);
  const to = from + by;
  if (from < 0 || to < 0 || to >= list.length) return;
  [list[from], list[to]] = [list[to], list[from]];
  await db.$transaction(
    list.map((q, i) => db.checkoutQuestion.update({ where: { id: q.id }, data: { sortOrder: i } })),
  );
  invalidateCatalog();
  await audit(db, actor, "question.move", questionId, { by });
}
