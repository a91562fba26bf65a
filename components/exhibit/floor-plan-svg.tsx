import Link from "next/link";
import type { FloorPlanBooth, FloorPlanHall } from "@/lib/exhibit/floor-plan";
import { boothSizeName } from "@/lib/exhibit/size-name";
import { dimensions } from "@/lib/exhibit/sizes";
import type { Translator } from "@/lib/i18n/types";
import { formatMoney } from "@/lib/money";
import { BoothPatterns, boothLook, dimOnMap, type BoothLook } from "./booth-style";

/** Where a booth is chosen: the same page with ?booth=CODE, so a choice survives a reload and works without script. */
export const boothHref = (slug: string, code: string, anchor = "") =>
  `/exhibit/${slug}?booth=${encodeURIComponent(code)}${anchor}`;

/** "Booth A1: Corner, 4 × 4 m, TZS 1,800,000, available" — what a screen reader says for a booth. */
export function boothDescription(t: Translator, b: FloorPlanBooth): string {
  return t("exhibit.plan.boothLabel", {
    code: b.code,
    size: boothSizeName(t, b.size),
    dimensions: dimensions(b.width, b.height),
    price: formatMoney(b.price, b.currency),
    status: b.status,
  });
}

/**
 * The hall drawn from its booths' geometry (metres, origin top-left). Free booths are links that
 * select them; taken ones are hatched and labelled. Rendered on the server: no script needed to see it;
 * its words come from the page's translator.
 */
export function FloorPlanSvg({
  hall,
  slug,
  selectedId,
  t,
}: {
  hall: FloorPlanHall;
  slug: string;
  selectedId?: string;
  t: Translator;
}) {
  const prefix = `hall-${hall.id}`;
  const margin = 1;
  return (
    <svg
      viewBox={`${-margin} ${-margin} ${hall.width + 2 * margin} ${hall.height + 2 * margin}`}
      className="block h-auto w-full select-none"
      role="group"
      aria-label={t("exhibit.page.planLabel", { hall: hall.name })}
    >
      <BoothPatterns prefix={prefix} scale={0.8} />
      <rect
        x={0}
        y={0}
        width={hall.width}
        height={hall.height}
        rx={0.4}
        className="fill-white stroke-stone-400"
        strokeWidth={0.15}
      />
      <text x={0.8} y={1.8} fontSize={1.2} className="fill-stone-600 font-semibold" aria-hidden="true" data-label>
        {hall.name}
      </text>
      {hall.booths.map((b) => (
        <BoothShape
          key={b.id}
          booth={b}
          look={b.id === selectedId ? "selected" : b.status}
          prefix={prefix}
          slug={slug}
          t={t}
        />
      ))}
    </svg>
  );
}

function BoothShape({
  booth: b,
  look,
  prefix,
  slug,
  t,
}: {
  booth: FloorPlanBooth;
  look: BoothLook;
  prefix: string;
  slug: string;
  t: Translator;
}) {
  const style = boothLook(look, prefix);
  const codeSize = Math.min(1.3, b.width * 0.36, b.height * 0.45);
  const subSize = Math.min(0.6, b.width * 0.19);
  const showSub = b.height >= 2.5;
  const sub =
    look === "selected"
      ? t("exhibit.plan.selected")
      : b.status === "available"
        ? boothSizeName(t, b.size)
        : t(`exhibit.status.${b.status}`);
  const cx = b.x + b.width / 2;
  const cy = b.y + b.height / 2;
  const shape = (
    <>
      <rect
        x={b.x + 0.08}
        y={b.y + 0.08}
        width={b.width - 0.16}
        height={b.height - 0.16}
        rx={0.25}
        strokeWidth={look === "selected" ? 0.3 : 0.14}
        fill={style.fill}
        className={`${style.rect} group-focus-visible/booth:stroke-sky-600 group-focus-visible/booth:stroke-[0.4]`}
      />
      <text
        x={cx}
        y={showSub ? cy - 0.05 : cy + codeSize * 0.35}
        fontSize={codeSize}
        textAnchor="middle"
        className={`${style.text} font-bold`}
        data-label
        data-booth-code
      >
        {b.code}
      </text>
      {showSub && (
        <text x={cx} y={cy + subSize * 1.5} fontSize={subSize} textAnchor="middle" className={style.text} data-label>
          {sub}
        </text>
      )}
    </>
  );
  return (
    <g data-booth={b.code} data-status={b.status} className={dimOnMap(b.size)}>
      {b.status === "available" ? (
        <Link
          href={boothHref(slug, b.code)}
          scroll={false}
          replace
          prefetch={false}
          aria-label={boothDescription(t, b)}
          aria-current={look === "selected" ? "true" : undefined}
          className="group/booth cursor-pointer outline-none"
        >
          {shape}
        </Link>
      ) : (
        <g role="img" aria-label={boothDescription(t, b)}>
          {shape}
        </g>
      )}
    </g>
  );
}
