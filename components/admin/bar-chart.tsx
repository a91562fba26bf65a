import { chartScale } from "./chart-scale";

export interface BarDatum {
  key: string;
  /** Full label, for the table and the bar's tooltip. */
  label: string;
  /** Axis label when the full one is too long to fit under a bar ("15" for "Mon 15 Jun"). */
  short?: string;
  value: number;
}

const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

/**
 * A bar chart drawn on the server as inline SVG: no chart library and no client script. The picture is
 * one labelled image; the same figures are in a visually hidden table, which is what a screen reader
 * reads.
 */
export function BarChart({
  id,
  title,
  description,
  data,
  valueHeader,
  format = (v) => v.toLocaleString("en"),
  formatTick = (v) => compact.format(v),
  orientation = "vertical",
  integer = false,
}: {
  /** Unique on the page: ties the SVG to its title and description. */
  id: string;
  title: string;
  description?: string;
  data: BarDatum[];
  valueHeader: string;
  format?: (value: number) => string;
  formatTick?: (value: number) => string;
  /** vertical: a series over time; horizontal: named categories with long labels. */
  orientation?: "vertical" | "horizontal";
  integer?: boolean;
}) {
  const scale = chartScale(
    data.map((d) => d.value),
    { integer },
  );
  const empty = data.every((d) => d.value <= 0);
  return (
    <figure className="space-y-2">
      <figcaption id={`${id}-title`} className="font-semibold">
        {title}
      </figcaption>
      {description && (
        <p id={`${id}-desc`} className="text-sm text-stone-600">
          {description}
        </p>
      )}
      {empty ? (
        <p className="text-sm text-stone-600">Nothing yet.</p>
      ) : orientation === "vertical" ? (
        <VerticalBars
          id={id}
          data={data}
          scale={scale}
          format={format}
          formatTick={formatTick}
          labelled={!!description}
        />
      ) : (
        <HorizontalBars data={data} scale={scale} format={format} />
      )}
      {/* The sr-only box is on a div: a table ignores width: 1px and would widen a 320 px page. */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">{valueHeader}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((d) => (
              <tr key={d.key}>
                <th scope="row">{d.label}</th>
                <td>{format(d.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

type Scale = ReturnType<typeof chartScale>;

const W = 360;
const H = 180;
const LEFT = 44;
const BOTTOM = 22;
const TOP = 8;

function VerticalBars({
  id,
  data,
  scale,
  format,
  formatTick,
  labelled,
}: {
  id: string;
  data: BarDatum[];
  scale: Scale;
  format: (v: number) => string;
  formatTick: (v: number) => string;
  labelled: boolean;
}) {
  const plotW = W - LEFT - 4;
  const plotH = H - TOP - BOTTOM;
  const slot = plotW / Math.max(1, data.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => TOP + plotH - v * plotH;
  // Label every bar when they fit, otherwise every other one, so labels never overlap.
  const every = slot >= 20 ? 1 : 2;
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="h-auto w-full max-w-xl text-stone-600"
      role="img"
      aria-labelledby={`${id}-title${labelled ? ` ${id}-desc` : ""}`}
    >
      {scale.ticks.map((t) => (
        <g key={t}>
          <line
            x1={LEFT}
            x2={W - 4}
            y1={y(scale.fraction(t))}
            y2={y(scale.fraction(t))}
            className="stroke-stone-200"
            strokeWidth={1}
          />
          <text x={LEFT - 4} y={y(scale.fraction(t)) + 3} textAnchor="end" fontSize={10} fill="currentColor">
            {formatTick(t)}
          </text>
        </g>
      ))}
      {data.map((d, i) => {
        const h = scale.fraction(d.value) * plotH;
        const x = LEFT + i * slot + (slot - barW) / 2;
        return (
          <g key={d.key}>
            <rect x={x} y={TOP + plotH - h} width={barW} height={h} rx={1.5} className="fill-brand-600">
              <title>{`${d.label}: ${format(d.value)}`}</title>
            </rect>
            {i % every === (data.length - 1) % every && (
              <text x={x + barW / 2} y={H - 6} textAnchor="middle" fontSize={10} fill="currentColor">
                {d.short ?? d.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

function HorizontalBars({ data, scale, format }: { data: BarDatum[]; scale: Scale; format: (v: number) => string }) {
  // The visible list repeats the hidden table, so it is hidden from screen readers to avoid reading twice.
  return (
    <ul aria-hidden="true" className="space-y-2">
      {data.map((d) => (
        <li key={d.key}>
          <div className="flex justify-between gap-3 text-sm">
            <span className="min-w-0 truncate">{d.label}</span>
            <span className="shrink-0 tabular-nums text-stone-700">{format(d.value)}</span>
          </div>
          <svg viewBox="0 0 100 6" preserveAspectRatio="none" className="mt-0.5 h-2.5 w-full">
            <rect x={0} y={0} width={100} height={6} rx={1} className="fill-stone-100" />
            <rect x={0} y={0} width={scale.fraction(d.value) * 100} height={6} rx={1} className="fill-brand-600" />
          </svg>
        </li>
      ))}
    </ul>
  );
}
