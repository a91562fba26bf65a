import type { ComponentProps } from "react";

/**
 * A labelled input with an optional hint and an inline error. The hint and the error are tied to the
 * input with aria-describedby, so a screen reader reads them with the field; the error sits in a live
 * region so it is announced when it appears.
 */
export function Field({
  id,
  label,
  hint,
  error,
  className = "",
  ...input
}: Omit<ComponentProps<"input">, "id"> & {
  id: string;
  label: string;
  hint?: string;
  error?: string;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : undefined, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-stone-900">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        className={
          "mt-1 block min-h-11 w-full rounded-lg border bg-white px-3 py-2 text-base text-stone-900 placeholder:text-stone-500 " +
          "focus:outline-2 focus:outline-offset-1 focus:outline-brand-700 " +
          (error ? "border-red-600" : "border-stone-300")
        }
        {...input}
      />
      {hint && (
        <p id={hintId} className="mt-1 text-sm text-stone-600">
          {hint}
        </p>
      )}
      <p id={errorId} aria-live="polite" className="mt-1 text-sm font-medium text-red-700 empty:hidden">
        {error}
      </p>
    </div>
  );
}
