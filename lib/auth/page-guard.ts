import "server-only";
import { notFound, redirect } from "next/navigation";
import { AppError } from "../errors";
import { requireRight, requireRole, type AuthorizedUser } from "./guards";
import type { Right } from "./rights";
import type { Role } from "./roles";
import { currentSession } from "./session";

/**
 * For admin pages: a signed-out visitor is sent to sign in (and back here after); a signed-in user
 * without the role gets the not-found page, which reveals nothing about what is there. Checked on the
 * server for every request.
 */
export async function requirePageRole(roles: readonly Role[], returnTo: string): Promise<AuthorizedUser> {
  return onPage(async () => requireRole(await currentSession(), roles), returnTo);
}

/** requirePageRole for a staff right (the scanner, the box office): staff without it get the not-found page. */
export async function requirePageRight(right: Right, returnTo: string): Promise<AuthorizedUser> {
  return onPage(async () => requireRight(await currentSession(), right), returnTo);
}

async function onPage(guard: () => Promise<AuthorizedUser>, returnTo: string): Promise<AuthorizedUser> {
  try {
    return await guard();
  } catch (err) {
    if (err instanceof AppError && err.status === 401) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
    if (err instanceof AppError && err.status === 403) notFound();
    throw err;
  }
}

/**
 * For the exhibitor portal: exhibitors, and admins looking on their behalf. Anyone else (signed out,
 * or signed in as gate staff) is sent to the exhibitor sign-in, which explains who it is for.
 */
export async function requirePortalRole(returnTo: string): Promise<AuthorizedUser> {
  try {
    return await requireRole(await currentSession(), ["exhibitor", "admin"]);
  } catch (err) {
    if (err instanceof AppError && (err.status === 401 || err.status === 403))
      redirect(`/exhibit/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
    throw err;
  }
}
