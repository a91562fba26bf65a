import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { demoSignInRefused } from "../env";
import { addressBucket, DIRECT_CLIENT } from "../http/client-ip";
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
const burnHash = async (password: string) =>
  verifyPassword(password, await (dummyHash ??= hashPassword("lango-no-such-user")));

/**
 * Checks an admin's or staff member's e-mail and password. Failures are counted per account and client
 * together (`client` is the caller's address, see signInThrottleKey): after MAX_FAILED_SIGN_INS
 * failures within LOCK_MINUTES that client is locked out of that account until the window ends (even
 * the right password is refused meanwhile), while the same account still signs in from anywhere else.
 * An e-mail without an account is hashed and counted the same way, so neither the timing nor a lock
 * tells an attacker which e-mails have accounts.
 */
export async function authenticate(
  db: Db,
  credentials: unknown,
  now = new Date(),
  client?: string,
): Promise<SignInResult> {
  const parsed = credentialsSchema.safeParse(credentials);
  if (!parsed.success) {
    await burnHash("");
    return { ok: false, reason: "invalid" };
  }
  const { email, password } = parsed.data;
  // A demo account (its password is in the README) that survived into live mode counts as no account.
  const user = demoSignInRefused(email) ? null : await db.user.findUnique({ where: { email } });
  const hash = user?.passwordHash && isPasswordRole(user.role) ? user.passwordHash : null;

  // Hash first, whatever the lock says, so a locked account answers as slowly as an open one.
  let good = false;
  if (hash) good = await verifyPassword(password, hash);
  else await burnHash(password);
  const key = signInThrottleKey(email, client);
  if (!user || !good || !isPasswordRole(user.role)) {
    const within = await hit(db, key, MAX_FAILED_SIGN_INS, LOCK_MINUTES * 60_000, now);
    return { ok: false, reason: within ? "invalid" : "locked" };
  }
  if (await isLockedOut(db, key, now)) return { ok: false, reason: "locked" };
  await db.rateLimit.deleteMany({ where: { key } });
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

function isPasswordRole(role: string): role is SignedInUser["role"] {
  return (PASSWORD_ROLES as readonly string[]).includes(role);
}

const SIGN_IN_KEY = "signin:";
/** The part of a throttle key naming the account (a hash: the table need not list who has accounts). */
const accountPart = (email: string) => `${SIGN_IN_KEY}${createHash("sha256").update(email).digest("hex")}:`;

/**
 * The failure counter of one (account, client) pair. An IPv6 client counts by its /64, which one
 * household or server is routinely given whole, so rotating addresses inside it buys no extra guesses.
 * Without a known address (no TRUST_PROXY: a Next route handler cannot see the socket) every client is
 * the one DIRECT_CLIENT, and the limit is then per account alone: anyone can lock an account for 15
 * minutes again, which is the safer failure than unlimited password guessing; an admin can unlock it.
 */
export function signInThrottleKey(email: string, client: string | undefined): string {
  return `${accountPart(email)}${client ? addressBucket(client) : DIRECT_CLIENT}`;
}

async function isLockedOut(db: Db, key: string, now: Date): Promise<boolean> {
  const row = await db.rateLimit.findUnique({ where: { key } });
  return !!row && row.resetAt > now && row.count >= MAX_FAILED_SIGN_INS;
}

/** The e-mails (of those given) locked out of signing in from at least one client right now. */
export async function lockedOutEmails(db: Db, emails: readonly string[], now = new Date()): Promise<Set<string>> {
  const rows = await db.rateLimit.findMany({
    where: { key: { startsWith: SIGN_IN_KEY }, resetAt: { gt: now }, count: { gte: MAX_FAILED_SIGN_INS } },
    select: { key: true },
  });
  return new Set(emails.filter((email) => rows.some((r) => r.key.startsWith(accountPart(email)))));
}

/** Clears every client's failure count for the account: it signs in again at once from anywhere. */
export async function clearSignInFailures(db: Db, email: string): Promise<number> {
  const { count } = await db.rateLimit.deleteMany({ where: { key: { startsWith: accountPart(email) } } });
  return count;
}
