"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { useCartContext } from "./event-cart";
import { mono } from "./mono";
import { TicketRow } from "./ticket-row";

/** "Have a code?" on the event page, and the hidden ticket types an applied code unlocks. */
export function PromoCodeField({ slug, timezone, country }: { slug: string; timezone: string; country: string }) {
  const { promo: state } = useCartContext();
  const t = useTranslations("store.promo");
  const tc = useTranslations("common");
  const [typed, setTyped] = useState("");
  const { promo, unlocked, checking, error } = state;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    void state.apply(typed);
  }

  return (
    <div className="mt-4 space-y-3">
      {unlocked.length > 0 && (
        <ul
          aria-label={t("unlocked")}
          className="divide-y divide-stone-200 rounded-xl border border-brand-600 bg-white px-4"
        >
          {unlocked.map((ticket) => (
            <TicketRow key={ticket.id} ticket={ticket} slug={slug} timezone={timezone} country={country} />
          ))}
        </ul>
      )}
      {promo ? (
        <div role="status" className="rounded-xl border border-brand-600 bg-brand-50 p-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="font-semibold text-brand-900">{t.rich("applied", { code: promo.code, mono })}</p>
            <button
              type="button"
              onClick={() => {
                state.clear();
                setTyped("");
              }}
              className="min-h-11 px-2 text-sm font-medium text-brand-700 underline underline-offset-4"
            >
              {t("remove")}
            </button>
          </div>
          {promo.description && <p className="mt-1 text-sm text-stone-700">{promo.description}</p>}
        </div>
      ) : (
        <details className="group rounded-xl border border-stone-200 bg-white" open={!!error || checking}>
          <summary className="flex min-h-11 cursor-pointer list-none items-center justify-between px-4 font-medium text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-700 [&::-webkit-details-marker]:hidden">
            {t("have")}
            <span aria-hidden="true" className="text-stone-500 transition-transform group-open:rotate-180">
              ▾
            </span>
          </summary>
          <form onSubmit={onSubmit} className="border-t border-stone-200 p-4">
            <label htmlFor="promo-code" className="block text-sm font-medium text-stone-900">
              {t("label")}
            </label>
            <div className="mt-1 flex gap-2">
              <input
                id="promo-code"
                name="promo"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoCapitalize="characters"
                autoComplete="off"
                spellCheck={false}
                maxLength={40}
                aria-invalid={error ? true : undefined}
                aria-describedby="promo-code-error"
                className={`block min-h-11 w-full min-w-0 rounded-lg border bg-white px-3 py-2 font-mono text-base uppercase text-stone-900 focus:outline-2 focus:outline-offset-1 focus:outline-brand-700 ${error ? "border-red-600" : "border-stone-300"}`}
              />
              <Button type="submit" variant="secondary" disabled={checking || !typed.trim()} className="shrink-0">
                {checking ? tc("checking") : t("apply")}
              </Button>
            </div>
            <p id="promo-code-error" aria-live="polite" className="mt-1 text-sm font-medium text-red-700 empty:hidden">
              {error}
            </p>
          </form>
        </details>
      )}
    </div>
  );
}
