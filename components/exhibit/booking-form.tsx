"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { useCreateOrder } from "@/components/api/use-create-order";
import { placeFieldErrors, submitProblem } from "@/components/forms/form-errors";
import { ErrorSummary, useFormErrors } from "@/components/forms/use-form-errors";
import { phoneHintKey } from "@/components/store/format";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { AddonView } from "@/lib/exhibit/floor-plan";
import { BOOTH_SIZES, dimensions, type BoothSizeWord } from "@/lib/exhibit/sizes";
import { formatMoney } from "@/lib/money";

export interface SelectedBooth {
  id: string;
  code: string;
  size: string;
  width: number;
  height: number;
  price: number;
  currency: string;
  staffPasses: number;
  hallName: string;
  /** What the stand offers, in the page's language (the organiser's own text where none was translated). */
  description?: string | null;
}

interface Props {
  /** `phoneExample`: a mobile number as written in the event's country (lib/orders/phone-example.ts). */
  event: { slug: string; country: string; currency: string; phoneExample: string | null };
  /** The booth picked on the plan or in the list; null until one is. */
  booth: SelectedBooth | null;
  addons: AddonView[];
}

type FieldKey = "company" | "contactName" | "email" | "phone" | "requirements";
const FIELD_ORDER: FieldKey[] = ["company", "contactName", "email", "phone", "requirements"];
/** Where the API names each field (see lib/orders/schemas.ts). */
const API_FIELD: Record<string, FieldKey> = {
  "booths.0.company": "company",
  "booths.0.contactName": "contactName",
  "buyer.name": "contactName",
  "buyer.email": "email",
  "buyer.phone": "phone",
  "booths.0.requirements": "requirements",
};
const inputId = (key: FieldKey) => `booking-${key}`;

/**
 * The booking: who is exhibiting, how to reach them, extras and requirements, then an order that
 * holds the booth while they pay. The form stays mounted while the booth changes, so a booth taken
 * at the last second costs the exhibitor a new tap, not their typing.
 */
