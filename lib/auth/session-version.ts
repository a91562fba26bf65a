import "server-only";
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import type { Role } from "./roles";

/**
 * Sessions are JWTs the server cannot take back, so the server keeps what it needs to refuse one:
 * - Signing out ends that session only (a steward leaving one gate phone must not sign out every other
 *   phone on the same account): each session gets a random id at sign-in, and sign-out records it in
 *   EndedSession (migration 0006_ended_sessions).
 * - A new password, role, e-mail or right (rights.ts) ends every session of the account: each session carries the account's
 *   `sessionVersion` from sign-in, and a database trigger bumps it on those changes (migration
 *   0005_session_version_and_signin_throttle, rights since 0007_box_office). Removing the account ends them all too: it is gone.
 */
export interface SessionRef {
  id: string;
  sessionVersion?: number;
  /** Absent in sessions minted before session ids existed. */
  sessionId?: string;
}

/**
 * The version a session was minted at. Sessions minted before versions existed carry none: they count
 * as 0, the version every account started at, so the first ending of that account's sessions ends them too.
 */
export const versionOf = (ref: SessionRef) => ref.sessionVersion ?? 0;

/**
 * A new session's id. next-auth's own `jti` cannot name a session: it is new each time the cookie is
 * re-issued, which happens on every read of the session.
 */
export const newSessionId = () => randomUUID();

/** The account's current version, or null when the account is gone. */
export async function currentVersion(db: Db, userId: string): Promise<number | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? null;
}

export interface LiveAccount {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  /** Staff rights (rights.ts), read with the session check; absent on actors made by hand in tests. */
  canScan?: boolean;
  canSell?: boolean;
}

/**
 * The account behind a session that has not been ended, or null. Every guarded request pays for this,
 * so the version and the ended-session check are one query.
 */
export async function liveAccount(db: Db, ref: SessionRef): Promise<LiveAccount | null> {
  const [user] = await db.$queryRaw<LiveAccount[]>`
    SELECT u."id", u."email", u."name", u."role"::text AS "role", u."canScan", u."canSell"
    FROM "User" u
    WHERE u."id" = ${ref.id} AND u."sessionVersion" = ${versionOf(ref)}
      AND NOT EXISTS (SELECT 1 FROM "EndedSession" e WHERE e."id" = ${ref.sessionId ?? null}::text)`;
  return user ?? null;
}

export async function isLiveSession(db: Db, ref: SessionRef): Promise<boolean> {
  return (await liveAccount(db, ref)) !== null;
}

/** How far past a session's maxAge a recorded sign-out is kept: the JWT decoder allows 15 s of clock skew. */
const CLOCK_MARGIN_MS = 60_000;

/**
 * Signs out of one session, only if it is still live (so an old, already-ended cookie cannot be used to
 * write rows or end anything). The record must outlast every copy of the cookie: next-auth re-issues the
 * cookie with a new expiry on each read, so a copy refreshed before the sign-out may expire later than the
 * cookie being signed out; none can be refreshed after it, so none outlives now + maxAge.
 *
 * A session without an id (minted before ids existed) cannot be named, so signing out of it ends every
 * session of the account, as sign-out did then.
 */
export async function endSession(db: Db, ref: SessionRef, maxAgeSeconds: number, now = new Date()): Promise<boolean> {
  if (!ref.sessionId) return endAllSessionsOf(db, ref);
  const expiresAt = new Date(now.getTime() + maxAgeSeconds * 1000 + CLOCK_MARGIN_MS);
  const inserted = await db.$executeRaw`
    INSERT INTO "EndedSession" ("id", "userId", "expiresAt")
    SELECT ${ref.sessionId}, u."id", ${expiresAt}
    FROM "User" u
    WHERE u."id" = ${ref.id} AND u."sessionVersion" = ${versionOf(ref)}
    ON CONFLICT ("id") DO NOTHING`;
  return inserted > 0;
}

/** Ends every session of the account, if the session asking is still live (see endSession). */
async function endAllSessionsOf(db: Db, ref: SessionRef): Promise<boolean> {
  const { count } = await db.user.updateMany({
    where: { id: ref.id, sessionVersion: versionOf(ref) },
    data: { sessionVersion: { increment: 1 } },
  });
  return count > 0;
}

/** Part of the periodic sweep: a recorded sign-out is dropped once no copy of that cookie can be valid. */
export async function forgetExpiredEndedSessions(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.endedSession.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
