import { ZoneNote } from "@/components/admin/zone-note";
import { adminTime } from "@/components/admin/format";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { outboxViewForAdmin } from "@/lib/auth/email-signin";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "E-mail", robots: { index: false } };

export default async function OutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requirePageRole(["admin"], `/admin/outbox/${id}`);
  const stored = await (await getDb()).emailOutbox.findUnique({ where: { id } });
  if (!stored) notFound();
  const email = outboxViewForAdmin(stored, { delivered: !!process.env.RESEND_API_KEY });
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-bold">{email.subject}</h1>
      <ZoneNote />
      <p className="text-sm text-stone-600">
        To {email.to} · {email.status} · queued {adminTime(email.createdAt)}
      </p>
      {email.linkHidden && (
        <Alert tone="info">
          The sign-in link is hidden here: it would sign anyone who opens it in as this exhibitor. The recipient gets
          the full message.
        </Alert>
      )}
      {email.liveSignInLink && (
        <Alert tone="warning">
          No e-mail provider is set (RESEND_API_KEY), so this message was not sent: pass it on to {email.to} yourself.
          Its link signs in as that exhibitor for an hour; do not open it.
        </Alert>
      )}
      {/* Rendered as the recipient sees it, sandboxed: the message cannot run code or reach this page. */}
      <iframe
        title={`E-mail: ${email.subject}`}
        sandbox=""
        srcDoc={email.html}
        className="h-[70dvh] w-full rounded-xl border border-stone-200 bg-white"
      />
      <details className="rounded-xl border border-stone-200 bg-white p-3">
        <summary className="cursor-pointer font-medium">Plain-text version</summary>
        <pre className="mt-2 whitespace-pre-wrap break-words text-sm">{email.text}</pre>
      </details>
    </div>
  );
}
