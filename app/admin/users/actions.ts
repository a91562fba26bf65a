"use server";

import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/guards";
import { currentSession } from "@/lib/auth/session";
import { createUser, removeUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export type FormState = { ok: boolean; message: string; fields?: Record<string, string> } | null;

/** Server actions check the role themselves: a page's guard does not protect a posted action. */
export async function addUser(_prev: FormState, form: FormData): Promise<FormState> {
  try {
    const actor = await requireRole(await currentSession(), ["admin"]);
    const user = await createUser(await getDb(), actor, Object.fromEntries(form));
    revalidatePath("/admin/users");
    return { ok: true, message: `Added ${user.email} (${user.role}).` };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, message: err.message, fields: err.fields };
    throw err;
  }
}

export async function deleteUser(form: FormData): Promise<void> {
  const actor = await requireRole(await currentSession(), ["admin"]);
  await removeUser(await getDb(), actor, String(form.get("userId") ?? ""));
  revalidatePath("/admin/users");
}
