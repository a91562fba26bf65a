import type { Role } from "./roles";

/**
 * What a staff member may do: scan tickets at the gate, sell at the box office, or both. Admins may do
 * everything, exhibitors neither. Staff accounts made before the box office existed scan only.
 */
export type Right = "scan" | "sell";

export interface Rights {
  canScan: boolean;
  canSell: boolean;
}

/** Rights are the database's (read by the guard with the session check), never the cookie's. */
export function hasRight(user: { role: Role } & Partial<Rights>, right: Right): boolean {
  if (user.role === "admin") return true;
  if (user.role !== "staff") return false;
  return right === "scan" ? user.canScan === true : user.canSell === true;
}

/** "Gate", "Box office", "Gate and box office": how the users page names a staff member's rights. */
export function rightsLabel(rights: Rights): string {
  if (rights.canScan && rights.canSell) return "gate and box office";
  if (rights.canSell) return "box office only";
  if (rights.canScan) return "gate only";
  return "no rights";
}
