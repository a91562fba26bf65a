"use client";

import { useTranslations } from "next-intl";
import { Field } from "@/components/ui/field";
import type { Answers, PublicQuestion } from "@/lib/questions/schemas";

/**
 * One checkout question as a form control. Its `name` is the key the server uses for its error
 * (`answers.<id>` or `items.<i>.attendees.<j>.answers.<id>`), so an error comes back to its own field.
 */
export function QuestionField({
  question: q,
  name,
  error,
  defaultValue,
  onChange,
}: {
  question: PublicQuestion;
  name: string;
  error?: string;
  defaultValue?: string | boolean;
  onChange?: () => void;
}) {
  const t = useTranslations("common");
  const id = name.replace(/\./g, "-");
  const label = q.required || q.kind === "checkbox" ? q.label : t("optional", { label: q.label });
  const errorLine = (
    <p id={`${id}-error`} aria-live="polite" className="mt-1 text-sm font-medium text-red-700 empty:hidden">
      {error}
    </p>
  );
  if (q.kind === "checkbox") {
    return (
      <div>
        <label className="flex min-h-11 items-center gap-3 text-stone-900">
          <input
            id={id}
            type="checkbox"
            name={name}
            defaultChecked={defaultValue === true}
            onChange={onChange}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            className="size-5 accent-brand-700"
          />
          <span className="text-sm font-medium">{label}</span>
        </label>
        {errorLine}
      </div>
    );
  }
  if (q.kind === "choice") {
    return (
      <div>
        <label htmlFor={id} className="block text-sm font-medium text-stone-900">
          {label}
        </label>
        <select
          id={id}
          name={name}
          defaultValue={typeof defaultValue === "string" ? defaultValue : ""}
          onChange={onChange}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`mt-1 block min-h-11 w-full rounded-lg border bg-white px-3 py-2 text-base ${error ? "border-red-600" : "border-stone-300"}`}
        >
          <option value="">{t("choose")}</option>
          {q.options?.map((o, i) => (
            <option key={o} value={o}>
              {q.optionLabels?.[i] ?? o}
            </option>
          ))}
        </select>
        {errorLine}
      </div>
    );
  }
  return (
    <Field
      id={id}
      name={name}
      label={label}
      type={q.kind === "email" ? "email" : q.kind === "phone" ? "tel" : "text"}
      inputMode={q.kind === "email" ? "email" : q.kind === "phone" ? "tel" : undefined}
      autoCapitalize={q.kind === "email" ? "none" : undefined}
      maxLength={500}
      defaultValue={typeof defaultValue === "string" ? defaultValue : undefined}
      error={error}
      onChange={onChange}
    />
  );
}

/** The answers of the questions whose fields are named `${prefix}.<id>`; blanks are left out. */
export function readAnswers(form: FormData, questions: readonly PublicQuestion[], prefix: string): Answers {
  const answers: Answers = {};
  for (const q of questions) {
    const key = `${prefix}.${q.id}`;
    if (q.kind === "checkbox") answers[q.id] = form.get(key) === "on";
    else {
      const value = String(form.get(key) ?? "").trim();
      if (value) answers[q.id] = value;
    }
  }
  return answers;
}
