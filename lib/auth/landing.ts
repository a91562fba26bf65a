import type { Role } from "./roles";

/** Where each role works: a sign-in without a destination lands there, and the header links back to it. */
export const AREAS: Record<Role, { href: string; label: string }> = {
  admin: { href: "/admin", label: "Admin" },
  staff: { href: "/admin/checkin", label: "Scanner" },
  exhibitor: { href: "/exhibit/portal", label: "Exhibitor portal" },
};

/**
 * Names the signed-in person's area for the header. Not a credential (every area checks the session on
 * the server): it only lets pages that are the same for everyone, and cached as such, show a way back.
 */
export const AREA_COOKIE = "lango_area";

export function isRole(value: string | undefined): value is Role {
  return value !== undefined && Object.hasOwn(AREAS, value);
}
