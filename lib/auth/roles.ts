export type Role = "admin" | "staff" | "exhibitor";

/** The roles that may hold the right to scan at the gate (which staff hold it: rights.ts, requireRight). */
export const CHECKIN_ROLES: readonly Role[] = ["admin", "staff"];
