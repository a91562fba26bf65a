import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { demoSignInRefused } from "../env";
import { hit } from "../rate-limit";
import { hashPassword, verifyPassword } from "./password";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
/** Roles that sign in with a password; exhibitors use e-mailed links. */
export const PASSWORD_ROLES = ["admin", "staff"] as const;

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(200)),
  password: z.string().min(1).max(200),
});

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
  role: "admin" | "staff";
}

export type SignInResult = { ok: true; user: SignedInUser } | { ok: false; reason: "invalid" | "locked" };

let dummyHash: Promise<string> | undefined;
/** Hashing against a throwaway hash when there is no account keeps "no such user" as slow as "wrong password". */
const burnHash = async (password: string) => verifyPassword(password, await (dummyHash ??= hashPassword("lango-no-such-user")));

/**
 * Checks an admin's or staff member's e-mail and password. After MAX_FAILED_SIGN_INS failures in a row
 * the account is locked for LOCK_MINUTES (even the right password is refused meanwhile). An e-mail
 * without an account is hashed and counted the same way, so neither the timing nor a lock tells an
 * attacker which e-mails have accounts.
 */
export async function authenticate(db: Db, credentials: unknown, now = new Date()): Promise<SignInResult> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) {
    await burnHash("");
    return { ok: false, reason: "invalid" };
  }
  const { email, password } = parsed.data;
  // A demo account (its password is in the README) that survived into live mode counts as no account.
  const user = demoSignInRefused(email) ? null : await db.user.findUnique({ where: { email } });
  if (!user || !user.passwordHash || !isPasswordRole(user.role)) {
    await burnHash(password);
    const key = `signin:unknown:${createHash("sha256").update(email).digest("base64url")}`;
    const within = await hit(db, key, MAX_FAILED_SIGN_INS, LOCK_MINUTES * 60_000, now);
    return { ok: false, reason: within ? "invalid" : "locked" };
  }

  // Hash first, whatever the lock says, so a locked account answers as slowly as an open one.
  const good = await verifyPassword(password, user.passwordHash);
  if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: "locked" };
  if (!good) {
    await recordFailure(db, user.id, now);
    return { ok: false, reason: "invalid" };
  }
  await db.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

function isPasswordRole(role: string): role is SignedInUser["role"] {
  return (PASSWORD_ROLES as readonly string[]).includes(role);
}

/** One statement, so concurrent wrong guesses each count (PostgreSQL evaluates SET against the old row). */
async function recordFailure(db: Db, userId: string, now: Date) {
  const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
  await db.$executeRaw`
    UPDATE "User" SET
      "failedLogins" = CASE WHEN "failedLogins" + 1 >= ${MAX_FAILED_SIGN_INS} THEN 0 ELSE "failedLogins" + 1 END,
      "lockedUntil" = CASE WHEN "failedLogins" + 1 >= ${MAX_FAILED_SIGN_INS} THEN ${lockUntil} ELSE "lockedUntil" END,
      "updatedAt" = ${now}
    WHERE "id" = ${userId}`;
}
