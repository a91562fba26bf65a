import { Resend } from "resend";
import type { Db } from "../db/client";

export interface Mailer {
  /** "outbox" keeps the message in the database only; "resend" delivers it. */
  readonly name: "outbox" | "resend";
  send(m: { from: string; to: string; subject: string; html: string; text: string; idempotencyKey: string }): Promise<{ id: string }>;
}

/** Resend when RESEND_API_KEY is set, else the outbox (messages stay readable in the admin). */
export function mailerFromEnv(env: Record<string, string | undefined> = process.env): Mailer {
  const key = env.RESEND_API_KEY?.trim();
  if (!key) return { name: "outbox", send: async () => ({ id: "outbox" }) };
  const resend = new Resend(key);
  return {
    name: "resend",
    async send(m) {
      const { data, error } = await resend.emails.send(
        { from: m.from, to: m.to, subject: m.subject, html: m.html, text: m.text },
        { idempotencyKey: m.idempotencyKey },
      );
      if (error || !data) throw new Error(`Resend refused the message: ${error?.message ?? "no id"}`);
      return { id: data.id };
    },
  };
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
export async function deliverDueEmails(db: Db, mailer: Mailer, from: string, now = new Date(), limit = 20): Promise<{ sent: number; failed: number }> {
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
    try {
      const { id } = await mailer.send({ from, to: message.to, subject: message.subject, html: message.html, text: message.text, idempotencyKey: message.dedupeKey });
      await db.emailOutbox.update({ where: { id: message.id }, data: { status: "sent", sentAt: new Date(), providerId: id, lastError: null } });
      sent++;
    } catch (err) {
      const gaveUp = message.attempts >= MAX_ATTEMPTS;
      await db.emailOutbox.update({
        where: { id: message.id },
        data: { status: gaveUp ? "failed" : "queued", lastError: String((err as Error).message ?? err).slice(0, 500), nextAttemptAt: new Date(now.getTime() + backoffMs(message.attempts)) },
      });
      failed++;
    }
  }
  return { sent, failed };
}
