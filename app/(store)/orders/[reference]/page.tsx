import type { Metadata } from "next";
import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { loadOrder } from "@/components/store/data";
import { PaidAnnouncer } from "@/components/payments/paid-announcer";
import { PaybillBox } from "@/components/payments/paybill-box";
import { PaymentPanel, type KnownPayment } from "@/components/payments/payment-panel";
import { TicketQrList } from "@/components/tickets/ticket-qr-list";
import { formatDeadline, formatEventDateTime, formatTime, phoneHint } from "@/components/store/format";
import { HoldCountdown } from "@/components/store/hold-countdown";
import { ReleaseSeatsButton } from "@/components/store/release-seats-button";
import { formatMoney } from "@/lib/money";
import type { OrderStatusWord, OrderView } from "@/lib/orders/order-view";
import { getDb } from "@/lib/db/client";
import { examplePhone } from "@/lib/orders/phone-example";
import { paybillForOrder } from "@/lib/payments/gateways/daraja/paybill";
import { enabledGateways, paymentsEnv } from "@/lib/payments/registry";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ reference: string }>;
  searchParams: Promise<{ payment?: string }>;
}

const STATUS: Record<OrderStatusWord, { label: string; tone: BadgeTone }> = {
  pending: { label: "Awaiting payment", tone: "amber" },
  paid: { label: "Paid", tone: "green" },
  expired: { label: "Expired", tone: "neutral" },
  cancelled: { label: "Cancelled", tone: "neutral" },
  refunded: { label: "Refunded", tone: "blue" },
  partially_refunded: { label: "Partly refunded", tone: "blue" },
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const loaded = await loadOrder((await params).reference);
  return { title: "order" in loaded ? `Order ${loaded.order.reference}` : "Order", robots: { index: false } };
}

/**
 * The order page. Anyone with the reference sees the status and can pay; the buyer's own browser (the
 * cookie from checkout) also sees the tickets and whose order it is.
 */
