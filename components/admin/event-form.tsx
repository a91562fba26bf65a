"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { MARKET_CODES, MARKETS, type MarketCode } from "@/lib/admin/event-schemas";
import { taxIdLabel } from "@/lib/documents/labels";
import { FormMessage, SelectField, TextAreaField, useAdminForm, type AdminAction } from "./event-fields";
import { TranslationFields } from "./translation-fields";

interface Props {
  action: AdminAction;
  /** Form values as strings; times are wall-clock times of the event's zone. */
  initial: Record<string, string>;
  timezones: string[];
  /** Set when the event already has prices in its currency. */
  currencyLocked?: boolean;
  submitLabel: string;
}

export function EventForm(props: Props) {
  const form = useAdminForm(props.action, props.initial);
  return (
    <form
      key={form.key}
      action={form.formAction}
      className="space-y-4 rounded-xl border border-stone-200 bg-white p-4"
      noValidate
    >
      {props.initial.id && <input type="hidden" name="id" value={props.initial.id} />}
      <EventFields {...props} form={form} />
      <FormMessage state={form.state} />
      <Button type="submit" disabled={form.pending}>
        {form.pending ? "Saving…" : props.submitLabel}
      </Button>
    </form>
  );
}

function EventFields({ form, timezones, currencyLocked }: Props & { form: ReturnType<typeof useAdminForm> }) {
  const { value, error } = form;
  const [country, setCountry] = useState<string>(value("country") || "KE");
  const [timezone, setTimezone] = useState<string>(value("timezone") || MARKETS.KE.timezone);
  const market = MARKETS[country as MarketCode] ?? MARKETS.KE;
  const currency = value("currency");

  function pickCountry(next: string) {
    // Suggest the country's zone while the admin has not chosen another one themselves.
    if (timezone === market.timezone && next in MARKETS) setTimezone(MARKETS[next as MarketCode].timezone);
    setCountry(next);
  }

  const zoneNote = `In ${timezone} time.`;
  return (
    <>
      <Field
        id="event-name"
        name="name"
        label="Name"
        defaultValue={value("name")}
        error={error("name")}
        required
        maxLength={120}
      />
      <Field
        id="event-slug"
        name="slug"
        label="Web address"
        defaultValue={value("slug")}
        error={error("slug")}
        hint="Lowercase letters, digits and dashes: /events/nairobi-tech-summit."
        required
        autoCapitalize="none"
        spellCheck={false}
        maxLength={80}
      />
      <TextAreaField
        id="event-description"
        name="description"
        label="Description"
        defaultValue={value("description")}
        error={error("description")}
        maxLength={5000}
      />
      <EventImageField current={value("imageUrl")} error={error("image")} />
      <TranslationFields
        idPrefix="event"
        fields={[
          { name: "name", label: "Name", max: 120 },
          { name: "description", label: "Description", max: 5000, long: true },
        ]}
        value={value}
        error={error}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="event-venue"
          name="venue"
          label="Venue"
          defaultValue={value("venue")}
          error={error("venue")}
          required
          maxLength={160}
        />
        <Field
          id="event-city"
          name="city"
          label="City"
          defaultValue={value("city")}
          error={error("city")}
          required
          maxLength={80}
        />
        <SelectField
          id="event-country"
          name="country"
          label="Country"
          value={country}
          onChange={(e) => pickCountry(e.target.value)}
          error={error("country")}
        >
          {MARKET_CODES.map((code) => (
            <option key={code} value={code}>
              {MARKETS[code].name}
            </option>
          ))}
        </SelectField>
        {currencyLocked ? (
          <div>
            <input type="hidden" name="currency" value={currency} />
            <p className="block text-sm font-medium text-stone-900">Currency</p>
            <p className="mt-1 min-h-11 py-2 text-base">{currency}</p>
            <p className="text-sm text-stone-600">Fixed: ticket types or booths are priced in it.</p>
            <p aria-live="polite" className="mt-1 text-sm font-medium text-red-700 empty:hidden">
              {error("currency")}
            </p>
          </div>
        ) : (
          <SelectField
            key={country}
            id="event-currency"
            name="currency"
            label="Currency"
            defaultValue={(market.currencies as readonly string[]).includes(currency) ? currency : market.currencies[0]}
            error={error("currency")}
          >
            {market.currencies.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </SelectField>
        )}
        <SelectField
          id="event-timezone"
          name="timezone"
          label="Time zone"
          value={timezone}
          onChange={(e) => setTimezone(e.target.value)}
          error={error("timezone")}
          className="sm:col-span-2"
        >
          {timezones.map((z) => (
            <option key={z} value={z}>
              {z.replaceAll("_", " ")}
            </option>
          ))}
        </SelectField>
        <Field
          id="event-starts"
          name="startsAt"
          type="datetime-local"
          label="Starts"
          hint={zoneNote}
          defaultValue={value("startsAt")}
          error={error("startsAt")}
          required
        />
        <Field
          id="event-ends"
          name="endsAt"
          type="datetime-local"
          label="Ends"
          hint={zoneNote}
          defaultValue={value("endsAt")}
          error={error("endsAt")}
          required
        />
        <Field
          id="event-hold"
          name="holdMinutes"
          type="number"
          inputMode="numeric"
          min={5}
          max={120}
          label="Hold (minutes)"
          hint="How long an unpaid order keeps its seats."
          defaultValue={value("holdMinutes")}
          error={error("holdMinutes")}
        />
        <Field
          id="event-offline"
          name="offlinePaymentHours"
          type="number"
          inputMode="numeric"
          min={1}
          max={720}
          label="Pay-at-the-desk hold (hours)"
          defaultValue={value("offlinePaymentHours")}
          error={error("offlinePaymentHours")}
        />
        <Field
          id="event-exhibitor-deadline"
          name="exhibitorEditDeadline"
          type="datetime-local"
          label="Exhibitors can edit until (optional)"
          hint={zoneNote}
          defaultValue={value("exhibitorEditDeadline")}
          error={error("exhibitorEditDeadline")}
          className="sm:col-span-2"
        />
      </div>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 font-semibold">Receipts and invoices</legend>
        <p className="-mt-2 text-sm text-stone-600 sm:col-span-2">
          Printed on every receipt and booth invoice, as an accountant in {market.name} needs them.
        </p>
        <Field
          id="event-organiser-name"
          name="organiserName"
          label="Organiser's legal name"
          defaultValue={value("organiserName")}
          error={error("organiserName")}
          maxLength={160}
        />
        <Field
          id="event-organiser-tax"
          name="organiserTaxId"
          label={taxIdLabel(country)}
          defaultValue={value("organiserTaxId")}
          error={error("organiserTaxId")}
          maxLength={30}
          autoCapitalize="characters"
        />
        <Field
          id="event-organiser-address"
          name="organiserAddress"
          label="Organiser's address"
          hint="P.O. Box, street and town."
          defaultValue={value("organiserAddress")}
          error={error("organiserAddress")}
          maxLength={300}
          className="sm:col-span-2"
        />
      </fieldset>
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 font-semibold">Cash desk</legend>
        <Field
          id="event-desk-location"
          name="deskLocation"
          label="Where buyers pay at the desk"
          hint="Shown to buyers who choose to pay in cash."
          defaultValue={value("deskLocation")}
          error={error("deskLocation")}
          maxLength={200}
        />
        <Field
          id="event-desk-hours"
          name="deskHours"
          label="When the desk is open"
          hint="Like: Mon–Fri 09:00–17:00, and from 07:30 on event days."
          defaultValue={value("deskHours")}
          error={error("deskHours")}
          maxLength={200}
        />
      </fieldset>
    </>
  );
}

/** The event's picture: shown on its page and in link previews (WhatsApp, social media). */
function EventImageField({ current, error }: { current: string; error?: string }) {
  return (
    <div className="space-y-2">
      {/* Posted back (never saved from here) so a save refused for another field still shows the picture. */}
      {current && <input type="hidden" name="imageUrl" value={current} />}
      {current && (
        // A preview of what is stored; the admin has no layout shift to fear.
        // eslint-disable-next-line @next/next/no-img-element
        <img
          src={current}
          alt="Current event image"
          className="aspect-[1200/630] w-full max-w-sm rounded-lg object-cover"
        />
      )}
      <Field
        id="event-image"
        name="image"
        type="file"
        label={current ? "Replace the image" : "Image"}
        accept="image/png,image/jpeg,image/webp"
        hint="PNG, JPEG or WebP, at most 2 MB; 1200×630 pixels shows best in link previews."
        error={error}
      />
      {current && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="removeImage" className="size-4 accent-brand-700" />
          Remove the image
        </label>
      )}
    </div>
  );
}
