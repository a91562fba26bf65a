import { hasRight, type Rights } from "./rights";
import type { Role } from "./roles";

/** Where each kind of signed-in person works: staff who only sell have the box office as theirs. */
export type Area = Role | "box-office";

/** Where each area is: a sign-in without a destination lands there, and the header links back to it. */
export const AREAS: Record<Area, { href: string; label: string }> = {
  admin: { href: "/admin", label: "Admin" },
  staff: { href: "/admin/checkin", label: "Scanner" },
  "box-office": { href: "/box-office", label: "Box office" },
  exhibitor: { href: "/exhibit/portal", label: "Exhibitor portal" },
};

/** A person's own area: staff who may scan land on the scanner, staff who only sell at the box office. */
export function areaKey(user: { role: Role } & Partial<Rights>): Area {
  if (user.role === "staff" && !hasRight(user, "scan") && hasRight(user, "sell")) return "box-office";
  return user.role;
}

export const areaOf = (user: { role: Role } & Partial<Rights>) => AREAS[areaKey(user)];

/**
 * Names the signed-in person's area for the header. Not a credential (every area checks the session on
 * the server): it only lets pages that are the same for everyone, and cached as such, show a way back.
 */
export const AREA_COOKIE = "lango_area";

export function isArea(value: string | undefined): value is Area {
  return value !== undefined && Object.hasOwn(AREAS, value);
}
