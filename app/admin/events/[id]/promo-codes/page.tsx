import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PromoCodeForm, PromoCodePauseButton } from "@/components/admin/promo-code-form";
import { Badge } from "@/components/ui/badge";
import { getAdminEvent } from "@/lib/admin/events";
import { listPromoCodes } from "@/lib/admin/promo-codes";
import { promoCodeFormValues } from "@/lib/admin/promo-schemas";
import { requirePageRole } from "@/lib/auth/page-guard";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { formatMoney } from "@/lib/money";
import { createPromoCodeAction, setPromoCodePausedAction, updatePromoCodeAction } from "../../promo-actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Promo codes", robots: { index: false } };

interface Props {
  params: Promise<{ id: string }>;
}

/** An event's promo codes: their uses (held, used, of how many) and what they brought in and gave away. */
export default async function PromoCodesPage({ params }: Props) {
  const { id } = await params;
  await requirePageRole(["admin"], `/admin/events/${id}/promo-codes`);
  const db = await getDb();
  const event = await getAdminEvent(db, id).catch((err) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  const codes = await listPromoCodes(db, id);
  const types = event.ticketTypes.map((t) => ({ id: t.id, name: t.name, hidden: t.hidden }));
  const typeName = (tid: string) => types.find((t) => t.id === tid)?.name ?? "?";

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`/admin/events/${id}`} className="text-brand-700 underline">
          ← {event.name}
        </Link>
      </p>
      <h1 className="text-xl font-bold">Promo codes</h1>
      <p className="text-sm text-stone-700">
        Share a code as a link: <span className="font-mono">/events/{event.slug}?promo=CODE</span>. A use is one order;
        an unpaid order holds its use until it is paid, or gives it back when it expires or is cancelled.
      </p>
      {codes.length === 0 && <p className="text-stone-700">No codes yet.</p>}
      <ul className="space-y-3">
        {codes.map((c) => (
          <li key={c.id} className="rounded-xl border border-stone-200 bg-white" data-testid={`promo-${c.code}`}>
            <details>
              <summary className="flex min-h-11 cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 p-4">
                <span className="font-mono font-semibold">{c.code}</span>
                {c.paused && <Badge tone="amber">Paused</Badge>}
                <span>
                  {c.discountKind === "percent"
                    ? `${c.discountValue} % off`
                    : c.discountKind === "amount"
                      ? `${formatMoney(c.discountValue, c.currency)} off`
                      : "Unlock only"}
                  {c.ticketTypeIds.length > 0 && ` ${c.ticketTypeIds.map(typeName).join(", ")}`}
                  {c.unlocksTicketTypeIds.length > 0 && ` · unlocks ${c.unlocksTicketTypeIds.map(typeName).join(", ")}`}
                </span>
                <span className="text-sm text-stone-600">
                  {c.usesUsed} used · {c.usesHeld} held · {c.maxUses == null ? "no limit" : `of ${c.maxUses}`}
                </span>
                <span className="text-sm text-stone-600">
                  {formatMoney(c.revenueMinor, c.currency)} revenue · {formatMoney(c.discountGivenMinor, c.currency)}{" "}
                  discount given
                </span>
              </summary>
              <div className="space-y-4 border-t border-stone-200 p-4">
                <PromoCodePauseButton
                  action={setPromoCodePausedAction}
                  eventId={id}
                  promoCodeId={c.id}
                  paused={c.paused}
                />
                <PromoCodeForm
                  action={updatePromoCodeAction}
                  eventId={id}
                  promoCodeId={c.id}
                  currency={event.currency}
                  timezone={event.timezone}
                  ticketTypes={types}
                  initial={promoCodeFormValues(c, event.timezone)}
                  submitLabel="Save code"
                />
              </div>
            </details>
          </li>
        ))}
      </ul>
      <div className="rounded-xl border border-stone-200 bg-white p-4">
        <h2 className="mb-3 font-semibold">New promo code</h2>
        <PromoCodeForm
          action={createPromoCodeAction}
          eventId={id}
          currency={event.currency}
          timezone={event.timezone}
          ticketTypes={types}
          initial={{ discountKind: "percent" }}
          submitLabel="Add code"
        />
      </div>
    </div>
  );
}
