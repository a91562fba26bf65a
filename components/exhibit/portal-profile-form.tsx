"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export type ProfileFormState = { ok: boolean; message: string; fields?: Record<string, string> } | null;

export interface EditableProfile {
  id: string;
  companyName: string;
  contactName: string;
  phone: string;
  website: string | null;
  description: string | null;
  requirements: string | null;
}

const area =
  "mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 focus:outline-2 focus:outline-offset-1 focus:outline-brand-700";

/** The company profile and requirements of one event's booking, saved by a server action that re-checks everything. */
export function PortalProfileForm({
  profile,
  action,
  deadline,
}: {
  profile: EditableProfile;
  action: (prev: ProfileFormState, form: FormData) => Promise<ProfileFormState>;
  /** Already formatted in the event's time zone. */
  deadline: string;
}) {
  const t = useTranslations("portal.profile");
  const [state, formAction, pending] = useActionState<ProfileFormState, FormData>(action, null);
  const err = (f: string) => state?.fields?.[f];
  const id = (f: string) => `${f}-${profile.id}`;
  return (
    <form action={formAction} className="space-y-3">
      <input type="hidden" name="exhibitorId" value={profile.id} />
      <p className="text-sm text-stone-600">{t("until", { deadline })}</p>
      <Field
        id={id("companyName")}
        name="companyName"
        label={t("companyName")}
        defaultValue={profile.companyName}
        required
        maxLength={120}
        error={err("companyName")}
      />
      <Field
        id={id("contactName")}
        name="contactName"
        label={t("contactName")}
        defaultValue={profile.contactName}
        required
        maxLength={100}
        autoComplete="name"
        error={err("contactName")}
      />
      <Field
        id={id("phone")}
        name="phone"
        label={t("phone")}
        type="tel"
        defaultValue={profile.phone}
        required
        autoComplete="tel"
        error={err("phone")}
      />
      <Field
        id={id("website")}
        name="website"
        label={t("website")}
        defaultValue={profile.website ?? ""}
        inputMode="url"
        placeholder="https://"
        maxLength={200}
        error={err("website")}
      />
      <div>
        <label htmlFor={id("description")} className="block text-sm font-medium text-stone-900">
          {t("about")}
        </label>
        <textarea
          id={id("description")}
          name="description"
          rows={3}
          maxLength={2000}
          defaultValue={profile.description ?? ""}
          className={area}
        />
        {err("description") && <p className="mt-1 text-sm font-medium text-red-700">{err("description")}</p>}
      </div>
      <div>
        <label htmlFor={id("requirements")} className="block text-sm font-medium text-stone-900">
          {t("requirements")}
        </label>
        <textarea
          id={id("requirements")}
          name="requirements"
          rows={3}
          maxLength={2000}
          defaultValue={profile.requirements ?? ""}
          className={area}
        />
        {err("requirements") && <p className="mt-1 text-sm font-medium text-red-700">{err("requirements")}</p>}
      </div>
      {state && <Alert tone={state.ok ? "info" : "error"}>{state.message}</Alert>}
      <Button type="submit" disabled={pending}>
        {pending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}