export default async function OrderPage({ params, searchParams }: Props) {
  const loaded = await loadOrder((await params).reference);
  if (!("order" in loaded)) return <LookupsLimited message={loaded.limited} />;
  const { order, readAt } = loaded;
  const { payment: paymentParam } = await searchParams;
  const { event } = order;
  const status = STATUS[order.status] ?? { label: order.status, tone: "neutral" as const };
  const remainingMs = Date.parse(order.expiresAt) - readAt;
  const holdEnds = formatDeadline(order.expiresAt, event.timezone, event.country, new Date(readAt));
  // A booth order is a booth and staff passes, not seats and tickets.
  const booths = order.items.filter((i) => i.kind === "booth");
  const boothOnly = booths.length > 0 && !order.items.some((i) => i.kind === "ticket");
  const env = paymentsEnv();
  const gateways = enabledGateways({ currency: order.currency, country: event.country }, env);
  const paybill =
    order.status === "pending" || order.payments.some((p) => p.gateway === "daraja")
      ? await paybillForOrder(await getDb(), env, {
          reference: order.reference,
          currency: order.currency,
          country: event.country,
        })
      : { businessNumber: null, paymentIds: new Set<string>() };
  const paybillOpen =
    order.status === "pending" && Boolean(paybill.businessNumber) && gateways.some((g) => g.id === "daraja");
  const paidWith = order.payments.findLast((p) => p.status === "succeeded");
  const paid = order.status === "paid";

  return (
    <div className="space-y-4">
      <section
        aria-labelledby="order-heading"
        className={`rounded-xl border p-4 ${paid ? "border-brand-600 bg-brand-50" : "border-stone-200 bg-white"}`}
      >
        <PaidAnnouncer paid={paid} focusId="order-status" />
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 id="order-heading" className="text-xl font-bold">
            Your order
          </h1>
          <p className="text-sm text-stone-600">
            Reference{" "}
            <span className="font-mono text-base font-semibold tracking-wider text-stone-900">{order.reference}</span>
          </p>
        </div>
        {/* Status changes (e.g. to expired after a refresh) are announced; the ticking clock is not. */}
        <div id="order-status" tabIndex={-1} aria-live="polite" className="mt-3 space-y-1 outline-none">
          <p className="flex items-center gap-2">
            {paid && <CheckIcon />}
            <span className="sr-only">Status: </span>
            <Badge tone={status.tone}>{status.label}</Badge>
          </p>
          <StatusNote
            status={order.status}
            holdEnds={holdEnds}
            email={order.owner ? order.buyer.emailMasked : null}
            boothCodes={boothOnly ? booths.map((b) => b.description) : null}
          />
          {paid && paidWith && (
            <p className="text-sm text-stone-700">
              {formatMoney(paidWith.amount, paidWith.currency)} paid with{" "}
              {gateways.find((g) => g.id === paidWith.gateway)?.displayName ?? paidWith.gateway}
              {order.paidAt && <> at {formatTime(order.paidAt, event.timezone, event.country)}</>}.
            </p>
          )}
        </div>
        {order.status === "pending" && (
          <div className="mt-3">
            <HoldCountdown
              key={readAt}
              remainingMs={remainingMs}
              until={holdEnds}
              what={boothOnly ? (booths.length === 1 ? "Booth held" : "Booths held") : "Seats held"}
            />
          </div>
        )}
        {order.status === "expired" && (
          <ButtonLink href={`/events/${event.slug}`} className="mt-4 w-full sm:w-auto">
            Choose tickets again
          </ButtonLink>
        )}
      </section>

      {order.status === "pending" && (
        <section className="rounded-xl border border-stone-200 bg-white p-4">
          <PaymentPanel
            reference={order.reference}
            gateways={gateways}
            maskedPhone={order.owner ? order.buyer.phoneMasked : "the phone number given at checkout"}
            phoneHint={phoneHint(event.country, examplePhone(event.country)?.national ?? null)}
            initialPayment={followPayment(order.payments, paybill.paymentIds, paymentParam)}
            totalLabel={formatMoney(order.total, order.currency)}
            timeZone={event.timezone}
            country={event.country}
            desk={{ location: event.deskLocation, hours: event.deskHours }}
            watchOrder={paybillOpen}
          />
          {order.owner && <ReleaseSeatsButton reference={order.reference} />}
        </section>
      )}

      {paybillOpen && paybill.businessNumber && (
        <PaybillBox
          businessNumber={paybill.businessNumber}
          reference={order.reference}
          amountLabel={formatMoney(order.total, order.currency)}
        />
      )}

      {order.owner && order.tickets.length > 0 && (
        <section aria-labelledby="tickets-heading" className="space-y-3">
          <h2 id="tickets-heading" className="text-lg font-semibold">
            {boothOnly ? "Your staff passes" : "Your tickets"}
          </h2>
          <p className="text-sm text-stone-700">
            Show a code at the gate, on this phone or printed. Each one admits one person once.
          </p>
          <TicketQrList
            tickets={order.tickets}
            eventName={event.name}
            noun={boothOnly ? "Staff pass" : "Ticket"}
            renameFor={Date.parse(event.startsAt) > readAt ? order.reference : undefined}
          />
          <ButtonLink
            href={`/tickets/${order.accessToken}`}
            variant="secondary"
            className="w-full py-2 text-center"
            prefetch={false}
          >
            Tickets page: PDF, calendar and receipt
          </ButtonLink>
        </section>
      )}

      <section aria-labelledby="event-heading" className="rounded-xl border border-stone-200 bg-white p-4">
        <h2 id="event-heading" className="text-lg font-semibold">
          <Link href={`/events/${event.slug}`} prefetch={false} className="hover:underline">
            {event.name}
          </Link>
        </h2>
        <p className="text-sm font-medium text-brand-700">
          <time dateTime={event.startsAt}>{formatEventDateTime(event.startsAt, event.timezone, event.country)}</time>
        </p>
        <p className="text-sm text-stone-700">
          {event.venue}, {event.city}
        </p>

        <h3 className="sr-only">Items</h3>
        <ul className="mt-3 divide-y divide-stone-100 border-t border-stone-200">
          {order.items.map((item, i) => (
            <li key={i} className="flex items-baseline justify-between gap-3 py-2">
              <span>
                {item.description} <span className="text-stone-600">× {item.quantity}</span>
              </span>
              <span className="font-medium tabular-nums whitespace-nowrap">
                {formatMoney(item.total, order.currency)}
              </span>
            </li>
          ))}
        </ul>
        {order.discount && (
          <div className="flex items-baseline justify-between gap-3 border-t border-stone-200 py-2 text-brand-900">
            <span>
              Code <span className="font-mono font-semibold">{order.discount.code}</span>
            </span>
            {order.discount.amount > 0 && (
              <span className="font-medium tabular-nums">−{formatMoney(order.discount.amount, order.currency)}</span>
            )}
          </div>
        )}
        <div className="flex items-baseline justify-between border-t border-stone-200 pt-3">
          <span className="font-semibold">Total</span>
          <span className="text-lg font-bold tabular-nums whitespace-nowrap">
            {formatMoney(order.total, order.currency)}
          </span>
        </div>
        {order.owner && order.receiptNumber && (
          <p className="mt-2 text-sm text-stone-600">Receipt {order.receiptNumber}</p>
        )}
      </section>

      {!order.owner && order.status !== "pending" && order.status !== "expired" && (
        <p className="rounded-xl border border-stone-200 bg-white p-4 text-sm text-stone-700">
          The tickets of this order show in the browser it was placed from, and behind the link in the confirmation
          e-mail.{" "}
          <Link href="/tickets" prefetch={false} className="font-medium text-brand-700 underline">
            Send the links again
          </Link>
        </p>
      )}

      <p className="text-sm text-stone-600">
        Keep the reference <span className="font-mono font-semibold text-stone-900">{order.reference}</span> and quote
        it if you contact the organiser.
      </p>
    </div>
  );
}

