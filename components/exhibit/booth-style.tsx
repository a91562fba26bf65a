import type { PublicBoothStatus } from "@/lib/catalog/availability";
import type { BoothSizeWord } from "@/lib/exhibit/sizes";

/** The size filter is three radio inputs; CSS :has() hides what does not match, with no script. */
export const FILTER_GROUP = "group/plan";
export const sizeFilterId = (size: BoothSizeWord) => `booth-size-${size}`;

// Written out in full so Tailwind finds every class in the source.
const DIM_ON_MAP: Record<BoothSizeWord, string> = {
  standard:
    "group-has-[#booth-size-premium:checked]/plan:opacity-20 group-has-[#booth-size-corner:checked]/plan:opacity-20 group-has-[#booth-size-premium:checked]/plan:pointer-events-none group-has-[#booth-size-corner:checked]/plan:pointer-events-none",
  premium:
    "group-has-[#booth-size-standard:checked]/plan:opacity-20 group-has-[#booth-size-corner:checked]/plan:opacity-20 group-has-[#booth-size-standard:checked]/plan:pointer-events-none group-has-[#booth-size-corner:checked]/plan:pointer-events-none",
  corner:
    "group-has-[#booth-size-standard:checked]/plan:opacity-20 group-has-[#booth-size-premium:checked]/plan:opacity-20 group-has-[#booth-size-standard:checked]/plan:pointer-events-none group-has-[#booth-size-premium:checked]/plan:pointer-events-none",
};
const HIDE_IN_LIST: Record<BoothSizeWord, string> = {
  standard: "group-has-[#booth-size-premium:checked]/plan:hidden group-has-[#booth-size-corner:checked]/plan:hidden",
  premium: "group-has-[#booth-size-standard:checked]/plan:hidden group-has-[#booth-size-corner:checked]/plan:hidden",
  corner: "group-has-[#booth-size-standard:checked]/plan:hidden group-has-[#booth-size-premium:checked]/plan:hidden",
};
export const dimOnMap = (size: BoothSizeWord) => DIM_ON_MAP[size];
export const hideInList = (size: BoothSizeWord) => HIDE_IN_LIST[size];

export type BoothLook = PublicBoothStatus | "selected";

/**
 * Fill, outline and text of a booth on the plan. Taken booths are hatched as well as tinted, and
 * labelled, so status never rests on colour alone.
 */
export function boothLook(look: BoothLook, patternPrefix: string) {
  switch (look) {
    case "selected":
      return { fill: undefined, rect: "fill-brand-700 stroke-brand-900", text: "fill-white" };
    case "available":
      return {
        fill: undefined,
        rect: "fill-brand-50 stroke-brand-700 group-hover/booth:fill-brand-100",
        text: "fill-brand-900",
      };
    case "held":
      return { fill: `url(#${patternPrefix}-held)`, rect: "stroke-amber-700", text: "fill-amber-950" };
    default:
      return { fill: `url(#${patternPrefix}-booked)`, rect: "stroke-stone-500", text: "fill-stone-700" };
  }
}

/** The hatching of held (diagonal) and booked (cross) booths, in metres of the plan. */
export function BoothPatterns({
  prefix,
  scale = 1,
}: {
  prefix: string;
  /** Pattern cell size in the SVG's units. */ scale?: number;
}) {
  const s = scale;
  return (
    <defs>
      <pattern id={`${prefix}-held`} width={s} height={s} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width={s} height={s} className="fill-amber-100" />
        <rect width={s * 0.3} height={s} className="fill-amber-400" />
      </pattern>
      <pattern id={`${prefix}-booked`} width={s} height={s} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width={s} height={s} className="fill-stone-200" />
        <rect width={s * 0.18} height={s} className="fill-stone-400" />
        <rect width={s} height={s * 0.18} className="fill-stone-400" />
      </pattern>
    </defs>
  );
}

/** A small sample of a status, for the key. */
export function StatusSwatch({ look }: { look: BoothLook }) {
  const prefix = `swatch-${look}`;
  const style = boothLook(look, prefix);
  return (
    <svg viewBox="0 0 28 20" className="h-5 w-7 shrink-0" aria-hidden="true">
      <BoothPatterns prefix={prefix} scale={6} />
      <rect x={1} y={1} width={26} height={18} rx={2} strokeWidth={2} className={style.rect} fill={style.fill} />
    </svg>
  );
}
