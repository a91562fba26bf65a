"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole, type AuthorizedUser } from "@/lib/auth/guards";
import { currentSession } from "@/lib/auth/session";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { offerEntry, removeEntry, setOfferHours, setWaitlistEnabled } from "@/lib/waitlist/admin";

/** Runs one waiting-list change as an admin; a refusal comes back to the page as its message. */
async function waitlistAction(form: FormData, work: (db: Db, actor: AuthorizedUser, eventId: string) => Promise<void>) {
  const actor = await requireRole(await currentSession(), ["admin"]);
  const eventId = String(form.get("eventId") ?? "");
  const page = `/admin/events/${encodeURIComponent(eventId)}/waitlist`;
  let error: string | null = null;
  try {
    await work(await getDb(), actor, eventId);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    error = err.message;
  }
  revalidatePath("/", "layout");
  redirect(error ? `${page}?error=${encodeURIComponent(error)}` : page);
}

export async function offerEntryAction(form: FormData) {
  await requireRole(await currentSession(), ["admin"]);
  await waitlistAction(form, (db, actor, eventId) => offerEntry(db, actor, eventId, String(form.get("entryId"))));
}

export async function removeEntryAction(form: FormData) {
  await requireRole(await currentSession(), ["admin"]);
  await waitlistAction(form, (db, actor, eventId) => removeEntry(db, actor, eventId, String(form.get("entryId"))));
}

export async function toggleWaitlistAction(form: FormData) {
  await requireRole(await currentSession(), ["admin"]);
  await waitlistAction(form, (db, actor) =>
    setWaitlistEnabled(db, actor, String(form.get("ticketTypeId")), form.get("enabled") === "true"),
  );
}

export async function offerHoursAction(form: FormData) {
  await requireRole(await currentSession(), ["admin"]);
  await waitlistAction(form, (db, actor, eventId) => setOfferHours(db, actor, eventId, { hours: form.get("hours") }));
}
