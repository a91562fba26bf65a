"use client";

import { createContext, use, useMemo, type ReactNode } from "react";
import { buttonClasses } from "@/components/ui/button";
import { formatMoney } from "@/lib/money";
import Link from "next/link";
import { buyableTickets, type BuyableTicket } from "./buyable";
import { useCart, type Cart, type CartLimits } from "./cart-store";
import { pluralize } from "./format";
import { usePromo, type PromoState } from "./use-promo";

interface CartContextValue {
  cart: Cart | null;
  tickets: BuyableTicket[];
  setQuantity(id: string, quantity: number): void;
  promo: PromoState;
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
  // Hidden ticket types join the cart once a code has unlocked them.
  const all = useMemo(() => [...tickets, ...buyableTickets(promo.unlocked)], [tickets, promo.unlocked]);
  const limits = useMemo<CartLimits>(() => Object.fromEntries(all.map((t) => [t.id, t.limit])), [all]);
  const { cart, setQuantity } = useCart(slug, limits);
  const value = useMemo(() => ({ cart, tickets: all, setQuantity, promo }), [cart, all, setQuantity, promo]);
  return <CartContext value={value}>{children}</CartContext>;
}

export function QuantityStepper({ ticketTypeId }: { ticketTypeId: string }) {
  const { cart, tickets, setQuantity } = useCartContext();
  const ticket = tickets.find((t) => t.id === ticketTypeId);
  if (!ticket) return null;
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
      <div className="flex items-center gap-2" role="group" aria-label={`${ticket.name} tickets`}>
        <button
          type="button"
          className={stepClass}
          disabled={!ready || quantity === 0}
          onClick={() => setQuantity(ticketTypeId, quantity - 1)}
        >
          <span aria-hidden="true">−</span>
          <span className="sr-only">Remove one {ticket.name} ticket</span>
        </button>
        <output aria-label={`${ticket.name} quantity`} className="w-7 text-center text-lg font-semibold tabular-nums">
          {quantity}
        </output>
        <button
          type="button"
          className={stepClass}
          disabled={!ready || atLimit}
          onClick={() => setQuantity(ticketTypeId, quantity + 1)}
        >
          <span aria-hidden="true">+</span>
          <span className="sr-only">Add one {ticket.name} ticket</span>
        </button>
      </div>
      {atLimit && quantity > 0 && (
        <p className="text-xs text-stone-600">
          {ticket.limit < ticket.maxPerOrder ? "That's all that's left" : `Up to ${ticket.maxPerOrder} per order`}
        </p>
      )}
    </div>
  );
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
  const { count, total } = cartTotals(cart, tickets);
  const code = promo.promo?.code;
  return (
    <div className="fixed inset-x-0 bottom-0 z-10 border-t border-stone-200 bg-white/95 pb-[env(safe-area-inset-bottom)] shadow-[0_-4px_12px_rgba(0,0,0,0.06)] backdrop-blur">
      <div className="mx-auto flex max-w-3xl items-center justify-between gap-3 px-4 py-3">
        <p aria-live="polite" className="min-w-0 text-sm text-stone-700">
          {count === 0 ? (
            "No tickets selected"
          ) : (
            <>
              <span className="block font-medium">{pluralize(count, "ticket")}</span>
              <span className="block text-lg font-bold text-stone-900">{formatMoney(total, currency)}</span>
            </>
          )}
        </p>
        {count === 0 ? (
          <button type="button" disabled className={buttonClasses("primary", "shrink-0 px-6")}>
            Checkout
          </button>
        ) : (
          <Link
            href={`/events/${slug}/checkout${code ? `?promo=${encodeURIComponent(code)}` : ""}`}
            prefetch={false}
            className={buttonClasses("primary", "shrink-0 px-6")}
          >
            Checkout
          </Link>
        )}
      </div>
    </div>
  );
}
