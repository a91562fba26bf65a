import type { ReactNode } from "react";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * A list's filters as a plain GET form: the filters live in the query string, so a filtered list can
 * be bookmarked or shared, and it works without any client script.
 */
export function FilterForm({
  action,
  children,
  resetHref,
}: {
  action: string;
  children: ReactNode;
  resetHref: string;
}) {
  return (
    <form
      action={action}
      method="get"
      role="search"
      className="grid grid-cols-1 gap-3 rounded-xl border border-stone-200 bg-white p-3 sm:grid-cols-3"
    >
      {children}
      <div className="flex items-end gap-3 sm:col-span-3">
        <Button type="submit">Filter</Button>
        <Link href={resetHref} className="inline-flex min-h-11 items-center text-brand-700 underline">
          Clear filters
        </Link>
      </div>
    </form>
  );
}

export function FilterSelect({
  id,
  label,
  defaultValue,
  options,
  anyLabel = "All",
}: {
  id: string;
  label: string;
  defaultValue?: string;
  options: readonly { value: string; label: string }[];
  anyLabel?: string;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-stone-900">
        {label}
      </label>
      <select
        id={id}
        name={id}
        defaultValue={defaultValue ?? ""}
        className="mt-1 block min-h-11 w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 focus:outline-2 focus:outline-offset-1 focus:outline-brand-700"
      >
        <option value="">{anyLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function FilterCheckbox({ id, label, defaultChecked }: { id: string; label: string; defaultChecked?: boolean }) {
  return (
    <label htmlFor={id} className="flex min-h-11 items-center gap-2 self-end text-base">
      <input
        id={id}
        name={id}
        type="checkbox"
        value="1"
        defaultChecked={defaultChecked}
        className="size-5 accent-brand-700"
      />
      {label}
    </label>
  );
}

/** Why the filters in the query string could not be used (a hand-edited or stale link), instead of a 500. */
export function FilterErrors({ errors }: { errors: readonly string[] }) {
  return (
    <Alert tone="error" title="Those filters cannot be used">
      <ul className="list-inside list-disc">
        {errors.map((e) => (
          <li key={e}>{e}</li>
        ))}
      </ul>
    </Alert>
  );
}
