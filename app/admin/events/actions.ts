"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import {
  createEvent,
  createTicketType,
  deleteTicketType,
  setEventPublished,
  updateEvent,
  updateTicketType,
} from "@/lib/admin/events";
import type { AdminFormState } from "@/lib/admin/event-schemas";
import { checkEventImage, removeEventImage, storeEventImage } from "@/lib/catalog/event-image";
import { requireRole, type AuthorizedUser } from "@/lib/auth/guards";
import { currentSession } from "@/lib/auth/session";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

interface Done {
  message: string;
  /** Where to go next (a new event's page). */
  redirectTo?: string;
}

/** Only the fields the admin typed; Next's own hidden inputs ($ACTION_…) are left out. */
function posted(form: FormData): Record<string, string> {
  return Object.fromEntries(
    [...form].filter((e): e is [string, string] => typeof e[1] === "string" && !e[0].startsWith("$ACTION")),
  );
}

/**
 * Every action checks the role itself (a page's guard does not protect a posted action) and turns the
 * caller's mistakes into messages next to the fields; anything else is a real error.
 */
async function adminAction(
  form: FormData,
  work: (db: Db, actor: AuthorizedUser, values: Record<string, string>) => Promise<Done>,
): Promise<AdminFormState> {
  const values = posted(form);
  const nonce = Date.now() + Math.random();
  let done: Done;
  try {
    const actor = await requireRole(await currentSession(), ["admin"]);
    done = await work(await getDb(), actor, values);
  } catch (err) {
    if (err instanceof AppError) return { ok: false, message: err.message, fields: err.fields, values, nonce };
    throw err;
  }
  // The storefront, the exhibitor pages and the admin all show events: refresh everything under the
  // root layout rather than keep a list of paths that would go stale. Admin edits are rare.
  revalidatePath("/", "layout");
  if (done.redirectTo) redirect(done.redirectTo);
  // No values: the form takes the saved ones the refreshed page passes it (or starts empty again).
  return { ok: true, message: done.message, nonce };
}

/** The picture the admin chose to upload, read before any write so a bad file stops the whole save. */
async function uploadedImage(form: FormData): Promise<Uint8Array | null> {
  const file = form.get("image");
  if (!(file instanceof File) || file.size === 0) return null;
  const bytes = new Uint8Array(await file.arrayBuffer());
  checkEventImage(bytes);
  return bytes;
}

export async function createEventAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return adminAction(form, async (db, actor, values) => {
    const image = await uploadedImage(form);
    const event = await createEvent(db, actor, values);
    if (image) await storeEventImage(db, event.id, image);
    return { message: "Event created.", redirectTo: `/admin/events/${event.id}?created=1` };
  });
}

export async function updateEventAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return adminAction(form, async (db, actor, values) => {
    const image = await uploadedImage(form);
    const { changed } = await updateEvent(db, actor, values.id ?? "", values);
    if (image) await storeEventImage(db, values.id ?? "", image);
    else if (values.removeImage === "on") await removeEventImage(db, values.id ?? "");
    const saved = changed.length > 0 || image !== null || values.removeImage === "on";
    return { message: saved ? "Saved." : "Nothing to save: no field changed." };
  });
}

export async function setPublishedAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return adminAction(form, async (db, actor, values) => {
    const publish = values.published === "true";
    await setEventPublished(db, actor, values.id ?? "", publish);
    return { message: publish ? "Published: the event is in the store." : "Unpublished: buyers no longer see it." };
  });
}

export async function createTicketTypeAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return adminAction(form, async (db, actor, values) => {
    await createTicketType(db, actor, values.eventId ?? "", values);
    return { message: `Added ${values.name?.trim()}.` };
  });
}

export async function updateTicketTypeAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return adminAction(form, async (db, actor, values) => {
    const { changed } = await updateTicketType(db, actor, values.ticketTypeId ?? "", values);
    return { message: changed.length ? "Saved." : "Nothing to save: no field changed." };
  });
}

export async function deleteTicketTypeAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return adminAction(form, async (db, actor, values) => {
    await deleteTicketType(db, actor, values.ticketTypeId ?? "");
    return { message: "Deleted." };
  });
}
