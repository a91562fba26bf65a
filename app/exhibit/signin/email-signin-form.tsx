"use client";

import { useTranslations } from "next-intl";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/**
 * Asks next-auth's e-mail provider for a link (CSRF token included). Every accepted request lands on
 * the same "check your e-mail" page, whether or not the address gets a link.
 */
export function EmailSignInForm({ callbackUrl }: { callbackUrl: string }) {
  const t = useTranslations("portal.signIn");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get("email") ?? "").trim();
    setBusy(true);
    setError("");
    try {
      const res = await signIn("email", { email, callbackUrl, redirect: false });
      if (!res || res.error) {
        setError(t("invalidEmail"));
        setBusy(false);
        return;
      }
      // A full page load, not router.push: after a client-side navigation to this page Next.js (16.4) at
      // times leaves the document without its <title> (axe-core: document-title), which a screen reader
      // announces on arrival and the browser tab shows. The page is static text: a load costs little.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- see above
      window.location.assign("/exhibit/signin/check-email");
    } catch {
      setError(t("offline"));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert tone="error">{error}</Alert>}
      <Field
        id="email"
        name="email"
        label={t("email")}
        type="email"
        autoComplete="email"
        inputMode="email"
        required
        autoCapitalize="none"
        spellCheck={false}
      />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? t("sending") : t("send")}
      </Button>
    </form>
  );
}
