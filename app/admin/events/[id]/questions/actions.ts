"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole, type AuthorizedUser } from "@/lib/auth/guards";
import { currentSession } from "@/lib/auth/session";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { deleteQuestion, moveQuestion, saveQuestion } from "@/lib/questions/admin";

/** Runs one question change as an admin; a refusal comes back to the page as its message. */
async function questionAction(form: FormData, work: (db: Db, actor: AuthorizedUser, eventId: string) => Promise<void>) {
  const actor = await requireRole(await currentSession(), ["admin"]);
  const eventId = String(form.get("eventId") ?? "");
  const page = `/admin/events/${encodeURIComponent(eventId)}/questions`;
  let error: string | null = null;
  try {
    await work(await getDb(), actor, eventId);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = err.fields ? Object.values(err.fields).join(" ") : err.message;
  }
  revalidatePath("/", "layout");
  redirect(error ? `${page}?error=${encodeURIComponent(error)}` : page);
}

export async function saveQuestionAction(form: FormData) {
  await requireRole(await currentSession(), ["admin"]);
  await questionAction(form, (db, actor, eventId) =>
    saveQuestion(db, actor, eventId, String(form.get("questionId") ?? "") || null, {
      label: form.get("label"),
      kind: form.get("kind"),
      options: form.get("options") ?? "",
      required: form.get("required") === "on",
      scope: form.get("scope"),
      ticketTypeIds: form.getAll("ticketTypeIds").map(String),
      // label_sw, options_sw…: the question in the other languages buyers read.
      ...Object.fromEntries([...form.entries()].filter(([k]) => /^(label|options)_[a-z]{2}$/.test(k))),
    }),
  );
}

export async function deleteQuestionAction(form: FormData) {
  await requireRole(await currentSession(), ["admin"]);
  await questionAction(form, (db, actor, eventId) =>
    deleteQuestion(db, actor, eventId, String(form.get("questionId"))),
  );
}

export async function moveQuestionAction(form: FormData) {
  await requireRole(await currentSession(), ["admin"]);
  await questionAction(form, (db, actor, eventId) =>
    moveQuestion(db, actor, eventId, String(form.get("questionId")), form.get("by") === "-1" ? -1 : 1),
  );
}
