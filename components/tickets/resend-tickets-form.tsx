"use client";

import { useTranslations } from "next-intl";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useApiErrorMessage } from "@/components/forms/api-error-message";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { apiFetch, type ApiError } from "@/lib/http/api-client";

export function ResendTicketsForm() {
  const t = useTranslations("tickets.find");
  const tc = useTranslations("common");
  const errorMessage = useApiErrorMessage();
  const [email, setEmail] = useState("");
  const resend = useMutation<{ message: string }, ApiError, string>({
    mutationFn: (to) => apiFetch("/api/tickets/resend", { method: "POST", body: { email: to } }),
  });
  const state = resend.isSuccess
    ? { tone: "info" as const, message: resend.data.message }
    : resend.isError
      ? { tone: "error" as const, message: errorMessage(resend.error) }
      : null;
  const busy = resend.isPending;

  function submit(e: React.FormEvent) {
    e.preventDefault();
    resend.mutate(email);
  }

  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      <label className="block">
        <span className="font-medium">{tc("email")}</span>
        <input
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          className="mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 text-base"
        />
      </label>
      {state && <Alert tone={state.tone}>{state.message}</Alert>}
      <Button type="submit" disabled={busy || !email} className="w-full">
        {busy ? t("sending") : t("send")}
      </Button>
    </form>
  );
}
