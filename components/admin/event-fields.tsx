"use client";

import { useActionState, type ComponentProps, type ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import type { AdminFormState } from "@/lib/admin/event-schemas";

export type AdminAction = (prev: AdminFormState, form: FormData) => Promise<AdminFormState>;

/**
 * A server-action form's state for the admin's event and ticket-type forms. React resets a form after
 * its action, so the form is keyed on the answer and remounts with what was typed (after an error) or
 * with the saved values the page now renders (after a save).
 */
export function useAdminForm(action: AdminAction, initial: Record<string, string>) {
  const [state, formAction, pending] = useActionState<AdminFormState, FormData>(action, null);
  const values = state?.values ?? initial;
  return {
    state,
    formAction,
    pending,
    key: String(state?.nonce ?? "initial"),
    value: (name: string) => values[name] ?? "",
    error: (name: string) => (state?.ok === false ? state.fields?.[name] : undefined),
  };
}

export function FormMessage({ state }: { state: AdminFormState }) {
  if (!state) return null;
  return <Alert tone={state.ok ? "info" : "error"}>{state.message}</Alert>;
}

const control = (error?: string) =>
  "mt-1 block min-h-11 w-full rounded-lg border bg-white px-3 py-2 text-base text-stone-900 " +
  "focus:outline-2 focus:outline-offset-1 focus:outline-brand-700 " +
  (error ? "border-red-600" : "border-stone-300");

/** The label, hint and inline error around a select or text area, wired as components/ui/field does. */
function Labelled({
  id,
  label,
  hint,
  error,
  className = "",
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-stone-900">
        {label}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-sm text-stone-600">
          {hint}
        </p>
      )}
      <p id={`${id}-error`} aria-live="polite" className="mt-1 text-sm font-medium text-red-700 empty:hidden">
        {error}
      </p>
    </div>
  );
}

const describedBy = (id: string, hint?: string, error?: string) =>
  [error ? `${id}-error` : undefined, hint ? `${id}-hint` : undefined].filter(Boolean).join(" ") || undefined;

export function SelectField({
  id,
  label,
  hint,
  error,
  className,
  children,
  ...select
}: Omit<ComponentProps<"select">, "id"> & { id: string; label: string; hint?: string; error?: string }) {
  return (
    <Labelled id={id} label={label} hint={hint} error={error} className={className}>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={control(error)}
        {...select}
      >
        {children}
      </select>
    </Labelled>
  );
}

export function TextAreaField({
  id,
  label,
  hint,
  error,
  className,
  ...area
}: Omit<ComponentProps<"textarea">, "id"> & { id: string; label: string; hint?: string; error?: string }) {
  return (
    <Labelled id={id} label={label} hint={hint} error={error} className={className}>
      <textarea
        id={id}
        rows={4}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={control(error)}
        {...area}
      />
    </Labelled>
  );
}
