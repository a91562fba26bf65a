"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { AdminFormState } from "@/lib/admin/event-schemas";
import { minorUnitDigits } from "@/lib/money";
import { FormMessage, TextAreaField, useAdminForm, type AdminAction } from "./event-fields";
import { TranslationFields } from "./translation-fields";

interface Props {
  action: AdminAction;
  eventId: string;
  /** Set when editing; a new ticket type has none. */
  ticketTypeId?: string;
  currency: string;
  timezone: string;
  initial: Record<string, string>;
  submitLabel: string;
}

/** Creates or edits one ticket type; ids name the fields per ticket type, as several are on one page. */
export function TicketTypeForm({ action, eventId, ticketTypeId, currency, timezone, initial, submitLabel }: Props) {
  const { state, formAction, pending, key, value, error } = useAdminForm(action, initial);
  const id = (name: string) => `tt-${ticketTypeId ?? "new"}-${name}`;
  const zoneNote = `In ${timezone} time; empty for no limit.`;
  return (
    <form key={key} action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="eventId" value={eventId} />
      {ticketTypeId && <input type="hidden" name="ticketTypeId" value={ticketTypeId} />}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id={id("name")}
          name="name"
          label="Name"
          defaultValue={value("name")}
          error={error("name")}
          required
          maxLength={80}
          className="sm:col-span-2"
        />
        <TextAreaField
          id={id("description")}
          name="description"
          label="Description (optional)"
          rows={2}
          defaultValue={value("description")}
          error={error("description")}
          maxLength={500}
          className="sm:col-span-2"
        />
        <TranslationFields
          idPrefix={id("tr")}
          fields={[
            { name: "name", label: "Name", max: 80 },
            { name: "description", label: "Description", max: 500, long: true },
          ]}
          value={value}
          error={error}
        />
        <Field
          id={id("price")}
          name="price"
          label={`Price (${currency})`}
          inputMode={minorUnitDigits(currency) === 0 ? "numeric" : "decimal"}
          hint={ticketTypeId ? "A new price applies to new orders only." : undefined}
          defaultValue={value("price")}
          error={error("price")}
          required
        />
        <Field
          id={id("capacity")}
          name="capacity"
          type="number"
          inputMode="numeric"
          min={1}
          label="Capacity (seats)"
          defaultValue={value("capacity")}
          error={error("capacity")}
          required
        />
        <Field
          id={id("start")}
          name="salesStartAt"
          type="datetime-local"
          label="Sales open"
          hint={zoneNote}
          defaultValue={value("salesStartAt")}
          error={error("salesStartAt")}
        />
        <Field
          id={id("end")}
          name="salesEndAt"
          type="datetime-local"
          label="Sales close"
          hint={zoneNote}
          defaultValue={value("salesEndAt")}
          error={error("salesEndAt")}
        />
        <Field
          id={id("max")}
          name="maxPerOrder"
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          label="Most per order"
          defaultValue={value("maxPerOrder") || "10"}
          error={error("maxPerOrder")}
        />
        <Field
          id={id("sort")}
          name="sortOrder"
          type="number"
          inputMode="numeric"
          label="Position"
          hint={ticketTypeId ? "Lower comes first." : "Empty: after the others."}
          defaultValue={value("sortOrder")}
          error={error("sortOrder")}
        />
      </div>
      <label className="flex min-h-11 items-center gap-3">
        <input type="checkbox" name="hidden" defaultChecked={value("hidden") === "on"} className="size-5" />
        <span>Hidden: only buyers with a promo code that unlocks it can see and buy it (tickets sold stay valid)</span>
      </label>
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : submitLabel}
      </Button>
    </form>
  );
}

/** Delete for a ticket type nobody has ordered; the server refuses it for one with orders. */
export function TicketTypeDeleteButton({
  action,
  eventId,
  ticketTypeId,
  name,
}: {
  action: AdminAction;
  eventId: string;
  ticketTypeId: string;
  name: string;
}) {
  const [state, formAction, pending] = useActionState<AdminFormState, FormData>(action, null);
  return (
    <form
      action={formAction}
      onSubmit={(e) => {
        if (!window.confirm(`Delete the ticket type "${name}"?`)) e.preventDefault();
      }}
      className="space-y-2"
    >
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="ticketTypeId" value={ticketTypeId} />
      {state && !state.ok && <FormMessage state={state} />}
      <Button type="submit" variant="secondary" disabled={pending} className="text-red-800">
        {pending ? "Deleting…" : "Delete ticket type"}
      </Button>
    </form>
  );
}
