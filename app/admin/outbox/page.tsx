import { ZoneNote } from "@/components/admin/zone-note";
import { adminTime } from "@/components/admin/format";
import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EXHIBITOR_SIGN_IN_KIND } from "@/lib/auth/email-signin";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "E-mail outbox", robots: { index: false } };

const TONE = { queued: "amber", sent: "green", failed: "neutral" } as const;

/** Every e-mail Lango queued, newest first: what went (or, without a Resend key, would have gone) out. */
export default async function OutboxPage() {
  await requirePageRole(["admin"], "/admin/outbox");
  const emails = await (
    await getDb()
  ).emailOutbox.findMany({
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      to: true,
      subject: true,
      kind: true,
      status: true,
      attempts: true,
      lastError: true,
      createdAt: true,
      providerId: true,
    },
  });
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-bold">E-mail outbox</h1>
      <ZoneNote />
      <p className="text-sm text-stone-600">
        {process.env.RESEND_API_KEY
          ? "Sent through Resend."
          : "No RESEND_API_KEY: messages stay here instead of being sent."}
      </p>
      {emails.length === 0 && <p className="text-stone-700">No e-mails yet.</p>}
      <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
        {emails.map((e) => (
          <li key={e.id} className="p-3">
            <Link href={`/admin/outbox/${e.id}`} className="block hover:underline">
              <span className="font-medium">{e.subject}</span>
            </Link>
            <p className="text-sm text-stone-600">
              to {e.to} · {e.kind}
              {e.kind === EXHIBITOR_SIGN_IN_KIND && process.env.RESEND_API_KEY && " (sign-in link hidden)"} ·{" "}
              {adminTime(e.createdAt)} · <Badge tone={TONE[e.status]}>{e.status}</Badge>
              {e.lastError && (
                <span className="text-red-800">
                  {" "}
                  · {e.lastError} (attempt {e.attempts})
                </span>
              )}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
