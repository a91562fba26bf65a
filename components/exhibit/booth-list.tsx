import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import type { FloorPlan } from "@/lib/exhibit/floor-plan";
import { boothSizeName } from "@/lib/exhibit/size-name";
import { dimensions } from "@/lib/exhibit/sizes";
import type { Translator } from "@/lib/i18n/types";
import { formatMoney } from "@/lib/money";
import type { PublicBoothStatus } from "@/lib/catalog/availability";
import { hideInList } from "./booth-style";
import { boothHref } from "./floor-plan-svg";

const TONE: Record<PublicBoothStatus, BadgeTone> = {
  available: "green",
  held: "amber",
  booked: "neutral",
  blocked: "neutral",
};

/**
 * Every booth as a table: the plan's equivalent for keyboards and screen readers, and for anyone who
 * would rather read than pinch. Three columns, size and price stacked, so it fits a 320 px screen without
 * scrolling sideways. "Book" goes to the same selection as a tap on the plan.
 */
export function BoothList({
  plan,
  slug,
  selectedId,
  t,
}: {
  plan: FloorPlan;
  slug: string;
  selectedId?: string;
  t: Translator;
}) {
  const halls = new Map(plan.halls.map((h) => [h.id, h.name]));
  return (
    // relative: the visually hidden status words are positioned inside the list, not off the page's edge.
    <div className="relative rounded-xl border border-stone-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{t("exhibit.plan.listCaption")}</caption>
        <thead className="border-b border-stone-200 bg-stone-50 text-stone-700">
          <tr>
            <th scope="col" className="px-3 py-2 font-semibold">
              {t("exhibit.plan.colBooth")}
            </th>
            <th scope="col" className="px-2 py-2 font-semibold">
              {t("exhibit.plan.colSizePrice")}
            </th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">
              {t("exhibit.plan.colStatus")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">
          {plan.booths.map((b) => {
            const selected = b.id === selectedId;
            return (
              <tr key={b.id} className={`${hideInList(b.size)} ${selected ? "bg-brand-50" : ""}`}>
                <th scope="row" className="px-3 py-2 align-top font-mono text-base font-semibold">
                  {b.code}
                  {plan.halls.length > 1 && (
                    <span className="block font-sans text-xs font-normal text-stone-600">{halls.get(b.hallId)}</span>
                  )}
                </th>
                <td className="px-2 py-2 align-top">
                  {boothSizeName(t, b.size)} <span className="text-stone-600">· {dimensions(b.width, b.height)}</span>
                  <span className="block font-semibold tabular-nums">{formatMoney(b.price, b.currency)}</span>
                  {b.description && <span className="block text-xs text-stone-600">{b.description}</span>}
                </td>
                <td className="px-3 py-2 text-right align-top">
                  {selected ? (
                    <Badge tone="green">{t("exhibit.plan.selected")}</Badge>
                  ) : b.status === "available" ? (
                    <>
                      <span className="sr-only">{t("exhibit.plan.availableSr")} </span>
                      <Link
                        href={boothHref(slug, b.code, "#book")}
                        replace
                        prefetch={false}
                        aria-label={t("exhibit.plan.bookLabel", { code: b.code })}
                        className={buttonClasses("secondary", "min-h-11 px-3 text-sm")}
                      >
                        {t("exhibit.plan.book")}
                      </Link>
                    </>
                  ) : (
                    <Badge tone={TONE[b.status]}>{t(`exhibit.status.${b.status}`)}</Badge>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
