"use client";

import { useActionState } from "react";
import { releaseHoldsAction, type OrderActionState } from "@/app/admin/orders/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/**
 * Releases an event's unpaid holds in bulk (those waiting at the desk, or one buyer's), for when
 * someone is sitting on stock they will not pay for. The server checks the role and the confirmation.
 */
export function ReleaseHoldsForm({
  eventId,
  eventName,
  all,
  desk,
}: {
  eventId: string;
  eventName: string;
  all: number;
  desk: number;
}) {
  const [state, formAction, pending] = useActionState<OrderActionState, FormData>(releaseHoldsAction, null);
  return (
    <form
      action={formAction}
      aria-label="Release unpaid holds"
      className="space-y-3 rounded-xl border border-stone-200 bg-white p-4"
    >
      <h2 className="font-semibold">Release unpaid holds</h2>
      <p className="text-sm text-stone-700">
        {eventName} has {all} unpaid {all === 1 ? "order" : "orders"} holding seats or booths, {desk} of them waiting
        for payment at the desk. Releasing cancels them and puts their stock back on sale; orders being paid online at
        this moment are left alone.
      </p>
      <input type="hidden" name="eventId" value={eventId} />
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="deskOnly" className="mt-1 size-5" />
        <span>Only holds waiting for payment at the desk</span>
      </label>
      <Field
        id="release-email"
        name="email"
        type="email"
        label="Only this buyer's holds (e-mail, optional)"
        maxLength={200}
        error={state?.fields?.email}
      />
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          name="confirm"
          required
          className="mt-1 size-5"
          aria-invalid={state?.fields?.confirm ? true : undefined}
        />
        <span>
          I confirm releasing these holds: the buyers lose their seats and booths.
          {state?.fields?.confirm && <span className="block font-medium text-red-700">{state.fields.confirm}</span>}
        </span>
      </label>
      {state && <Alert tone={state.tone}>{state.message}</Alert>}
      <Button type="submit" variant="secondary" disabled={pending} className="border-red-300 text-red-900">
        {pending ? "Releasing…" : "Release holds"}
      </Button>
    </form>
  );
}
