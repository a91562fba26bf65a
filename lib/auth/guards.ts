import "server-only";
import type { Session } from "next-auth";
import { getDb, type Db } from "../db/client";
import { AppError } from "../errors";
import { hasRight, type Right } from "./rights";
import type { Role } from "./roles";
import { sessionFromRequest, type SessionClaim } from "./session";
import { liveAccount, type LiveAccount } from "./session-version";

export type AuthorizedUser = LiveAccount;

export const unauthorized = () => new AppError("unauthorized", "Sign in to continue.");
export const forbidden = () => new AppError("forbidden", "Your account is not allowed to do this.");

/**
 * Lets a route handler, page or server action go on only for a signed-in user with one of the roles:
 * 401 without a (valid) session, 403 with the wrong role. One read of the account decides both, so a
 * session stops working the moment it is ended (signing out of it; a new password, role or e-mail, or
 * removal for all of the account's sessions; see session-version.ts) rather than when its cookie runs out,
 * and the role is the database's, not the cookie's.
 */
export async function requireRole(
  source: Request | Session | SessionClaim | null,
  roles: readonly Role[],
  db?: Db,
): Promise<AuthorizedUser> {
  const claim =
    source instanceof Request ? await sessionFromRequest(source) : source && "user" in source ? source.user : source;
  if (!claim?.id) throw unauthorized();
  const user = await liveAccount(db ?? (await getDb()), claim);
  if (!user) throw unauthorized();
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

/**
 * Like requireRole, for what staff do by right rather than by role: scanning at the gate and selling at
 * the box office (rights.ts). Admins always pass; staff need the right; anyone else gets 403.
 */
export async function requireRight(
  source: Request | Session | SessionClaim | null,
  right: Right,
  db?: Db,
): Promise<AuthorizedUser> {
  const user = await requireRole(source, ["admin", "staff"], db);
  if (!hasRight(user, right)) throw forbidden();
  return user;
}
