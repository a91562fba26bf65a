"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireRole, type AuthorizedUser } from "@/lib/auth/guards";
import { currentSession } from "@/lib/auth/session";
import { rightsLabel } from "@/lib/auth/rights";
import { createUser, removeUser, setStaffRights, unlockUser } from "@/lib/auth/users";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseWith } from "@/lib/http/api";

export type FormState = { ok: boolean; message: string; fields?: Record<string, string> } | null;

const userRef = z.object({ userId: z.string("Choose a user.").min(1, "Choose a user.").max(100) });

/**
 * Every action checks the role itself (a page's guard does not protect a posted action), and every
 * refusal (signed out, not an admin, a bad or unknown user, a rule) comes back as a message for the
 * page: a thrown error would reach the caller as a bare 500. The form may be anything when the action
 * is posted by hand, so it is read defensively.
 */
async function run(
  form: unknown,
  work: (db: Db, actor: AuthorizedUser, fields: Record<string, FormDataEntryValue>) => Promise<string>,
): Promise<FormState> {
  try {
    const actor = await requireRole(await currentSession(), ["admin"]);
    const message = await work(await getDb(), actor, form instanceof FormData ? Object.fromEntries(form) : {});
    revalidatePath("/admin/users");
    return { ok: true, message };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, message: err.message, fields: err.fields };
    throw err;
  }
}

export async function addUser(_prev: FormState, form: FormData): Promise<FormState> {
  return run(form, async (db, actor, fields) => {
    const user = await createUser(db, actor, fields);
    return `Added ${user.email} (${user.role === "admin" ? "admin" : `staff, ${rightsLabel(user)}`}).`;
  });
}

export async function deleteUser(_prev: FormState, form: FormData): Promise<FormState> {
  return run(form, async (db, actor, fields) => {
    await removeUser(db, actor, parseWith(userRef, fields, "user").userId);
    return "User removed; their sessions have ended.";
  });
}

export async function unlockUserAction(_prev: FormState, form: FormData): Promise<FormState> {
  return run(form, async (db, actor, fields) => {
    const user = await unlockUser(db, actor, parseWith(userRef, fields, "user").userId);
    return `${user.email} can sign in again.`;
  });
}

export async function setRightsAction(_prev: FormState, form: FormData): Promise<FormState> {
  return run(form, async (db, actor, fields) => {
    const user = await setStaffRights(db, actor, fields);
    return `${user.email}: ${rightsLabel(user)}. Their sessions have ended; they sign in again with the new rights.`;
  });
}
