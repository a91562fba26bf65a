import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { localized, localizedList, TRANSLATED_LOCALES, translatedFieldName } from "@/lib/i18n/content";
import { loadQuestions } from "@/lib/questions/answers";
import { QUESTION_KINDS, type PublicQuestion } from "@/lib/questions/schemas";
import { deleteQuestionAction, moveQuestionAction, saveQuestionAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Checkout questions", robots: { index: false } };

const input = "mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2";
const small = "min-h-9 rounded-lg border border-stone-300 px-3 text-sm font-medium hover:bg-stone-100";

function QuestionForm({
  eventId,
  types,
  question,
  translations,
}: {
  eventId: string;
  types: { id: string; name: string }[];
  question?: PublicQuestion;
  /** The question's stored translations, by locale. */
  translations?: unknown;
}) {
  const languageName = (locale: string) => new Intl.DisplayNames(["en"], { type: "language" }).of(locale) ?? locale;
  return (
    <form action={saveQuestionAction} className="grid gap-3 sm:grid-cols-2">
      <input type="hidden" name="eventId" value={eventId} />
      {question && <input type="hidden" name="questionId" value={question.id} />}
      <label className="text-sm font-medium sm:col-span-2">
        Question
        <input name="label" required maxLength={200} defaultValue={question?.label} className={input} />
      </label>
      <label className="text-sm font-medium">
        Kind
        <select name="kind" defaultValue={question?.kind ?? "text"} className={input}>
          {QUESTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {k === "email" ? "e-mail" : k}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Asked
        <select name="scope" defaultValue={question?.scope ?? "order"} className={input}>
          <option value="order">once per order</option>
          <option value="attendee">for each attendee</option>
        </select>
      </label>
      <label className="text-sm font-medium sm:col-span-2">
        Options (for a choice; one per line or separated by commas)
        <textarea name="options" rows={2} defaultValue={question?.options?.join("\n")} className={input} />
      </label>
      {TRANSLATED_LOCALES.map((locale) => (
        <details key={locale} className="rounded-lg border border-stone-200 p-3 sm:col-span-2" lang={locale}>
          <summary className="cursor-pointer text-sm font-medium text-brand-700">
            In {languageName(locale)} (optional)
          </summary>
          <label className="mt-2 block text-sm font-medium">
            Question in {languageName(locale)}
            <input
              name={translatedFieldName("label", locale)}
              maxLength={200}
              defaultValue={localized(translations, locale, "label", "")}
              className={input}
            />
          </label>
          <label className="mt-2 block text-sm font-medium">
            Options in {languageName(locale)} (one per line, in the order above; buyers&apos; answers keep the options
            above)
            <textarea
              name={translatedFieldName("options", locale)}
              rows={2}
              defaultValue={
                question?.options
                  ? localizedList(
                      translations,
                      locale,
                      "options",
                      question.options.map(() => ""),
                    ).join("\n")
                  : ""
              }
              className={input}
            />
          </label>
        </details>
      ))}
      <label className="flex items-center gap-2 text-sm font-medium">
        <input type="checkbox" name="required" defaultChecked={question?.required} className="size-5" /> Required
      </label>
      <fieldset className="text-sm sm:col-span-2">
        <legend className="font-medium">Only for these ticket types (none ticked: every type)</legend>
        <div className="mt-1 flex flex-wrap gap-3">
          {types.map((t) => (
            <label key={t.id} className="flex items-center gap-2">
              <input
                type="checkbox"
                name="ticketTypeIds"
                value={t.id}
                defaultChecked={question?.ticketTypeIds?.includes(t.id)}
                className="size-5"
              />
              {t.name}
            </label>
          ))}
        </div>
      </fieldset>
      <button className={`${small} sm:col-span-2 sm:justify-self-start`}>
        {question ? "Save" : "Add the question"}
      </button>
    </form>
  );
}

export default async function AdminQuestionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ error?: string }>;
}) {
  const { id } = await params;
  await requirePageRole(["admin"], `/admin/events/${id}/questions`);
  const { error } = await searchParams;
  const db = await getDb();
  const event = await db.event.findUnique({
    where: { id },
    select: { id: true, name: true, ticketTypes: { orderBy: { sortOrder: "asc" }, select: { id: true, name: true } } },
  });
  if (!event) notFound();
  const questions = await loadQuestions(db, id);
  const stored = new Map(
    (await db.checkoutQuestion.findMany({ where: { eventId: id }, select: { id: true, translations: true } })).map(
      (q) => [q.id, q.translations],
    ),
  );
  const typeName = (tid: string) => event.ticketTypes.find((t) => t.id === tid)?.name ?? "?";

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/admin/events/${event.id}`} className="text-brand-700 underline">
          ← {event.name}
        </Link>
      </p>
      <h1 className="text-xl font-bold">Checkout questions</h1>
      {typeof error === "string" && <Alert tone="error" title={error.slice(0, 300)} />}
      {questions.length === 0 && <p className="text-stone-700">No questions: checkout asks only for the buyer.</p>}
      <ol className="space-y-3">
        {questions.map((q, i) => (
          <li key={q.id} className="rounded-xl border border-stone-200 bg-white">
            <details>
              <summary className="flex min-h-11 cursor-pointer flex-wrap items-center gap-x-3 p-4">
                <span className="font-medium">{q.label}</span>
                <span className="text-sm text-stone-600">
                  {q.kind} · {q.scope === "order" ? "per order" : "per attendee"} ·{" "}
                  {q.required ? "required" : "optional"}
                  {q.options && ` · ${q.options.join(", ")}`}
                  {q.ticketTypeIds && ` · ${q.ticketTypeIds.map(typeName).join(", ")}`}
                </span>
              </summary>
              <div className="space-y-3 border-t border-stone-200 p-4">
                <QuestionForm
                  eventId={event.id}
                  types={event.ticketTypes}
                  question={q}
                  translations={stored.get(q.id)}
                />
                <div className="flex flex-wrap gap-2">
                  {[-1, 1].map((by) => (
                    <form key={by} action={moveQuestionAction}>
                      <input type="hidden" name="eventId" value={event.id} />
                      <input type="hidden" name="questionId" value={q.id} />
                      <input type="hidden" name="by" value={by} />
                      <button className={small} disabled={by === -1 ? i === 0 : i === questions.length - 1}>
                        {by === -1 ? "Move up" : "Move down"}
                      </button>
                    </form>
                  ))}
                  <form action={deleteQuestionAction}>
                    <input type="hidden" name="eventId" value={event.id} />
                    <input type="hidden" name="questionId" value={q.id} />
                    <button className={small}>Delete</button>
                  </form>
                </div>
              </div>
            </details>
          </li>
        ))}
      </ol>
      <section className="space-y-3 rounded-xl border border-stone-200 bg-white p-4" aria-labelledby="add-question">
        <h2 id="add-question" className="text-lg font-semibold">
          Add a question
        </h2>
        <QuestionForm eventId={event.id} types={event.ticketTypes} />
      </section>
    </div>
  );
}
