"use client";

import { useSyncExternalStore } from "react";
import { AREA_COOKIE, AREAS, isArea } from "@/lib/auth/landing";

function readArea(): string | undefined {
  const pair = document.cookie.split("; ").find((c) => c.startsWith(`${AREA_COOKIE}=`));
  return pair?.slice(AREA_COOKIE.length + 1);
}

/**
 * "Admin", "Scanner", "Box office" or "Exhibitor portal" in the header for someone signed in, read in the browser so the
 * page around it stays the same for every visitor (and cacheable). Nothing on the server trusts it.
 */
export function AreaLink() {
  const role = useSyncExternalStore(
    () => () => undefined,
    readArea,
    () => undefined,
  );
  if (!isArea(role)) return null;
  const area = AREAS[role];
  return (
    <a href={area.href} className="text-sm font-semibold text-brand-700 hover:underline">
      {area.label}
    </a>
  );
}

/** Signing out also forgets the header's link. */
export function forgetArea() {
  document.cookie = `${AREA_COOKIE}=; Max-Age=0; Path=/; SameSite=Lax`;
}
