import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { queueEmail } from "../email/outbox";
import { signInLinkEmail } from "../email/templates";
import { readEnv } from "../env";
import { DEFAULT_LOCALE, type Locale } from "../i18n/config";
import { hit } from "../rate-limit";
import { PASSWORD_ROLES } from "./credentials";

/** Outbox kind of the sign-in link (the background sender delivers it; the admin outbox shows it without the link). */
export const EXHIBITOR_SIGN_IN_KIND = "exhibitor-sign-in";
/** How long a sign-in link works. Long enough for a slow inbox, short enough that an old e-mail is useless. */
export const SIGN_IN_LINK_MINUTES = 60;
/** Where every sign-in request ends, whether or not a link was sent (no one learns who exhibits). */
export const CHECK_EMAIL_PATH = "/exhibit/signin/check-email";
export const EXHIBITOR_SIGN_IN_PATH = "/exhibit/signin";
export const PORTAL_PATH = "/exhibit/portal";

export const PER_ADDRESS_LIMIT = { count: 5, windowMs: 60 * 60_000 };
export const PER_IP_LIMIT = { count: 20, windowMs: 60 * 60_000 };

const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(200));

/** Lower-cased, trimmed address, or null when it is not an address at all. */
export function normalizeEmail(value: unknown): string | null {
  const parsed = emailSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export type Eligibility = "exhibitor" | "password_account" | "unknown";

/**
 * Who may sign in by e-mail link: an address that booked a booth (an Exhibitor row, stored as typed,
 * so compared without case) or an existing exhibitor account. Admin and staff accounts use passwords:
 * a link must never become a way round their lockout.
 */
export async function emailSignInEligibility(db: Db, email: string): Promise<Eligibility> {
  const user = await db.user.findUnique({ where: { email }, select: { role: true } });
  if (user && (PASSWORD_ROLES as readonly string[]).includes(user.role)) return "password_account";
  if (user?.role === "exhibitor") return "exhibitor";
  // Plain equality on lower(): LIKE/ILIKE would treat "_" in an address as a wildcard.
  const rows = await db.$queryRaw<
    { n: number }[]
  >`SELECT 1 AS n FROM "Exhibitor" WHERE lower("email") = ${email} LIMIT 1`;
  return rows.length ? "exhibitor" : "unknown";
}

/**
 * Counts a sign-in request against the address's and the IP's limits (every request counts, eligible
 * or not, so the limit itself reveals nothing). Both counters move on every request. With no known IP
 * (no TRUST_PROXY) there is no per-IP limit: one bucket shared by every visitor would let one abuser
 * lock all exhibitors out, so the per-address limit alone holds then.
 */
export async function withinSignInLimits(
  db: Db,
  email: string,
  ip: string | undefined,
  now = new Date(),
): Promise<boolean> {
  const address = createHash("sha256").update(email).digest("base64url");
  const byAddress = await hit(
    db,
    `email-signin:address:${address}`,
    PER_ADDRESS_LIMIT.count,
    PER_ADDRESS_LIMIT.windowMs,
    now,
  );
  const byIp = ip ? await hit(db, `email-signin:ip:${ip}`, PER_IP_LIMIT.count, PER_IP_LIMIT.windowMs, now) : true;
  return byAddress && byIp;
}

/**
 * Decides a sign-in request before next-auth makes a token: true lets it make one and send the link;
 * false means answer as if it had (unknown address, staff address, over a limit).
 */
export async function shouldSendSignInLink(
  db: Db,
  rawEmail: unknown,
  ip: string | undefined,
  now = new Date(),
): Promise<boolean> {
  const email = normalizeEmail(rawEmail);
  if (!email) return false;
  if (!(await withinSignInLimits(db, email, ip, now))) return false;
  return (await emailSignInEligibility(db, email)) === "exhibitor";
}

/**
 * The URL next-auth answers a sent link with (built as next-auth builds it from NEXTAUTH_URL); an
 * unsent one gets the very same answer.
 */
export function checkEmailRedirect(env: Record<string, string | undefined> = process.env): string {
  const base = new URL(process.env.NEXTAUTH_URL ?? readEnv(env).APP_URL);
  const path = base.pathname.replace(/\/+$/, "") || "/api/auth";
  return `${base.origin}${path}/verify-request?${new URLSearchParams({ provider: "email", type: "email" })}`;
}

export const SIGN_IN_LINK_HIDDEN = "(sign-in link hidden)";

/**
 * A message as an admin may read it in the outbox: a sign-in link still works for the hour it lives, so
 * showing it would let any admin sign in as that exhibitor. When a provider delivers the mail (Resend),
 * every link of a sign-in message is replaced (the message is Lango's own template: the link is the only
 * URL in it). When no provider is set, the outbox is the only delivery there is (development, or a
 * deployment without e-mail): the link is shown, flagged, for the organiser to pass on to the exhibitor.
 * Other messages are unchanged. What is sent is the stored message, not this.
 */
export function outboxViewForAdmin<T extends { kind: string; text: string; html: string }>(
  message: T,
  opts: { delivered: boolean } = { delivered: true },
): T & { linkHidden: boolean; liveSignInLink: boolean } {
  if (message.kind !== EXHIBITOR_SIGN_IN_KIND) return { ...message, linkHidden: false, liveSignInLink: false };
  if (!opts.delivered) return { ...message, linkHidden: false, liveSignInLink: true };
  const url = /\bhttps?:\/\/[^\s"'<>]+/gi;
  return {
    ...message,
    text: message.text.replace(url, SIGN_IN_LINK_HIDDEN),
    html: message.html
      .replace(/\bhref\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, 'href="#"')
      .replace(url, SIGN_IN_LINK_HIDDEN),
    linkHidden: true,
    liveSignInLink: false,
  };
}

/**
 * Puts the sign-in link in the outbox; the background sender delivers it (Resend) or, without Resend,
 * leaves it there: admins see it with the link hidden, and in simulator mode the recipient reads it at
 * /sim/api/mailbox. The dedupe key is the token's hash: one message per link, never the token itself.
 */
export async function queueSignInEmail(
  db: Db,
  m: { to: string; url: string; token: string; expires: Date; lang?: Locale },
): Promise<void> {
  const minutes = Math.max(1, Math.round((m.expires.getTime() - Date.now()) / 60_000));
  const { subject, text, html } = await signInLinkEmail({ url: m.url, minutes }, m.lang ?? DEFAULT_LOCALE);
  const dedupeKey = `${EXHIBITOR_SIGN_IN_KIND}:${createHash("sha256").update(m.token).digest("base64url")}`;
  await db.$transaction((tx) =>
    queueEmail(tx, { dedupeKey, kind: EXHIBITOR_SIGN_IN_KIND, to: m.to, subject, text, html }),
  );
}
