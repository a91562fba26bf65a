import Link from "next/link";
import { formatMoney } from "@/lib/money";
import type { EventPromo } from "@/lib/promo/event-promo";

/** The checkout's promo line: what the code takes off, or why it cannot be used. */
export function PromoSummary({
  promo,
  discount,
  currency,
  slug,
}: {
  promo?: EventPromo | null;
  discount: number;
  currency: string;
  slug: string;
}) {
  if (!promo) return null;
  if (!promo.valid) {
    return (
      <div role="alert" className="mt-2 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900">
        <p className="font-semibold">
          Code <span className="font-mono">{promo.code}</span>: {promo.error?.message ?? "not valid for this event."}
        </p>
        <PromoProblem slug={slug} />
      </div>
    );
  }
  return (
    <div className="mt-2 flex items-baseline justify-between gap-3 border-t border-stone-200 pt-3 text-brand-900">
      <span>
        Code <span className="font-mono font-semibold">{promo.code}</span>
        {promo.description && <span className="block text-sm text-stone-600">{promo.description}</span>}
      </span>
      {discount > 0 && (
        <span className="font-medium tabular-nums" data-testid="checkout-discount">
          −{formatMoney(discount, currency)}
        </span>
      )}
    </div>
  );
}

/** The way out when a code is refused: the same checkout, without it. */
export function PromoProblem({ slug }: { slug: string }) {
  return (
    <p className="mt-2">
      <Link href={`/events/${slug}/checkout`} className="font-medium underline underline-offset-4">
        Continue without the code
      </Link>
    </p>
  );
}
