import type { ReactNode } from "react";

/**
 * A table that may be wider than a phone scrolls inside its own box, not the page. The box is a named,
 * focusable region so a keyboard user can reach it and scroll it with the arrow keys (WCAG 2.1.1).
 */
export function ScrollTable({
  label,
  children,
  className = "-mx-4 px-4",
}: {
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <div
      role="region"
      aria-label={label}
      tabIndex={0}
      className={`relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700 ${className}`}
    >
      {children}
    </div>
  );
}
