"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

function message(error: string, lockMinutes: number): string {
  if (error === "CredentialsSignin") return "That e-mail and password do not match a staff or admin account.";
  if (error === "locked")
    return `Too many failed attempts. Wait ${lockMinutes} minutes and try again, or ask an admin to unlock your account.`;
  return "Signing in did not work. Please try again.";
}

/** Posts to next-auth's credentials callback (CSRF token included) and stays on the page to show errors. */
export function SignInForm({
  callbackUrl,
  initialError,
  lockMinutes,
}: {
  callbackUrl: string;
  initialError?: string;
  lockMinutes: number;
}) {
  const [error, setError] = useState(initialError ? message(initialError, lockMinutes) : "");
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError("");
    try {
      const res = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
      });
      if (!res || res.error) {
        setError(message(res?.error ?? "", lockMinutes));
        setBusy(false);
        return;
      }
      // A full load, so every server component sees the new session cookie.
      window.location.assign(callbackUrl);
    } catch {
      setError("No connection. Check your network and try again.");
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="mt-4 space-y-4">
      {error && <Alert tone="error">{error}</Alert>}
      <Field
        id="email"
        name="email"
        label="E-mail"
        type="email"
        autoComplete="username"
        inputMode="email"
        required
        autoCapitalize="none"
        spellCheck={false}
      />
      <Field id="password" name="password" label="Password" type="password" autoComplete="current-password" required />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
