"use server";

import { revalidatePath } from "next/cache";
import type { AdminFormState } from "@/lib/admin/event-schemas";
import { createPromoCode, setPromoCodePaused, updatePromoCode } from "@/lib/admin/promo-codes";
import { requireRole, type AuthorizedUser } from "@/lib/auth/guards";
import { currentSession } from "@/lib/auth/session";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** The admin's promo-code actions: each checks the role itself, like the event actions next to it. */
async function promoAction(
  form: FormData,
  work: (db: Db, actor: AuthorizedUser, values: Record<string, string>) => Promise<string>,
): Promise<AdminFormState> {
  const values = Object.fromEntries(
    [...form].filter((e): e is [string, string] => typeof e[1] === "string" && !e[0].startsWith("$ACTION")),
  );
  const nonce = Date.now() + Math.random();
  let message: string;
  try {
    const actor = await requireRole(await currentSession(), ["admin"]);
    message = await work(await getDb(), actor, values);
  } catch (err) {
    if (err instanceof AppError) return { ok: false, message: err.message, fields: err.fields, values, nonce };
    throw err;
  }
  revalidatePath(`/admin/events/${values.eventId}/promo-codes`);
  return { ok: true, message, nonce };
}

export async function createPromoCodeAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return promoAction(form, async (db, actor, values) => {
    const created = await createPromoCode(db, actor, values.eventId ?? "", values);
    return `Created ${created.code}.`;
  });
}

export async function updatePromoCodeAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return promoAction(form, async (db, actor, values) => {
    const updated = await updatePromoCode(db, actor, values.promoCodeId ?? "", values);
    return `Saved ${updated.code}.`;
  });
}

export async function setPromoCodePausedAction(_prev: AdminFormState, form: FormData): Promise<AdminFormState> {
  return promoAction(form, async (db, actor, values) => {
    const paused = values.paused === "true";
    await setPromoCodePaused(db, actor, values.promoCodeId ?? "", paused);
    return paused ? "Paused: buyers can no longer use it." : "Resumed: buyers can use it again.";
  });
}
