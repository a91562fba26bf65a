"use server";

import { revalidatePath } from "next/cache";
import { saveBooth, saveHall, setBoothBlocked } from "@/lib/admin/booths";
import { requireRole, type AuthorizedUser } from "@/lib/auth/guards";
import { currentSession } from "@/lib/auth/session";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { FormState } from "./action-form";

type Fields = Record<string, FormDataEntryValue>;
const text = (v: FormDataEntryValue | undefined) => (typeof v === "string" && v ? v : undefined);

/** Every action checks the role itself: a page's guard does not protect a posted action. */
async function run(
  form: FormData,
  work: (db: Db, actor: AuthorizedUser, fields: Fields, eventId: string) => Promise<string>,
): Promise<FormState> {
  try {
    const actor = await requireRole(await currentSession(), ["admin"]);
    const { eventId, ...fields } = Object.fromEntries(form);
    const message = await work(await getDb(), actor, fields, String(eventId ?? ""));
    revalidatePath(`/admin/booths/${String(eventId ?? "")}`);
    return { ok: true, message };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, message: err.message, fields: err.fields };
    throw err;
  }
}

export async function saveHallAction(_prev: FormState, form: FormData): Promise<FormState> {
  return run(form, async (db, actor, { hallId, ...fields }, eventId) => {
    await saveHall(db, actor, eventId, fields, text(hallId));
    return hallId ? "Hall saved." : "Hall added.";
  });
}

export async function saveBoothAction(_prev: FormState, form: FormData): Promise<FormState> {
  return run(form, async (db, actor, { boothId, ...fields }, eventId) => {
    await saveBooth(db, actor, eventId, fields, text(boothId));
    return `Booth ${String(fields.code ?? "")
      .trim()
      .toUpperCase()} ${boothId ? "saved" : "added"}.`;
  });
}

export async function blockBoothAction(_prev: FormState, form: FormData): Promise<FormState> {
  return run(form, async (db, actor, { boothId, blocked }) => {
    await setBoothBlocked(db, actor, String(boothId ?? ""), blocked === "true");
    return blocked === "true" ? "Booth blocked: it is off sale." : "Booth unblocked: it is on sale again.";
  });
}
