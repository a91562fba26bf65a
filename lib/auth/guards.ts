import "server-only";
import type { Session } from "next-auth";
import { getDb, type Db } from "../db/client";
import { AppError } from "../errors";
import type { Role } from "./roles";
import { sessionFromRequest, type SessionClaim } from "./session";

export interface AuthorizedUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

export const unauthorized = () => new AppError("unauthorized", "Sign in to continue.", 401);
export const forbidden = () => new AppError("forbidden", "Your account is not allowed to do this.", 403);

/**
 * Lets a route handler go on only for a signed-in user with one of the roles: 401 without a (valid)
 * session, 403 with the wrong role. The role is read from the database, not the cookie, so a staff
 * member who is removed or demoted loses access at once rather than when their session runs out.
 */
export async function requireRole(
  source: Request | Session | SessionClaim | null,
  roles: readonly Role[],
  db?: Db,
): Promise<AuthorizedUser> {
  const claim = source instanceof Request ? await sessionFromRequest(source) : source && "user" in source ? source.user : source;
  if (!claim?.id) throw unauthorized();
  const user = await (db ?? (await getDb())).user.findUnique({
    where: { id: claim.id },
    select: { id: true, email: true, name: true, role: true },
  });
  if (!user) throw unauthorized();
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}
