/**
 * The cart lives in the browser (localStorage, one key per event: `lango:cart:{slug}` →
 * `{ [ticketTypeId]: quantity }`) so it survives a reload without an account or a server round trip.
 * What is stored is never trusted: every read is checked against the ticket types the server rendered
 * (unknown ids dropped, quantities clamped to what can be bought), and prices never live here.
 */
import { useCallback, useMemo, useSyncExternalStore } from "react";

export type Cart = Readonly<Record<string, number>>;
/** Most of each ticket type the buyer may take right now: min(maxPerOrder, available); on sale only. */
export type CartLimits = Readonly<Record<string, number>>;

const EMPTY: Cart = Object.freeze({});
export const cartKey = (slug: string) => `lango:cart:${slug}`;

/** Private browsing or a full quota can make localStorage throw: the cart then lives in memory only. */
const memory = new Map<string, string>();

function readRaw(slug: string): string | null {
  try {
    const stored = window.localStorage.getItem(cartKey(slug));
    if (stored !== null) return stored;
  } catch {
    // fall through to memory
  }
  return memory.get(slug) ?? null;
}

function writeRaw(slug: string, raw: string | null) {
  memory.delete(slug);
  try {
    if (raw === null) window.localStorage.removeItem(cartKey(slug));
    else window.localStorage.setItem(cartKey(slug), raw);
  } catch {
    if (raw !== null) memory.set(slug, raw);
  }
}

/** Anything that is not `{ id: positive whole number }` is thrown away. */
export function parseCart(raw: string | null): Cart {
  if (!raw) return EMPTY;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return EMPTY;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return EMPTY;
  const cart: Record<string, number> = {};
  for (const [id, quantity] of Object.entries(value)) {
    if (typeof quantity === "number" && Number.isInteger(quantity) && quantity > 0 && id.length <= 64) {
      cart[id] = quantity;
    }
  }
  return cart;
}

/** Keeps only ticket types that can be bought, at most as many as can be bought. */
export function clampCart(cart: Cart, limits: CartLimits): Cart {
  const out: Record<string, number> = {};
  for (const [id, quantity] of Object.entries(cart)) {
    const limit = Object.hasOwn(limits, id) ? limits[id] : 0;
    const q = Math.min(quantity, limit);
    if (q > 0) out[id] = q;
  }
  return out;
}

const snapshots = new Map<string, { raw: string | null; cart: Cart }>();
const listeners = new Set<() => void>();

/** Same raw text → same object, as useSyncExternalStore requires. */
function snapshot(slug: string): Cart {
  const raw = readRaw(slug);
  const cached = snapshots.get(slug);
  if (cached && cached.raw === raw) return cached.cart;
  const cart = parseCart(raw);
  snapshots.set(slug, { raw, cart });
  return cart;
}

function subscribe(onChange: () => void) {
  listeners.add(onChange);
  // Another tab changed a cart.
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith("lango:cart:")) onChange();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener("storage", onStorage);
  };
}

export function saveCart(slug: string, cart: Cart) {
  const entries = Object.entries(cart).filter(([, q]) => q > 0);
  writeRaw(slug, entries.length ? JSON.stringify(Object.fromEntries(entries)) : null);
  for (const listener of listeners) listener();
}

export function clearCart(slug: string) {
  saveCart(slug, EMPTY);
}

const serverSnapshot = () => null;

export interface CartState {
  /** null until the browser's copy has been read (during server rendering and hydration). */
  cart: Cart | null;
  /** Whether what was stored held more than can be bought now (so something was dropped or lowered). */
  adjusted: boolean;
  setQuantity(ticketTypeId: string, quantity: number): void;
}

export function useCart(slug: string, limits: CartLimits): CartState {
  const stored = useSyncExternalStore(subscribe, () => snapshot(slug), serverSnapshot);
  const cart = useMemo(() => (stored ? clampCart(stored, limits) : null), [stored, limits]);
  const adjusted = useMemo(() => {
    if (!stored || !cart) return false;
    return Object.entries(stored).some(([id, q]) => cart[id] !== q);
  }, [stored, cart]);
  const setQuantity = useCallback(
    (ticketTypeId: string, quantity: number) => {
      const current = clampCart(snapshot(slug), limits);
      saveCart(slug, clampCart({ ...current, [ticketTypeId]: quantity }, limits));
    },
    [slug, limits],
  );
  return { cart, adjusted, setQuantity };
}
