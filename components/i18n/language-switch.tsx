"use client";

import { usePathname } from "next/navigation";
import type { MouseEvent } from "react";

/** Same page in another language: `?lang=` replaces only itself, so ?offer= or ?payment= survive. */
function hrefIn(locale: string, pathname: string, search = ""): string {
  const query = new URLSearchParams(search);
  query.set("lang", locale);
  return `${pathname}?${query}`;
}

/**
 * English / Kiswahili, each in its own name, in the header of every page. Plain links (the proxy turns
 * `?lang=` into the remembered choice), so it works without JavaScript; the server renders them from the
 * path alone, since a shared cached page must not depend on the query, and a click adds the query back.
 */
export function LanguageSwitch({
  current,
  label,
  languages,
}: {
  current: string;
  label: string;
  languages: { code: string; name: string }[];
}) {
  const pathname = usePathname();
  const keepQuery = (locale: string) => (e: MouseEvent<HTMLAnchorElement>) => {
    e.currentTarget.href = hrefIn(locale, window.location.pathname, window.location.search);
  };
  return (
    <nav aria-label={label} className="flex items-center gap-1 text-sm">
      {languages.map(({ code, name }, i) => (
        <span key={code} className="flex items-center gap-1">
          {i > 0 && (
            <span aria-hidden="true" className="text-stone-400">
              /
            </span>
          )}
          {/* A full page load: every server-rendered word changes, not just the client islands. */}
          <a
            href={hrefIn(code, pathname)}
            onClick={keepQuery(code)}
            hrefLang={code}
            lang={code}
            aria-current={code === current ? "true" : undefined}
            className={
              code === current
                ? "font-semibold text-stone-900"
                : "font-medium text-brand-700 underline-offset-4 hover:underline"
            }
          >
            {name}
          </a>
        </span>
      ))}
    </nav>
  );
}
