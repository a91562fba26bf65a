import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { mono } from "./mono";
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
  const t = useTranslations("checkout");
  const lang = useLocale();
  if (!promo) return null;
  if (!promo.valid) {
    return (
      <div role="alert" className="mt-2 rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900">
        <p className="font-semibold">
          {t.rich("codeInvalid", { code: promo.code, reason: promo.error?.message ?? t("codeNotValid"), mono })}
        </p>
        <PromoProblem slug={slug} />
      </div>
    );
  }
  return (
    <div className="mt-2 flex items-baseline justify-between gap-3 border-t border-stone-200 pt-3 text-brand-900">
      <span>
        {t.rich("code", { code: promo.code, mono: (c) => <span className="font-mono font-semibold">{c}</span> })}
        {promo.description && <span className="block text-sm text-stone-600">{promo.description}</span>}
      </span>
      {discount > 0 && (
        <span className="font-medium tabular-nums" data-testid="checkout-discount">
          −{formatMoney(discount, currency, lang)}
        </span>
      )}
    </div>
  );
}

/** The way out when a code is refused: the same checkout, without it. */
export function PromoProblem({ slug }: { slug: string }) {
  const t = useTranslations("checkout");
  return (
    <p className="mt-2">
      <Link href={`/events/${slug}/checkout`} className="font-medium underline underline-offset-4">
        {t("withoutCode")}
      </Link>
    </p>
  );
}
