import { Resend } from "resend";
import { z } from "zod";
import type { Db } from "../db/client";

export interface Mailer {
  /** "outbox" keeps the message in the database only; "resend" delivers it. */
  readonly name: "outbox" | "resend";
  send(m: {
    from: string;
    to: string;
    subject: string;
    html: string;
    text: string;
    idempotencyKey: string;
  }): Promise<{ id: string }>;
}

type Env = Record<string, string | undefined>;

/** A provider that neither answers nor fails would stall every later message; give up on it after this. */
const SEND_TIMEOUT_MS = 15_000;

/**
 * Resend when RESEND_API_KEY is set, else the outbox (messages stay readable in the admin).
 * RESEND_BASE_URL points the client elsewhere (tests use a local server).
 */
export function mailerFromEnv(env: Env = process.env, opts: { timeoutMs?: number } = {}): Mailer {
  const key = env.RESEND_API_KEY?.trim();
  if (!key) return { name: "outbox", send: async () => ({ id: "outbox" }) };
  const resend = new Resend(key, { baseUrl: env.RESEND_BASE_URL?.trim() || undefined });
  const timeoutMs = opts.timeoutMs ?? SEND_TIMEOUT_MS;
  return {
    name: "resend",
    async send(m) {
      const { data, error } = await resend.emails.send(
        { from: m.from, to: m.to, subject: m.subject, html: m.html, text: m.text },
        // The idempotency key makes Resend drop a repeat of this message (a sender that died after
        // Resend accepted it but before the outbox row was marked sent).
        { idempotencyKey: m.idempotencyKey, signal: AbortSignal.timeout(timeoutMs) },
      );
      if (error || !data) throw new Error(`Resend refused the message: ${error?.message ?? "no id"}`);
      return { id: data.id };
    },
  };
}

const DEV_FROM = "Lango <tickets@lango.test>";
// "tickets@example.com" or "Lango Tickets <tickets@example.com>".
const fromSchema = z.union([z.email(), z.string().regex(/^[^<>]+<[^<>\s@]+@[^<>\s@]+>$/)]);

/**
 * The From address. With Resend it must be EMAIL_FROM on a domain verified at Resend: a made-up
 * default would only be refused message after message, so a missing or malformed one stops here,
 * where the operator sees it. The outbox sends nothing, so it can do with a placeholder.
 */
export function senderAddress(env: Env = process.env): string {
  const from = env.EMAIL_FROM?.trim();
  if (from && !fromSchema.safeParse(from).success) {
    throw new Error(`EMAIL_FROM is not an e-mail address: use "tickets@your-domain" or "Lango <tickets@your-domain>".`);
  }
  if (!from && env.RESEND_API_KEY?.trim()) {
    throw new Error("EMAIL_FROM must be set when RESEND_API_KEY is: an address on a domain verified at Resend.");
  }
  return from || DEV_FROM;
}

const MAX_ATTEMPTS = 8;
/** A claimed message is retried after this if its sender died mid-send. */
const LEASE_MS = 5 * 60_000;
const backoffMs = (attempt: number) => Math.min(30_000 * 2 ** (attempt - 1), 6 * 60 * 60_000);

/**
 * Sends queued e-mails that are due. Each message is claimed with a conditional update (attempts
 * moves on and nextAttemptAt becomes a lease), so two senders never send one message twice; a failure
 * is retried with exponential backoff and given up after MAX_ATTEMPTS.
 */
export async function deliverDueEmails(
  db: Db,
  mailer: Mailer,
  from: string,
  now = new Date(),
  limit = 20,
): Promise<{ sent: number; failed: number }> {
  const due = await db.emailOutbox.findMany({
    where: { status: "queued", nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: "asc" },
    take: limit,
    select: { id: true, attempts: true },
  });
  let sent = 0;
  let failed = 0;
  for (const candidate of due) {
    const claimed = await db.emailOutbox.updateMany({
      where: { id: candidate.id, status: "queued", attempts: candidate.attempts, nextAttemptAt: { lte: now } },
      data: { attempts: { increment: 1 }, nextAttemptAt: new Date(now.getTime() + LEASE_MS) },
    });
    if (claimed.count === 0) continue;
    const message = await db.emailOutbox.findUniqueOrThrow({ where: { id: candidate.id } });
    // The result is written only while this sender still holds the claim: if its lease ran out and
    // another sender took the message over, that one's outcome stands.
    const mine = { id: message.id, status: "queued" as const, attempts: message.attempts };
    try {
      const { id } = await mailer.send({
        from,
        to: message.to,
        subject: message.subject,
        html: message.html,
        text: message.text,
        idempotencyKey: message.dedupeKey,
      });
      await db.emailOutbox.updateMany({
        where: mine,
        data: { status: "sent", sentAt: new Date(), providerId: id, lastError: null },
      });
      sent++;
    } catch (err) {
      const gaveUp = message.attempts >= MAX_ATTEMPTS;
      await db.emailOutbox.updateMany({
        where: mine,
        data: {
          status: gaveUp ? "failed" : "queued",
          lastError: String((err as Error).message ?? err).slice(0, 500),
          nextAttemptAt: new Date(now.getTime() + backoffMs(message.attempts)),
        },
      });
      failed++;
    }
  }
  return { sent, failed };
}
