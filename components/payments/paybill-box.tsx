import { useTranslations } from "next-intl";

/**
 * Paying by M-Pesa paybill from the buyer's own phone, beside the STK prompt: the business number, the
 * order reference as account number and the exact amount. Safaricom refuses any other account or amount
 * (our validation URL answers). The payment panel watches the order while this box is up (`watchOrder`), so
 * the page turns paid by itself once the payment is confirmed.
 */
export function PaybillBox({
  businessNumber,
  reference,
  amountLabel,
}: {
  businessNumber: string;
  reference: string;
  amountLabel: string;
}) {
  const t = useTranslations("payment.paybill");
  return (
    <section aria-labelledby="paybill-heading" className="rounded-xl border border-stone-200 bg-white p-4">
      <h2 id="paybill-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="mt-1 text-sm text-stone-700">{t("steps")}</p>
      {/* minmax(0, …) and breaking anywhere: at large text sizes a long number wraps rather than widen the page. */}
      <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-2 rounded-lg bg-stone-100 p-3 [&>dd]:[overflow-wrap:anywhere]">
        <dt className="text-sm text-stone-600">{t("business")}</dt>
        <dd className="font-mono text-lg font-semibold tracking-wider" data-testid="paybill-business-number">
          {businessNumber}
        </dd>
        <dt className="text-sm text-stone-600">{t("account")}</dt>
        <dd className="font-mono text-lg font-semibold tracking-wider" data-testid="paybill-account">
          {reference}
        </dd>
        <dt className="text-sm text-stone-600">{t("amount")}</dt>
        <dd className="text-lg font-semibold tabular-nums">{amountLabel}</dd>
      </dl>
      <p className="mt-2 text-sm text-stone-600">{t("exact")}</p>
    </section>
  );
}
