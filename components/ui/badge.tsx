import type { ReactNode } from "react";

export type BadgeTone = "green" | "amber" | "red" | "neutral" | "blue";

const tones: Record<BadgeTone, string> = {
  green: "bg-brand-100 text-brand-900 ring-brand-600/30",
  amber: "bg-amber-100 text-amber-900 ring-amber-600/30",
  red: "bg-red-100 text-red-900 ring-red-600/30",
  blue: "bg-sky-100 text-sky-900 ring-sky-600/30",
  neutral: "bg-stone-100 text-stone-700 ring-stone-500/30",
};

export function Badge({ tone = "neutral", children }: { tone?: BadgeTone; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-sm font-medium ring-1 ring-inset ${tones[tone]}`}
    >
      {children}
    </span>
  );
}
