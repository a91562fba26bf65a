export type Role = "admin" | "staff" | "exhibitor";

/** Who may scan tickets at the gate. */
export const CHECKIN_ROLES: readonly Role[] = ["admin", "staff"];
