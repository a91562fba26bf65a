import type { DbTx } from "../db/client";
import { escapeHtml } from "./render";

export interface OutgoingEmail {
  /** One message per occasion: queuing the same key twice (a duplicate callback) sends once. */
  dedupeKey: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  /** Defaults to the text, escaped, one paragraph per blank-line-separated block. */
  html?: string;
  orderId?: string;
}

/**
 * Queues an e-mail in the same transaction as the change it reports, so it is sent if and only if the
 * change happened. Delivery (Resend or the outbox) happens later and never blocks the caller.
 */
export async function queueEmail(tx: DbTx, email: OutgoingEmail): Promise<boolean> {
  // A walk-in at the box office may leave no address: there is nobody to write to.
  if (!email.to.trim()) return false;
  const html = email.html ?? textToHtml(email.text);
  const rows = await tx.$executeRaw`
    INSERT INTO "EmailOutbox" ("id", "dedupeKey", "kind", "to", "subject", "html", "text", "orderId")
    VALUES (${crypto.randomUUID()}, ${email.dedupeKey}, ${email.kind}, ${email.to}, ${email.subject}, ${html}, ${email.text}, ${email.orderId ?? null})
    ON CONFLICT ("dedupeKey") DO NOTHING`;
  return rows > 0;
}

export function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}
