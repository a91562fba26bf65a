/**
 * The value axis of a bar chart: a round maximum (1, 2 or 5 times a power of ten, so gridlines land on
 * numbers people read at a glance) and the ticks up to it.
 */
export interface ChartScale {
  max: number;
  ticks: number[];
  /** A value's share of the axis, 0..1 (negative and missing values draw no bar). */
  fraction(value: number): number;
}

const STEPS = [1, 2, 5, 10];

/** The smallest "nice" step for which `count` steps cover `max`. */
function niceStep(max: number, count: number): number {
  const rough = max / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = STEPS.find((s) => s * power >= rough - 1e-9)! * power;
  return step;
}

export function chartScale(values: readonly number[], opts: { ticks?: number; integer?: boolean } = {}): ChartScale {
  const count = opts.ticks ?? 4;
  const top = Math.max(0, ...values.filter((v) => Number.isFinite(v)));
  if (top === 0) return { max: 1, ticks: [0, 1], fraction: () => 0 };
  // Counts (orders, tickets) never get a step of 0.5.
  const step = Math.max(niceStep(top, count), opts.integer ? 1 : 0);
  const max = Number((Math.ceil(top / step - 1e-9) * step).toPrecision(12));
  const ticks = Array.from({ length: Math.round(max / step) + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { max, ticks, fraction: (v) => (Number.isFinite(v) && v > 0 ? Math.min(1, v / max) : 0) };
}
