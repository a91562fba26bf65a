import type { ReactNode } from "react";

/** A promo code or reference inside a translated sentence (`<mono>…</mono>`): in the monospace it is typed in. */
export const mono = (chunks: ReactNode) => <span className="font-mono">{chunks}</span>;
