"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export function ResendTicketsForm() {
  const [email, setEmail] = useState("");
  const [state, setState] = useState<{ tone: "info" | "error"; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const res = await fetch("/api/tickets/resend", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email }),
      });
      const body = await res.json().catch(() => null);
      setState(
        res.ok
          ? { tone: "info", message: body?.message }
          : { tone: "error", message: body?.error?.message ?? "Something went wrong. Please try again." },
      );
    } catch {
      setState({ tone: "error", message: "We could not reach Lango. Check your connection and try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      <label className="block">
        <span className="font-medium">E-mail</span>
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
        {busy ? "Sending…" : "Send my tickets"}
      </Button>
    </form>
  );
}
