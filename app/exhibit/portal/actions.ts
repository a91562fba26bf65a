"use server";

import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/auth/guards";
import { currentSession } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { updatePortalProfile } from "@/lib/exhibit/portal";
import { pageLocale } from "@/lib/i18n/page-locale";
import { getTranslator } from "@/lib/i18n/translator";
import type { ProfileFormState } from "@/components/exhibit/portal-profile-form";

/** Checks the role itself (a page's guard does not protect a posted action); the deadline and ownership are checked in lib. */
export async function saveProfile(_prev: ProfileFormState, form: FormData): Promise<ProfileFormState> {
  try {
    const user = await requireRole(await currentSession(), ["exhibitor"]);
    const { exhibitorId, ...fields } = Object.fromEntries(form);
    await updatePortalProfile(await getDb(), { user }, String(exhibitorId ?? ""), fields);
    revalidatePath("/exhibit/portal");
    const t = await getTranslator(await pageLocale());
    return { ok: true, message: t("portal.profile.saved") };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, message: err.message, fields: err.fields };
    throw err;
  }
}