export function BookingForm({ event, booth, addons }: Props) {
  const t = useTranslations("exhibit.booking");
  const sizeName = useTranslations("exhibit.size");
  const tc = useTranslations("common");
  const size = (word: string) =>
    (BOOTH_SIZES as readonly string[]).includes(word) ? sizeName(word as BoothSizeWord) : word;
  const router = useRouter();
  const [values, setValues] = useState<Record<FieldKey, string>>({
    company: "",
    contactName: "",
    email: "",
    phone: "",
    requirements: "",
  });
  const [extras, setExtras] = useState<Record<string, number>>({});
  const { errors, problem, setProblem, summaryRef, show, clear } = useFormErrors<FieldKey>(FIELD_ORDER, inputId);
  const [phoneE164, setPhoneE164] = useState<string | null>(null);
  const createOrder = useCreateOrder();
  // A second press before the button redraws as disabled must not place a second order.
  const busy = useRef(false);

  // A new booth clears the last one's trouble; losing the selection (taken) keeps the message up.
  const [seenBooth, setSeenBooth] = useState(booth?.id);
  if (booth?.id !== seenBooth) {
    setSeenBooth(booth?.id);
    if (booth) setProblem(null);
  }

  const chosen = addons.filter((a) => (extras[a.id] ?? 0) > 0);
  const total = (booth?.price ?? 0) + chosen.reduce((sum, a) => sum + a.price * extras[a.id], 0);

  const set = (key: FieldKey, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    clear(key);
    if (key === "phone") setPhoneE164(null);
  };

  // The phone is normalised the way the server will (libphonenumber-js, loaded only when needed), so
  // the exhibitor sees the number we will use before paying with it.
  const normalise = async (raw: string): Promise<string | null> => {
    if (!raw.trim()) return null;
    const { normalizePhone } = await import("@/lib/orders/phone");
    return normalizePhone(raw, event.country);
  };

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!booth || busy.current) return;
    const v = Object.fromEntries(Object.entries(values).map(([k, x]) => [k, x.trim()])) as Record<FieldKey, string>;
    const missing: Partial<Record<FieldKey, string>> = {};
    if (!v.company) missing.company = t("errors.company");
    if (!v.contactName) missing.contactName = t("errors.contact");
    if (!v.email) missing.email = t("errors.email");
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email)) missing.email = t("errors.emailInvalid");
    const phone = await normalise(v.phone);
    if (!v.phone) missing.phone = t("errors.phone");
    else if (!phone) missing.phone = t("errors.phoneInvalid");
    if (Object.keys(missing).length) return show(missing, null);
    setPhoneE164(phone);

    busy.current = true;
    setProblem(null);
    const order = {
      eventSlug: event.slug,
      items: [],
      booths: [
        {
          boothId: booth.id,
          company: v.company,
          contactName: v.contactName,
          ...(v.requirements && { requirements: v.requirements }),
          addons: chosen.map((a) => ({ addonId: a.id, quantity: extras[a.id] })),
        },
      ],
      buyer: { name: v.contactName, email: v.email, phone },
    };
    createOrder.mutate(order, {
      onSuccess: ({ reference }) => router.push(`/orders/${reference}`),
      onError: (error) => {
        busy.current = false;
        if (error.code === "booth_unavailable") {
          // Someone else's order got there first: show the plan as it is now and let them pick again.
          show(
            {},
            {
              title: t("errors.taken", { code: booth.code }),
              detail: t("errors.takenDetail"),
            },
          );
          router.replace(`/exhibit/${event.slug}`, { scroll: false });
          return;
        }
        const placed = placeFieldErrors(error.fields, (key) => API_FIELD[key]);
        show(
          placed.inline,
          submitProblem(error, placed, {
            offline: t("errors.offline"),
            notDone: t("errors.notDone"),
            unreachable: t("errors.unreachable"),
            checkHighlighted: t("errors.checkHighlighted"),
            ourSide: t("errors.ourSide"),
          }),
        );
      },
    });
  }

  return (
    <div className="space-y-4">
      <ErrorSummary problem={problem} summaryRef={summaryRef} />

      {!booth ? (
        <p className="rounded-xl border border-dashed border-stone-300 bg-white p-4 text-stone-700">
          {t.rich("pickFirst", { strong: (c) => <strong>{c}</strong> })}
        </p>
      ) : (
        <form onSubmit={onSubmit} noValidate className="space-y-5 rounded-xl border border-brand-600 bg-white p-4">
          <div>
            <p className="text-sm font-medium text-brand-700">{t("yourBooth")}</p>
            <p className="text-xl font-bold" data-testid="selected-booth">
              {t("booth", { code: booth.code, size: size(booth.size) })}
            </p>
            <p className="text-sm text-stone-700">
              {t("boothFacts", {
                dimensions: dimensions(booth.width, booth.height),
                hall: booth.hallName,
                passes: booth.staffPasses,
              })}{" "}
              <span className="font-semibold tabular-nums">{formatMoney(booth.price, booth.currency)}</span>
            </p>
            {booth.description && <p className="mt-1 text-sm text-stone-700">{booth.description}</p>}
          </div>

          <div className="space-y-4">
            <Field
              id={inputId("company")}
              label={t("company")}
              autoComplete="organization"
              maxLength={160}
              required
              value={values.company}
              onChange={(e) => set("company", e.target.value)}
              error={errors.company}
              hint={t("companyHint")}
            />
            <Field
              id={inputId("contactName")}
              label={t("contact")}
              autoComplete="name"
              maxLength={100}
              required
              value={values.contactName}
              onChange={(e) => set("contactName", e.target.value)}
              error={errors.contactName}
            />
            <Field
              id={inputId("email")}
              type="email"
              inputMode="email"
              label={t("email")}
              autoComplete="email"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={200}
              required
              value={values.email}
              onChange={(e) => set("email", e.target.value)}
              error={errors.email}
              hint={t("emailHint")}
            />
            <Field
              id={inputId("phone")}
              type="tel"
              inputMode="tel"
              label={t("phone")}
              autoComplete="tel"
              maxLength={32}
              required
              value={values.phone}
              onChange={(e) => set("phone", e.target.value)}
              onBlur={async (e) => setPhoneE164(await normalise(e.target.value))}
              error={errors.phone}
              hint={
                phoneE164
                  ? t("phoneUse", { phone: phoneE164 })
                  : tc(`phoneHint.${phoneHintKey(event.country, event.phoneExample)}`, {
                      example: event.phoneExample ?? "",
                    })
              }
            />
          </div>

          {addons.length > 0 && (
            <fieldset>
              <legend className="text-sm font-medium text-stone-900">{t("extras")}</legend>
              <ul className="mt-2 divide-y divide-stone-100 rounded-lg border border-stone-200">
                {addons.map((a) => {
                  const quantity = extras[a.id] ?? 0;
                  return (
                    <li key={a.id} className="flex flex-wrap items-center gap-3 px-3 py-2">
                      <label className="flex min-h-11 flex-1 cursor-pointer items-center gap-3">
                        <input
                          type="checkbox"
                          className="size-5 accent-brand-700"
                          checked={quantity > 0}
                          onChange={(e) => setExtras((x) => ({ ...x, [a.id]: e.target.checked ? 1 : 0 }))}
                        />
                        <span>
                          {a.name}
                          <span className="block text-sm text-stone-600 tabular-nums">
                            {t("each", { price: formatMoney(a.price, a.currency) })}
                          </span>
                        </span>
                      </label>
                      {quantity > 0 && (
                        <label className="flex items-center gap-2 text-sm">
                          {t("quantity")}
                          <select
                            className="min-h-11 rounded-lg border border-stone-300 bg-white px-2 text-base"
                            value={quantity}
                            onChange={(e) => setExtras((x) => ({ ...x, [a.id]: Number(e.target.value) }))}
                          >
                            {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => (
                              <option key={n} value={n}>
                                {n}
                              </option>
                            ))}
                          </select>
                        </label>
                      )}
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          )}

          <div>
            <label htmlFor={inputId("requirements")} className="block text-sm font-medium text-stone-900">
              {t("requirements")} <span className="font-normal text-stone-600">{t("optional")}</span>
            </label>
            <textarea
              id={inputId("requirements")}
              rows={3}
              maxLength={2000}
              value={values.requirements}
              onChange={(e) => set("requirements", e.target.value)}
              aria-describedby={`${inputId("requirements")}-hint`}
              aria-invalid={errors.requirements ? true : undefined}
              className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base focus:outline-2 focus:outline-offset-1 focus:outline-brand-700"
            />
            <p id={`${inputId("requirements")}-hint`} className="mt-1 text-sm text-stone-600">
              {errors.requirements ?? t("requirementsHint")}
            </p>
          </div>

          <div className="border-t border-stone-200 pt-4">
            <div className="flex items-baseline justify-between">
              <span className="font-semibold">{t("total")}</span>
              <span className="text-lg font-bold tabular-nums" data-testid="booking-total">
                {formatMoney(total, event.currency)}
              </span>
            </div>
            <Button
              type="submit"
              disabled={createOrder.isPending || createOrder.isSuccess}
              className="mt-3 w-full text-lg"
            >
              {createOrder.isPending || createOrder.isSuccess ? t("booking") : t("book", { code: booth.code })}
            </Button>
            <p className="mt-2 text-center text-sm text-stone-600">{t("holdNote")}</p>
          </div>
        </form>
      )}
    </div>
  );
}
