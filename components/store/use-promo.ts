"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useState } from "react";
import type { TicketTypeView } from "@/lib/catalog/events";
import type { EventPromo } from "@/lib/promo/event-promo";
import { readPromoAnswer } from "./promo-answer";

/**
 * The promo code applied on an event page, in the browser: from a `?promo=CODE` link or typed into
 * "Have a code?", checked with GET /api/events/{slug}?promo=CODE (the page itself is the same for
 * everyone, so it never reads the code), and remembered for the tab (sessionStorage) so the cart bar can
 * carry it to the checkout. The server checks it again when the order is placed.
 */
export interface PromoState {
  /** The code as checked; null when none is applied. */
  promo: EventPromo | null;
  /** Hidden ticket types the applied code unlocks. */
  unlocked: TicketTypeView[];
  checking: boolean;
  /**
   * Why the last code tried does not work, as the server put it; or that this client has tried too many
   * codes that do not exist (429 `rate_limited`), or that the code could not be checked at all.
   */
  error: string | null;
  apply(code: string): Promise<void>;
  clear(): void;
}

const storageKey = (slug: string) => `lango:promo:${slug}`;

function remember(slug: string, code: string | null) {
  try {
    if (code) window.sessionStorage.setItem(storageKey(slug), code);
    else window.sessionStorage.removeItem(storageKey(slug));
  } catch {
    // Private mode: the code lives as long as the page.
  }
}

export function usePromo(slug: string): PromoState {
  const t = useTranslations("store.promo");
  const lang = useLocale();
  const [promo, setPromo] = useState<EventPromo | null>(null);
  const [unlocked, setUnlocked] = useState<TicketTypeView[]>([]);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const apply = useCallback(
    async (typed: string) => {
      const code = typed.trim();
      if (!code) return;
      setChecking(true);
      setError(null);
      try {
        const res = await fetch(`/api/events/${encodeURIComponent(slug)}?promo=${encodeURIComponent(code)}`, {
          headers: { Accept: "application/json" },
        });
        const answer = await readPromoAnswer(res, lang, {
          unreachable: t("unreachable"),
          tooManyTries: t("tooManyTries"),
        });
        if ("error" in answer) {
          setError(answer.error);
          return;
        }
        if (!answer.promo.valid) {
          setError(answer.promo.error?.message ?? t("invalid"));
          return;
        }
        const ids = new Set(answer.promo.unlocks ?? []);
        setPromo(answer.promo);
        setUnlocked(answer.ticketTypes.filter((t) => ids.has(t.id)));
        remember(slug, answer.promo.code);
      } catch {
        setError(t("unreachable"));
      } finally {
        setChecking(false);
      }
    },
    [slug, t, lang],
  );

  const clear = useCallback(() => {
    setPromo(null);
    setUnlocked([]);
    setError(null);
    remember(slug, null);
  }, [slug]);

  // A shared link (?promo=CODE) wins over a code remembered from earlier in the tab.
  useEffect(() => {
    let code: string | null = new URLSearchParams(window.location.search).get("promo");
    if (!code) {
      try {
        code = window.sessionStorage.getItem(storageKey(slug));
      } catch {
        code = null;
      }
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- reading the URL and storage is the point of this effect
    if (code) void apply(code);
  }, [slug, apply]);

  return { promo, unlocked, checking, error, apply, clear };
}
