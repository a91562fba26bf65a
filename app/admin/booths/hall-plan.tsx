import type { AdminBooth } from "@/lib/admin/booths";

const FILL: Record<AdminBooth["status"], string> = {
  available: "#dcfce7",
  held: "#fef3c7",
  booked: "#bfdbfe",
  blocked: "#e7e5e4",
};

/** A small server-drawn preview of the hall (metres as SVG units), coloured by booth status. */
export function HallPlan({
  name,
  width,
  height,
  booths,
}: {
  name: string;
  width: number;
  height: number;
  booths: AdminBooth[];
}) {
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Plan of ${name}, ${width} by ${height} metres`}
      className="h-auto w-full rounded-lg border border-stone-300 bg-white"
    >
      {booths.map((b) => (
        <g key={b.id}>
          <rect
            x={b.x}
            y={b.y}
            width={b.width}
            height={b.height}
            fill={FILL[b.status]}
            stroke="#57534e"
            strokeWidth={0.1}
          >
            <title>{`${b.code} · ${b.size} · ${b.status}`}</title>
          </rect>
          <text
            x={b.x + b.width / 2}
            y={b.y + b.height / 2}
            fontSize={Math.min(1.2, b.width / 3)}
            textAnchor="middle"
            dominantBaseline="middle"
            fill="#1c1917"
          >
            {b.code}
          </text>
        </g>
      ))}
    </svg>
  );
}

export const STATUS_FILL = FILL;
