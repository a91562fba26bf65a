import "server-only";
import type { Db } from "../db/client";

/**
 * Sessions are JWTs the server cannot take back, so each carries the account's `sessionVersion` from
 * sign-in, and the server honours one only while the account still exists with that same version.
 * Ending every session of an account is one increment: sign-out does it here, and a database trigger
 * does it on any change of password, role or e-mail (migration 0005_session_version_and_signin_throttle).
 */
export interface VersionedClaim {
  id: string;
  sessionVersion?: number;
}

/**
 * The version a session was minted at. Sessions minted before versions existed carry none: they count
 * as 0, the version every account started at, so the first ending of that account's sessions ends them too.
 */
export const versionOf = (claim: VersionedClaim) => claim.sessionVersion ?? 0;

/** The account's current version, or null when the account is gone. */
export async function currentVersion(db: Db, userId: string): Promise<number | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? null;
}

export async function isLiveSession(db: Db, claim: VersionedClaim): Promise<boolean> {
  return (await currentVersion(db, claim.id)) === versionOf(claim);
}

/**
 * Ends every session of the account the claim belongs to, but only if the claim itself is still live:
 * otherwise anyone holding an old, already-ended cookie could sign the user out again and again.
 */
export async function endSessionsOf(db: Db, claim: VersionedClaim): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: claim.id, sessionVersion: versionOf(claim) },
    data: { sessionVersion: { increment: 1 } },
  });
  return count > 0;
}
