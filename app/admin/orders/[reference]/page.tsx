import type { Metadata } from "next";
import { describeCode } from "@/lib/payments/code-words";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  CancelOrderForm,
  CashPaidForm,
  RefundOrderForm,
  ResendTicketsForm,
  SettleRefundForm,
} from "@/components/admin/order-actions";
import { OrderAnswers } from "@/components/questions/order-answers";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { getAdminOrder, ORDER_STATUS_TONE, orderTimeline, payingPayment, refundableMinor } from "@/lib/admin/orders";
import { requirePageRole } from "@/lib/auth/page-guard";
import { formatShortDateTime } from "@/lib/dates";
import { getDb } from "@/lib/db/client";
import { gatewayLabel } from "@/lib/documents/labels";
import { AppError } from "@/lib/errors";
import { formatMoney, majorUnitsInput } from "@/lib/money";
import { paidTheOrder } from "@/lib/orders/settlement";
import { refundWaitsOn, settleableFrom } from "@/lib/payments/refunds";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Order", robots: { index: false } };

const PAYMENT_TONE = {
  pending: "amber",
  succeeded: "green",
  failed: "red",
  cancelled: "neutral",
  expired: "neutral",
  refunded: "blue",
} as const;

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="space-y-2">
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** What a pending refund waits on, and from when it can be settled by hand if nothing comes. */
function PendingRefund({
  refund,
  gateway,
  when,
  now,
}: {
  refund: { gatewayReference: string | null; askedAt: Date | null; createdAt: Date };
  gateway: string;
  when: (d: Date) => string;
  now: Date;
}) {
  const via = gatewayLabel(gateway);
  const from = settleableFrom(refund);
  const waits = {
    result: `Taken by ${via} (reference ${refund.gatewayReference}); waiting for its result.`,
    taken: `Taken by ${via} (reference ${refund.gatewayReference}) and still under way, but ${via} does not report when a refund is done: check its dashboard and settle it by hand.`,
    resend: `${via} did not answer the request. Lango asks again by itself, safely, every ten minutes for a day.`,
    person: `${via} did not answer the request, so whether the money went back is not known. Check ${via}'s own records and settle it by hand.`,
  }[refundWaitsOn(refund, gateway, now)];
  return (
    <div className="mt-1 text-stone-700">
      <p>{waits}</p>
      {now < from && <p className="text-stone-600">If nothing has come by {when(from)}, it can be settled by hand.</p>}
    </div>
  );
}

