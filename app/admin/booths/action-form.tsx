"use client";

import { useActionState, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export type FormState = { ok: boolean; message: string; fields?: Record<string, string> } | null;

/**
 * A form posting to a server action, showing its answer (and per-field messages) below the fields.
 * The fields are rendered by the server page and passed in as children.
 */
export function ActionForm({
  action,
  submit,
  children,
  className = "space-y-3",
  variant = "primary",
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  submit: string;
  children: ReactNode;
  className?: string;
  variant?: "primary" | "secondary";
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, null);
  const fieldErrors = state?.fields ? Object.entries(state.fields) : [];
  return (
    <form action={formAction} className={className}>
      {children}
      {state && (
        <Alert tone={state.ok ? "info" : "error"}>
          {state.message}
          {fieldErrors.length > 0 && (
            <ul className="mt-1 list-inside list-disc">
              {fieldErrors.map(([f, m]) => (
                <li key={f}>
                  {f}: {m}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      <Button type="submit" variant={variant} disabled={pending}>
        {pending ? "Saving…" : submit}
      </Button>
    </form>
  );
}
