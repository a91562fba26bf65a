import type { SizeSummary } from "@/lib/exhibit/floor-plan";
import { boothSizeName } from "@/lib/exhibit/size-name";
import type { Translator } from "@/lib/i18n/types";
import { sizeFilterId } from "./booth-style";

const pill =
  "flex min-h-11 cursor-pointer items-center rounded-full border border-stone-300 bg-white px-4 text-sm font-medium text-stone-800 " +
  "has-[:checked]:border-brand-700 has-[:checked]:bg-brand-700 has-[:checked]:text-white has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-700";

/**
 * Show one size only. Plain radio buttons: the plan and the list react through CSS (:has), so the
 * filter works before, and without, any script, and a screen reader hears an ordinary radio group.
 */
export function SizeFilter({ sizes, t }: { sizes: SizeSummary[]; t: Translator }) {
  return (
    <fieldset>
      <legend className="text-sm font-semibold text-stone-900">{t("exhibit.plan.filterLegend")}</legend>
      <div className="mt-2 flex flex-wrap gap-2">
        <label className={pill}>
          <input type="radio" name="booth-size" value="all" defaultChecked className="sr-only" />
          {t("exhibit.plan.allSizes")}
        </label>
        {sizes.map((s) => (
          <label key={s.size} className={pill}>
            <input type="radio" name="booth-size" value={s.size} id={sizeFilterId(s.size)} className="sr-only" />
            {boothSizeName(t, s.size)}{" "}
            <span className="ml-1 opacity-80">{t("exhibit.plan.sizeFree", { free: s.available })}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
