"use client";

import { useLocale, useTranslations } from "next-intl";
import { createContext, use, useEffect, useMemo, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import type { SaleState } from "@/lib/catalog/availability";
import type { EventAvailability, TicketTypeView } from "@/lib/catalog/events";
import { formatMoney } from "@/lib/money";
import Link from "next/link";
import { buyableTickets, type BuyableTicket } from "./buyable";
import { useCart, type Cart, type CartLimits } from "./cart-store";
import { formatShortDateTime } from "./format";
import { usePromo, type PromoState } from "./use-promo";

/** Below this many seats left, the number is shown ("12 left"); above it, just "Available". */
export const LOW_STOCK = 20;

type LiveSeats = Readonly<Record<string, { available: number; state: SaleState }>>;

interface CartContextValue {
  cart: Cart | null;
  tickets: BuyableTicket[];
  /** Seats left as the availability endpoint says now; null until it has answered. */
  live: LiveSeats | null;
  setQuantity(id: string, quantity: number): void;
  promo: PromoState;
}

/**
 * The page's HTML is shared by every buyer and may be a second old (lib/http/page-cache.ts); seats left
 * and sold out are read again once it is on screen, and whenever the buyer comes back to the tab.
 */
function useLiveSeats(slug: string): LiveSeats | null {
  const [live, setLive] = useState<LiveSeats | null>(null);
  useEffect(() => {
    let current = true;
    const load = () =>
      // Past the browser's cache: it honours stale-while-revalidate and would show the seats of the last
      // visit. A proxy in front may still answer, with figures at most a second old.
      fetch(`/api/events/${encodeURIComponent(slug)}/availability`, { cache: "no-store" })
        .then((res) => (res.ok ? (res.json() as Promise<EventAvailability>) : null))
        .then((body) => {
          if (current && body) setLive(Object.fromEntries(body.ticketTypes.map((t) => [t.id, t])));
        })
        // Offline or a hiccup: the server-rendered figures stay, and the order route checks stock anyway.
        .catch(() => {});
    const onVisible = () => {
      if (document.visibilityState === "visible") void load();
    };
    void load();
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      current = false;
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [slug]);
  return live;
}

const CartContext = createContext<CartContextValue | null>(null);

export function useCartContext(): CartContextValue {
  const value = use(CartContext);
  if (!value) throw new Error("Cart components must sit inside <EventCart>.");
  return value;
}

/** Holds the event's cart; the ticket list between it is rendered on the server. */
export function EventCart({
  slug,
  tickets,
  children,
}: {
  slug: string;
  tickets: BuyableTicket[];
  children: ReactNode;
}) {
  const promo = usePromo(slug);
  const live = useLiveSeats(slug);
  // Hidden ticket types join the cart once a code has unlocked them; every limit follows the live seats.
  const buyable = useMemo(
    () =>
      [...tickets, ...buyableTickets(promo.unlocked)].map((t) => {
        const now = live?.[t.id];
        if (!now) return t;
        return { ...t, limit: now.state === "on_sale" ? Math.max(0, Math.min(t.maxPerOrder, now.available)) : 0 };
      }),
    [tickets, promo.unlocked, live],
  );
  const limits = useMemo<CartLimits>(() => Object.fromEntries(buyable.map((t) => [t.id, t.limit])), [buyable]);
  const { cart, setQuantity } = useCart(slug, limits);
  const value = useMemo(
    () => ({ cart, tickets: buyable, live, setQuantity, promo }),
    [cart, buyable, live, setQuantity, promo],
  );
  return <CartContext value={value}>{children}</CartContext>;
}

export function QuantityStepper({ ticketTypeId }: { ticketTypeId: string }) {
  const { cart, tickets, setQuantity } = useCartContext();
  const t = useTranslations("store.stepper");
  const ticket = tickets.find((t) => t.id === ticketTypeId);
  // Sold out since the page was built: the badge says so, and there is nothing to step.
  if (!ticket || ticket.limit === 0) return null;
  // Until the stored cart has been read (before hydration), the buttons could not do anything.
  const ready = cart !== null;
  const quantity = cart?.[ticketTypeId] ?? 0;
  const atLimit = quantity >= ticket.limit;
  const stepClass =
    "flex size-11 items-center justify-center rounded-full border border-stone-300 bg-white text-xl font-semibold text-stone-900 " +
    "hover:bg-stone-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700 " +
    "disabled:border-stone-200 disabled:text-stone-400 disabled:hover:bg-white";
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2" role="group" aria-label={t("group", { name: ticket.name })}>
        <button
          type="button"
          className={stepClass}
          disabled={!ready || quantity === 0}
          onClick={() => setQuantity(ticketTypeId, quantity - 1)}
        >
          <span aria-hidden="true">−</span>
          <span className="sr-only">{t("remove", { name: ticket.name })}</span>
        </button>
        <output
          aria-label={t("quantity", { name: ticket.name })}
          className="w-7 text-center text-lg font-semibold tabular-nums"
        >
          {quantity}
        </output>
        <button
          type="button"
          className={stepClass}
          disabled={!ready || atLimit}
          onClick={() => setQuantity(ticketTypeId, quantity + 1)}
        >
          <span aria-hidden="true">+</span>
          <span className="sr-only">{t("add", { name: ticket.name })}</span>
        </button>
      </div>
      {atLimit && quantity > 0 && (
        <p className="text-xs text-stone-600">
          {ticket.limit < ticket.maxPerOrder ? t("allLeft") : t("perOrder", { max: ticket.maxPerOrder })}
        </p>
      )}
    </div>
  );
}

/** Seats left or why not on sale: rendered with the page, then kept live (useLiveSeats). */
export function TicketAvailability({
  ticket,
  timezone,
  country,
}: {
  ticket: Pick<TicketTypeView, "id" | "available" | "state" | "salesStartAt">;
  timezone: string;
  country: string;
}) {
  const t = useTranslations("store.availability");
  const lang = useLocale();
  const now = use(CartContext)?.live?.[ticket.id];
  const { available, state } = now ?? ticket;
  switch (state) {
    case "on_sale":
      return available <= LOW_STOCK ? (
        <Badge tone="amber">{t("left", { count: available })}</Badge>
      ) : (
        <Badge tone="green">{t("available")}</Badge>
      );
    case "sold_out":
      return <Badge tone="red">{t("soldOut")}</Badge>;
    case "ended":
      return <Badge>{t("ended")}</Badge>;
    case "not_started":
      return (
        <Badge tone="blue">
          {ticket.salesStartAt
            ? t("from", { date: formatShortDateTime(ticket.salesStartAt, timezone, country, lang) })
            : t("notYet")}
        </Badge>
      );
  }
}

export function cartTotals(cart: Cart | null, tickets: BuyableTicket[]) {
  let count = 0;
  let total = 0;
  for (const t of tickets) {
    const q = cart?.[t.id] ?? 0;
    count += q;
    total += q * t.price;
  }
  return { count, total };
}

/** Fixed to the bottom of the screen, where a thumb reaches it. */
export function CartBar({ slug, currency }: { slug: string; currency: string }) {
  const { cart, tickets, promo } = useCartContext();
  const t = useTranslations("store.cart");
  const lang = useLocale();
  const { count, total } = cartTotals(cart, tickets);
  const code = promo.promo?.code;
  return (
    <div className="fixed inset-x-0 bottom-0 z-10 border-t border-stone-200 bg-white/95 pb-[env(safe-area-inset-bottom)] shadow-[0_-4px_12px_rgba(0,0,0,0.06)] backdrop-blur">
      <div className="mx-auto flex max-w-3xl items-center justify-between gap-3 px-4 py-3">
        <p aria-live="polite" className="min-w-0 text-sm text-stone-700">
          {count === 0 ? (
            t("none")
          ) : (
            <>
              <span className="block font-medium">{t("count", { count })}</span>
              <span className="block text-lg font-bold text-stone-900">{formatMoney(total, currency, lang)}</span>
            </>
          )}
        </p>
        {count === 0 ? (
          <button type="button" disabled className={buttonClasses("primary", "shrink-0 px-6")}>
            {t("checkout")}
          </button>
        ) : (
          <Link
            href={`/events/${slug}/checkout${code ? `?promo=${encodeURIComponent(code)}` : ""}`}
            prefetch={false}
            className={buttonClasses("primary", "shrink-0 px-6")}
          >
            {t("checkout")}
          </Link>
        )}
      </div>
    </div>
  );
}
