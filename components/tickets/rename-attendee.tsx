"use client";

import { useTranslations } from "next-intl";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useApiErrorMessage } from "@/components/forms/api-error-message";
import { QuestionField, readAnswers } from "@/components/questions/question-fields";
import { apiFetch, type ApiError } from "@/lib/http/api-client";
import { answerText, type AnswerValue, type PublicQuestion } from "@/lib/questions/schemas";

/**
 * "Change name": the buyer fixes who a ticket is for; the QR code stays the same. Only the buyer may: the
 * order page's browser proves it with the cookie from checkout, the e-mailed tickets page with the link's
 * token (`accessToken`), sent as a Bearer token.
 */
export function RenameAttendee({
  reference,
  ticketId,
  current,
  accessToken,
  questions = [],
}: {
  reference: string;
  ticketId: string;
  current: string;
  accessToken?: string;
  /** The attendee's checkout questions with their current answers, editable with the name. */
  questions?: (PublicQuestion & { value?: AnswerValue })[];
}) {
  const t = useTranslations("tickets");
  const errorMessage = useApiErrorMessage();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(current);
  const rename = useMutation<unknown, ApiError, { name: string; answers?: Record<string, AnswerValue> }>({
    mutationFn: (body) =>
      apiFetch(`/api/orders/${encodeURIComponent(reference)}/tickets/${encodeURIComponent(ticketId)}`, {
        method: "PATCH",
        body,
        token: accessToken,
      }),
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  const error = rename.error ? errorMessage(rename.error) : null;
  const fields = rename.error?.fields ?? {};
  const busy = rename.isPending;

  const answered = questions.filter((q) => q.value !== undefined);
  if (!open) {
    return (
      <div className="mt-1 space-y-1">
        {answered.length > 0 && (
          <p className="text-sm text-stone-700">
            {answered.map((q) => `${q.label}: ${answerText(q.value)}`).join(" · ")}
          </p>
        )}
        <button type="button" onClick={() => setOpen(true)} className="text-sm font-medium text-brand-700 underline">
          {questions.length ? t("changeNameAnswers") : t("changeName")}
        </button>
      </div>
    );
  }
  function save(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const answers = questions.length ? readAnswers(new FormData(e.currentTarget), questions, "answers") : undefined;
    rename.mutate({ name, ...(answers && { answers }) });
  }
  return (
    <form onSubmit={save} className="mt-2 flex flex-wrap items-end gap-2">
      <label className="grow">
        <span className="block text-sm font-medium">{t("attendeeName")}</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          className="mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 text-base"
          aria-invalid={error ? true : undefined}
        />
      </label>
      {questions.map((q) => (
        <div key={q.id} className="w-full">
          <QuestionField
            question={q}
            name={`answers.${q.id}`}
            defaultValue={q.value}
            error={fields[`answers.${q.id}`]}
          />
        </div>
      ))}
      <button
        type="submit"
        disabled={busy}
        className="min-h-11 rounded-lg bg-brand-700 px-4 font-semibold text-white disabled:bg-stone-300"
      >
        {busy ? t("saving") : t("save")}
      </button>
      {error && (
        <p role="alert" className="w-full text-sm text-red-800">
          {error}
        </p>
      )}
    </form>
  );
}
