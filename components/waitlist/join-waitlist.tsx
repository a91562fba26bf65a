"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

type Fields = Partial<Record<"name" | "email" | "phone", string>>;

/**
 * "Join the waiting list" for a sold-out ticket type: name, e-mail and phone, sent to the API (the event
 * page is shared cached HTML, so nothing here depends on the server render beyond the type's id).
 */
export function JoinWaitlist({
  slug,
  ticketTypeId,
  ticketName,
}: {
  slug: string;
  ticketTypeId: string;
  ticketName: string;
}) {
  const t = useTranslations("waitlist");
  const tc = useTranslations("common");
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Fields>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [position, setPosition] = useState<number | null>(null);

  if (position !== null) {
    return (
      <Alert tone="info" title={t("joined", { position })}>
        {t("joinedBody", { ticketName })}
      </Alert>
    );
  }
  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)} className="w-full sm:w-auto">
        {t("join")}
      </Button>
    );
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const value = (k: string) => String(form.get(k) ?? "").trim();
    setBusy(true);
    setProblem(null);
    const res = await fetch(`/api/events/${encodeURIComponent(slug)}/waitlist`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ticketTypeId, name: value("name"), email: value("email"), phone: value("phone") }),
    }).catch(() => null);
    setBusy(false);
    const body = await res?.json().catch(() => null);
    if (res?.status === 201) {
      setPosition(body.position);
      return;
    }
    setErrors(body?.error?.fields ?? {});
    setProblem(body?.error?.message ?? tc("offline"));
  }

  const id = (k: string) => `waitlist-${ticketTypeId}-${k}`;
  return (
    <form onSubmit={submit} noValidate className="space-y-3 rounded-lg border border-stone-200 p-3">
      <p className="font-semibold">{t("joinFor", { ticketName })}</p>
      <Field
        id={id("name")}
        name="name"
        label={tc("fullName")}
        autoComplete="name"
        maxLength={100}
        error={errors.name}
      />
      <Field
        id={id("email")}
        name="email"
        type="email"
        inputMode="email"
        autoCapitalize="none"
        label={tc("email")}
        autoComplete="email"
        maxLength={200}
        error={errors.email}
      />
      <Field
        id={id("phone")}
        name="phone"
        type="tel"
        inputMode="tel"
        label={tc("phone")}
        autoComplete="tel"
        maxLength={32}
        error={errors.phone}
      />
      {problem && <Alert tone="error" title={problem} />}
      <Button type="submit" disabled={busy} className="w-full">
        {busy ? t("joining") : t("join")}
      </Button>
    </form>
  );
}
