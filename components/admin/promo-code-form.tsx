"use client";

import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { minorUnitDigits } from "@/lib/money";
import { FormMessage, useAdminForm, type AdminAction } from "./event-fields";

interface Props {
  action: AdminAction;
  eventId: string;
  /** Set when editing. */
  promoCodeId?: string;
  currency: string;
  timezone: string;
  ticketTypes: { id: string; name: string; hidden: boolean }[];
  initial: Record<string, string>;
  submitLabel: string;
}

/** Creates or edits one promo code; ids are per code, as several forms share the page. */
export function PromoCodeForm(p: Props) {
  const { state, formAction, pending, key, value, error } = useAdminForm(p.action, p.initial);
  const id = (name: string) => `promo-${p.promoCodeId ?? "new"}-${name}`;
  const zoneNote = `In ${p.timezone} time; empty for no limit.`;
  const hidden = p.ticketTypes.filter((t) => t.hidden);
  return (
    <form key={key} action={formAction} className="space-y-4" noValidate>
      <input type="hidden" name="eventId" value={p.eventId} />
      {p.promoCodeId && <input type="hidden" name="promoCodeId" value={p.promoCodeId} />}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id={id("code")}
          name="code"
          label="Code"
          hint="Buyers type it in any case."
          defaultValue={value("code")}
          error={error("code")}
          required
          maxLength={40}
          className="font-mono"
        />
        <Field
          id={id("description")}
          name="description"
          label="Description (shown to buyers, optional)"
          defaultValue={value("description")}
          error={error("description")}
          maxLength={200}
        />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">What it does</legend>
        {(
          [
            ["percent", "A percentage off"],
            ["amount", `An amount off the order (${p.currency})`],
            ["none", "No discount: it only unlocks hidden ticket types"],
          ] as const
        ).map(([kind, label]) => (
          <label key={kind} className="flex min-h-11 items-center gap-3">
            <input
              type="radio"
              name="discountKind"
              value={kind}
              defaultChecked={(value("discountKind") || "percent") === kind}
              className="size-5"
            />
            <span>{label}</span>
          </label>
        ))}
        {error("discountKind") && <p className="text-sm font-medium text-red-700">{error("discountKind")}</p>}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id={id("percent")}
          name="percent"
          type="number"
          inputMode="numeric"
          min={1}
          max={100}
          label="Percent off"
          defaultValue={value("percent")}
          error={error("percent")}
        />
        <Field
          id={id("amount")}
          name="amount"
          label={`Amount off (${p.currency})`}
          inputMode={minorUnitDigits(p.currency) === 0 ? "numeric" : "decimal"}
          defaultValue={value("amount")}
          error={error("amount")}
        />
      </div>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Discounted ticket types (none ticked: all of them)</legend>
        {p.ticketTypes.map((t) => (
          <label key={t.id} className="flex min-h-11 items-center gap-3">
            <input
              type="checkbox"
              name={`discount:${t.id}`}
              defaultChecked={value(`discount:${t.id}`) === "on"}
              className="size-5"
            />
            <span>{t.name}</span>
          </label>
        ))}
        <label className="flex min-h-11 items-center gap-3">
          <input
            type="checkbox"
            name="appliesToBooths"
            defaultChecked={value("appliesToBooths") === "on"}
            className="size-5"
          />
          <span>Booths and their add-ons too</span>
        </label>
      </fieldset>
      {hidden.length > 0 && (
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Unlocks hidden ticket types</legend>
          {hidden.map((t) => (
            <label key={t.id} className="flex min-h-11 items-center gap-3">
              <input
                type="checkbox"
                name={`unlock:${t.id}`}
                defaultChecked={value(`unlock:${t.id}`) === "on"}
                className="size-5"
              />
              <span>{t.name}</span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id={id("maxUses")}
          name="maxUses"
          type="number"
          inputMode="numeric"
          min={1}
          label="Uses (orders) in all"
          hint="Each order with the code is one use, whatever its number of tickets. Empty: unlimited."
          defaultValue={value("maxUses")}
          error={error("maxUses")}
        />
        <Field
          id={id("maxUsesPerBuyer")}
          name="maxUsesPerBuyer"
          type="number"
          inputMode="numeric"
          min={1}
          label="Uses per buyer (e-mail)"
          hint="Empty: no limit."
          defaultValue={value("maxUsesPerBuyer")}
          error={error("maxUsesPerBuyer")}
        />
        <Field
          id={id("validFrom")}
          name="validFrom"
          type="datetime-local"
          label="Valid from"
          hint={zoneNote}
          defaultValue={value("validFrom")}
          error={error("validFrom")}
        />
        <Field
          id={id("validUntil")}
          name="validUntil"
          type="datetime-local"
          label="Valid until"
          hint={zoneNote}
          defaultValue={value("validUntil")}
          error={error("validUntil")}
        />
      </div>
      <label className="flex min-h-11 items-center gap-3">
        <input type="checkbox" name="paused" defaultChecked={value("paused") === "on"} className="size-5" />
        <span>Paused (buyers cannot use it)</span>
      </label>
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : p.submitLabel}
      </Button>
    </form>
  );
}

/** Pause or resume in one click, from the list. */
export function PromoCodePauseButton({
  action,
  eventId,
  promoCodeId,
  paused,
}: {
  action: AdminAction;
  eventId: string;
  promoCodeId: string;
  paused: boolean;
}) {
  const { state, formAction, pending } = useAdminForm(action, {});
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="eventId" value={eventId} />
      <input type="hidden" name="promoCodeId" value={promoCodeId} />
      <input type="hidden" name="paused" value={paused ? "false" : "true"} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {paused ? "Resume" : "Pause"}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
