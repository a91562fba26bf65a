import type { ReactNode } from "react";

type Tone = "error" | "warning" | "info";

const tones: Record<Tone, string> = {
  error: "border-red-300 bg-red-50 text-red-900",
  warning: "border-amber-300 bg-amber-50 text-amber-950",
  info: "border-sky-300 bg-sky-50 text-sky-950",
};

/**
 * A boxed message. Errors use role="alert" so a screen reader announces them the moment they appear;
 * the rest are polite status messages.
 */
export function Alert({
  tone = "info",
  title,
  children,
  id,
}: {
  tone?: Tone;
  title?: string;
  children?: ReactNode;
  id?: string;
}) {
  return (
    <div id={id} role={tone === "error" ? "alert" : "status"} className={`rounded-lg border px-4 py-3 ${tones[tone]}`}>
      {title && <p className="font-semibold">{title}</p>}
      {children && <div className={title ? "mt-1 text-sm" : "text-sm"}>{children}</div>}
    </div>
  );
}
