"use client";

import { useTranslations } from "next-intl";
import type { FormEvent, ReactNode } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { GatewayOption } from "./types";

/** What the buyer has picked so far; kept by the panel, so a trip to a waiting screen and back keeps it. */
export interface Choice {
  gateway: string;
  method: string;
  /** Another number for the prompt, once "Use another number" is pressed (null: the order's). */
  otherPhone: string | null;
}

/** "How would you like to pay?": the gateways, the number for a prompt, the method on a hosted page. */
export function MethodPicker({
  gateways,
  choice,
  onChange,
  maskedPhone,
  phoneHint,
  totalLabel,
  notice,
  error,
  submitting,
  onSubmit,
}: {
  gateways: GatewayOption[];
  choice: Choice;
  onChange: (next: Partial<Choice>) => void;
  /** "+254 7•• ••• 678": the number on the order, masked. */
  maskedPhone: string;
  phoneHint: string;
  totalLabel: string;
  /** Why the last attempt did not go through, above the choices. */
  notice?: ReactNode;
  error: { message: string; field?: string } | null;
  submitting: boolean;
  onSubmit: (option: GatewayOption) => void;
}) {
  const t = useTranslations("payment");
  const selected = gateways.find((g) => g.id === choice.gateway);

  function pay(e: FormEvent) {
    e.preventDefault();
    if (selected && !submitting) onSubmit(selected);
  }

  return (
    <form onSubmit={pay} className="space-y-4" aria-labelledby="pay-heading" noValidate>
      <h2 id="pay-heading" className="text-lg font-semibold">
        {t("pay", { total: totalLabel })}
      </h2>
      {notice}
      {gateways.length === 0 ? (
        <Alert tone="warning">{t("none")}</Alert>
      ) : (
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium text-stone-700">{t("how")}</legend>
          {gateways.map((g) => (
            // Wraps as a whole: the name never breaks ("DPO / Pay" at 360 px), and at large text sizes the
            // hint moves under it instead of pushing the row past the screen.
            <label
              key={g.id}
              className={`flex min-h-12 cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 rounded-lg border bg-white px-4 py-3 ${choice.gateway === g.id ? "border-brand-700 ring-1 ring-brand-700" : "border-stone-300"}`}
            >
              <input
                type="radio"
                name="gateway"
                value={g.id}
                checked={choice.gateway === g.id}
                onChange={() => onChange({ gateway: g.id, method: "" })}
                className="size-4 shrink-0 accent-brand-700"
              />
              <span className="font-medium whitespace-nowrap">{g.displayName}</span>
              <span className="ml-auto min-w-0 text-right text-sm text-stone-600">
                {t.has(`paysWith.${g.id}`) ? t(`paysWith.${g.id}`) : t(`flow.${g.flow}`)}
              </span>
            </label>
          ))}
        </fieldset>
      )}

      {selected?.flow === "push" && (
        <div className="space-y-2 rounded-lg bg-stone-100 p-3 text-sm">
          {choice.otherPhone === null ? (
            <p>
              {t.rich("sendTo", {
                gateway: selected.displayName,
                phone: maskedPhone,
                strong: (c) => <strong className="whitespace-nowrap">{c}</strong>,
              })}{" "}
              <button
                type="button"
                className="font-medium text-brand-700 underline"
                onClick={() => onChange({ otherPhone: "" })}
              >
                {t("otherNumber")}
              </button>
            </p>
          ) : (
            <label className="block">
              <span className="font-medium">{t("promptPhone")}</span>
              <input
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                value={choice.otherPhone}
                onChange={(e) => onChange({ otherPhone: e.target.value })}
                aria-invalid={error?.field === "phone" || undefined}
                aria-describedby="pay-phone-hint"
                className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base"
              />
              <span id="pay-phone-hint" className="mt-1 block text-stone-600">
                {phoneHint}
              </span>
            </label>
          )}
        </div>
      )}

      {selected && selected.methods.length > 0 && (
        <label className="block text-sm">
          <span className="font-medium">{t("payWith")}</span>
          <select
            value={choice.method}
            onChange={(e) => onChange({ method: e.target.value })}
            className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base"
          >
            <option value="">{t("chooseOnPage")}</option>
            {selected.methods.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      )}

      {error && <Alert tone="error">{error.message}</Alert>}
      <Button type="submit" className="w-full" disabled={submitting || !selected}>
        {submitLabel(selected, submitting, (key, gateway) => t(`submit.${key}`, { gateway }))}
      </Button>
    </form>
  );
}

type SubmitKey = "pay" | "deskBusy" | "desk" | "redirectBusy" | "redirect" | "pushBusy" | "push";

function submitLabel(
  selected: GatewayOption | undefined,
  submitting: boolean,
  say: (key: SubmitKey, gateway: string) => string,
): string {
  if (!selected) return say("pay", "");
  const name = selected.displayName;
  if (selected.flow === "desk") return say(submitting ? "deskBusy" : "desk", name);
  if (selected.flow === "redirect") return say(submitting ? "redirectBusy" : "redirect", name);
  return say(submitting ? "pushBusy" : "push", name);
}