/** One order for the desk: what was bought, by whom, every payment and ticket, its story, and what can be done. */
export default async function AdminOrderPage({ params }: { params: Promise<{ reference: string }> }) {
  const { reference } = await params;
  await requirePageRole(["admin"], `/admin/orders/${encodeURIComponent(reference)}`);
  const db = await getDb();
  let order;
  try {
    order = await getAdminOrder(db, reference);
  } catch (err) {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  }
  const timeline = await orderTimeline(db, order);
  const { event, currency } = order;
  const when = (d: Date) => formatShortDateTime(d.toISOString(), event.timezone, event.country);
  const money = (minor: number) => formatMoney(minor, currency);
  const paying = payingPayment(order);
  // The payment that paid the order, refunded in full or not: the refund form stays (closed) to show its outcome.
  const paidWith = paying ?? order.payments.find((p) => p.status === "refunded" && paidTheOrder(p.settlement));
  // Refunds still waiting for the gateway count as gone: the form never offers the same money twice.
  const { refundable, pending: refundPending } = paying ? refundableMinor(paying) : { refundable: 0, pending: 0 };
  const paid = order.status === "paid" || order.status === "partially_refunded";
  // A fresh nonce per render: the form submitted twice carries the same one (and acts once); the form
  // shown after a completed action carries a new one.
  const nonce = crypto.randomUUID();
  const now = new Date();

  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href="/admin/orders" className="text-brand-700 underline">
          ← Orders
        </Link>
      </p>
      <header className="space-y-1">
        <h1 className="flex flex-wrap items-center gap-2 text-xl font-bold">
          <span className="font-mono">{order.reference}</span>
          <Badge tone={ORDER_STATUS_TONE[order.status]}>{order.status.replace("_", " ")}</Badge>
        </h1>
        <p className="text-stone-700">
          {event.name} · {when(event.startsAt)}
        </p>
        <p className="text-stone-700">
          {money(order.totalMinor)}
          {order.refundedMinor > 0 && ` · ${money(order.refundedMinor)} refunded`}
          {refundPending > 0 && ` · ${money(refundPending)} refund pending`}
          {order.receiptNumber && ` · receipt ${order.receiptNumber}`}
        </p>
        <p className="text-sm text-stone-600">
          Created {when(order.createdAt)}
          {order.paidAt && ` · paid ${when(order.paidAt)}`}
          {order.status === "pending" && ` · held until ${when(order.expiresAt)}`}
          {order.cancelledAt && ` · cancelled ${when(order.cancelledAt)}`}
        </p>
      </header>

      <Section title="Buyer">
        <p className="break-all">
          {order.buyerName}
          <br />
          {order.buyerEmail}
          <br />
          {order.buyerPhone}
        </p>
      </Section>

      <Section title="Items">
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
          {order.items.map((i) => (
            <li key={i.id} className="flex justify-between gap-3 p-3">
              <span>
                {i.quantity} × {i.description}
              </span>
              <span className="whitespace-nowrap">{money(i.totalMinor)}</span>
            </li>
          ))}
          {order.promoCode && (
            <li className="flex justify-between gap-3 p-3">
              <span>
                Promo code <span className="font-mono">{order.promoCode.code}</span>
              </span>
              <span className="whitespace-nowrap">−{money(order.discountMinor)}</span>
            </li>
          )}
        </ul>
      </Section>

      <OrderAnswers order={order} />

      <Section title="Payments">
        {order.payments.length === 0 ? (
          <p className="text-stone-700">No payment attempts yet.</p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
            {order.payments.map((p) => {
              const cash = (p.metadata as { cash?: { receivedBy?: string; receivedAt?: string } } | null)?.cash;
              const settlement = p.settlement;
              return (
                <li key={p.id} className="space-y-1 p-3">
                  <p className="flex flex-wrap items-center justify-between gap-2">
                    <span className="font-medium">
                      {gatewayLabel(p.gateway)} · {formatMoney(p.amountMinor, p.currency)}
                    </span>
                    <Badge tone={PAYMENT_TONE[p.status]}>{p.status}</Badge>
                  </p>
                  <p className="break-all text-sm text-stone-600">
                    {when(p.createdAt)}
                    {p.phone && ` · ${p.phone}`}
                    {p.gatewayReceipt && ` · receipt ${p.gatewayReceipt}`}
                    {settlement && settlement !== "paid" && ` · ${settlement.replace("_", " ")}`}
                    {cash?.receivedBy && ` · taken by ${cash.receivedBy}`}
                  </p>
                  {p.failureReason && <p className="text-sm text-red-800">{p.failureReason}</p>}
                  {p.failureCode && <p className="text-sm text-stone-700">{describeCode(p.gateway, p.failureCode)}</p>}
                  {p.refunds.map((r) => (
                    <div key={r.id} className="text-sm">
                      <p>
                        Refund {formatMoney(r.amountMinor, r.currency)} ·{" "}
                        <Badge tone={r.status === "succeeded" ? "blue" : r.status === "failed" ? "red" : "amber"}>
                          {r.status}
                        </Badge>
                        {r.failureReason && <span className="text-red-800"> · {r.failureReason}</span>}
                      </p>
                      {r.status === "pending" && <PendingRefund refund={r} gateway={p.gateway} when={when} now={now} />}
                      <SettleRefundForm
                        reference={order.reference}
                        refundId={r.id}
                        amountLabel={formatMoney(r.amountMinor, r.currency)}
                        via={gatewayLabel(p.gateway)}
                        // Always here, closed when there is nothing to settle, so a settlement's outcome stays.
                        closed={r.status !== "pending" || now < settleableFrom(r)}
                      />
                    </div>
                  ))}
                </li>
              );
            })}
          </ul>
        )}
      </Section>

      <Section title="Tickets">
        {order.tickets.length === 0 ? (
          <p className="text-stone-700">No tickets (they are issued when the order is paid).</p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
            {order.tickets.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <span>
                  {t.attendeeName}{" "}
                  <span className="text-sm text-stone-600">· {t.ticketType?.name ?? "Staff pass"}</span>
                </span>
                <span className="text-sm">
                  <Badge tone={t.status === "valid" ? "green" : "red"}>{t.status}</Badge>
                  {t.checkedInAt && (
                    <span className="text-stone-600">
                      {" "}
                      · in {when(t.checkedInAt)}
                      {t.checkedInGate && ` at ${t.checkedInGate}`}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Actions">
        <div className="grid gap-3 md:grid-cols-2">
          {paidWith && (
            <RefundOrderForm
              // Kept when nothing is left to refund, closed, so the last refund's outcome stays in view.
              closed={!paid || refundable === 0}
              reference={order.reference}
              nonce={nonce}
              refundable={majorUnitsInput(refundable, currency)}
              refundableLabel={money(refundable)}
              currency={currency}
              via={gatewayLabel(paidWith.gateway)}
              cash={paidWith.gateway === "cash"}
            />
          )}
          {paid && <ResendTicketsForm reference={order.reference} nonce={nonce} email={order.buyerEmail} />}
          {(order.status === "pending" || order.status === "expired") && (
            <CashPaidForm
              reference={order.reference}
              total={majorUnitsInput(order.totalMinor, currency)}
              totalLabel={money(order.totalMinor)}
              currency={currency}
            />
          )}
          {order.status === "pending" && <CancelOrderForm reference={order.reference} />}
        </div>
        {paid && (
          <p className="text-sm text-stone-600">
            A paid order is cancelled by refunding it in full: the buyer gets the money back and every ticket stops
            working.
          </p>
        )}
        {order.status === "expired" && (
          <Alert tone="warning">
            The hold ran out. Cash can still be taken while the seats are free; if they have gone, the form says so and
            nothing is sold.
          </Alert>
        )}
        {(order.status === "cancelled" || order.status === "refunded") && (
          <p className="text-stone-700">Nothing more can be done with this order.</p>
        )}
      </Section>

      <Section title="Timeline">
        <ol className="space-y-2 border-l-2 border-stone-200 pl-4">
          {timeline.map((e, i) => (
            <li key={i}>
              <p className="flex flex-wrap items-center gap-2">
                <Badge tone={e.tone}>{e.kind}</Badge>
                <span className="font-medium">{e.title}</span>
              </p>
              <p className="break-words text-sm text-stone-600">
                <time dateTime={e.at.toISOString()}>{when(e.at)}</time>
                {e.detail && ` · ${e.detail}`}
              </p>
            </li>
          ))}
        </ol>
      </Section>
    </div>
  );
}