/** `email` masked, and only for the buyer's own browser: a reference alone does not say whose order it is. */
function StatusNote({
  status,
  holdEnds,
  email,
  boothCodes,
}: {
  status: OrderStatusWord;
  holdEnds: string;
  email: string | null;
  /** The booths' descriptions ("Booth A7"), when the order is booths only. */
  boothCodes: string[] | null;
}) {
  const to = email ?? "the e-mail address given at checkout";
  const passes = boothCodes ? "staff passes" : "tickets";
  switch (status) {
    case "pending":
      return (
        <p className="text-stone-700">
          Pay by {holdEnds} to keep your order. Your {passes} go to {to}.
        </p>
      );
    case "paid":
      return boothCodes ? (
        <p className="text-stone-800">
          <strong className="text-lg text-brand-900">
            {boothCodes.join(", ")} {boothCodes.length === 1 ? "is" : "are"} yours.
          </strong>{" "}
          Your staff passes and receipt have been sent to {to}.{" "}
          <Link href="/exhibit/portal" prefetch={false} className="font-medium text-brand-700 underline">
            Exhibitor portal
          </Link>
        </p>
      ) : (
        <p className="text-stone-800">
          <strong className="text-lg text-brand-900">You&apos;re in.</strong> Your tickets have been sent to {to}.
        </p>
      );
    case "expired":
      return (
        <p className="text-stone-700">
          No payment arrived in time, so what was held until {holdEnds} was released. Nothing was charged.
        </p>
      );
    case "cancelled":
      return <p className="text-stone-700">This order was cancelled. Nothing more will be charged.</p>;
    case "refunded":
      return <p className="text-stone-700">This order was refunded. The money goes back the way it was paid.</p>;
    case "partially_refunded":
      return (
        <p className="text-stone-700">Part of this order was refunded. The money goes back the way it was paid.</p>
      );
    default:
      return null;
  }
}

function LookupsLimited({ message }: { message: string }) {
  return (
    <div role="alert" className="rounded-xl border border-stone-200 bg-white p-6 text-center">
      <h1 className="text-xl font-bold">Too many lookups</h1>
      <p className="mt-2 text-stone-700">{message}</p>
    </div>
  );
}

const FOLLOWED: ReadonlySet<string> = new Set(["pending", "failed", "cancelled", "expired"]);

/**
 * The attempt the payment panel starts from: the one named in the URL (back from a hosted page), else
 * the latest one while it is waiting or just failed (so a reload still says why). Its status comes along,
 * so the panel shows a failure at once rather than a waiting screen until its first poll.
 */
function followPayment(
  payments: OrderView["payments"],
  paybillIds: ReadonlySet<string>,
  named?: string,
): KnownPayment | null {
  const p = (named && payments.find((x) => x.paymentId === named)) || payments.at(-1);
  if (!p || !FOLLOWED.has(p.status)) return null;
  return {
    paymentId: p.paymentId,
    gateway: p.gateway,
    status: p.status as KnownPayment["status"],
    failureReason: p.failureReason,
    ...(paybillIds.has(p.paymentId) && { paybill: true }),
  };
}

function CheckIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      aria-hidden
      className="size-7 shrink-0 text-brand-700"
      fill="none"
      stroke="currentColor"
      strokeWidth={2.2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <circle cx="12" cy="12" r="10" />
      <path d="m7.5 12.5 3 3 6-6.5" />
    </svg>
  );
}
