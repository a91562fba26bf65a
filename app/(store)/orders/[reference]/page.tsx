import type { Metadata } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { ClientMessages } from "@/components/i18n/client-messages";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { loadOrder } from "@/components/store/data";
import { PaidAnnouncer } from "@/components/payments/paid-announcer";
import { PaybillBox } from "@/components/payments/paybill-box";
import { PaymentPanel, type KnownPayment } from "@/components/payments/payment-panel";
import { TicketQrList } from "@/components/tickets/ticket-qr-list";
import { formatDeadline, formatEventDateTime, formatTime, phoneHintKey } from "@/components/store/format";
import { mono } from "@/components/store/mono";
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

/** Each status's badge; its words are `order.status.<status>`. */
const STATUS_TONE: Record<OrderStatusWord, BadgeTone> = {
  pending: "amber",
  paid: "green",
  expired: "neutral",
  cancelled: "neutral",
  refunded: "blue",
  partially_refunded: "blue",
};

/** A reference in a sentence: set apart, in the monospace it is printed in. */
const ref = (chunks: React.ReactNode) => (
  <span className="font-mono text-base font-semibold tracking-wider text-stone-900">{chunks}</span>
);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const loaded = await loadOrder((await params).reference);
  const t = await getTranslations("order");
  return {
    title: "order" in loaded ? t("metaTitle", { reference: loaded.order.reference }) : t("metaTitleBare"),
    robots: { index: false },
  };
}

/**
 * The order page. Anyone with the reference sees the status and can pay; the buyer's own browser (the
 * cookie from checkout) also sees the tickets and whose order it is.
 */
export default async function OrderPage({ params, searchParams }: Props) {
  const loaded = await loadOrder((await params).reference);
  const lang = await getLocale();
  const t = await getTranslations("order");
  const tc = await getTranslations("common");
  const tp = await getTranslations("payment");
  if (!("order" in loaded)) return <LookupsLimited message={loaded.limited} />;
  const { order, readAt } = loaded;
  const { payment: paymentParam } = await searchParams;
  const { event } = order;
  const phoneExample = examplePhone(event.country)?.national ?? null;
  const status = STATUS_TONE[order.status]
    ? { label: t(`status.${order.status}`), tone: STATUS_TONE[order.status] }
    : { label: order.status, tone: "neutral" as const };
  const money = (amount: number, currency = order.currency) => formatMoney(amount, currency, lang);
  const remainingMs = Date.parse(order.expiresAt) - readAt;
  const holdEnds = formatDeadline(order.expiresAt, event.timezone, event.country, new Date(readAt), lang);
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
        <PaidAnnouncer paid={paid} focusId="order-status" message={tp("received")} />
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h1 id="order-heading" className="text-xl font-bold">
            {t("title")}
          </h1>
          <p className="text-sm text-stone-600">{t.rich("reference", { reference: order.reference, ref })}</p>
        </div>
        {/* Status changes (e.g. to expired after a refresh) are announced; the ticking clock is not. */}
        <div id="order-status" tabIndex={-1} aria-live="polite" className="mt-3 space-y-1 outline-none">
          <p className="flex items-center gap-2">
            {paid && <CheckIcon />}
            <span className="sr-only">{t("statusPrefix")}</span>
            <Badge tone={status.tone}>{status.label}</Badge>
          </p>
          <StatusNote
            status={order.status}
            holdEnds={holdEnds}
            email={order.owner ? order.buyer.emailMasked : t("givenEmail")}
            boothCodes={boothOnly ? booths.map((b) => b.description) : null}
          />
          {paid && paidWith && (
            <p className="text-sm text-stone-700">
              {t(order.paidAt ? "paidWithAt" : "paidWith", {
                amount: money(paidWith.amount, paidWith.currency),
                gateway: gateways.find((g) => g.id === paidWith.gateway)?.displayName ?? paidWith.gateway,
                time: order.paidAt ? formatTime(order.paidAt, event.timezone, event.country, lang) : "",
              })}
            </p>
          )}
        </div>
        {order.status === "pending" && (
          <div className="mt-3">
            <ClientMessages namespaces={["order"]}>
              <HoldCountdown
                key={readAt}
                remainingMs={remainingMs}
                until={holdEnds}
                what={boothOnly ? t("boothsHeld", { count: booths.length }) : t("seatsHeld")}
              />
            </ClientMessages>
          </div>
        )}
        {order.status === "expired" && (
          <ButtonLink href={`/events/${event.slug}`} className="mt-4 w-full sm:w-auto">
            {t("chooseAgain")}
          </ButtonLink>
        )}
      </section>

      {order.status === "pending" && (
        <section className="rounded-xl border border-stone-200 bg-white p-4">
          <ClientMessages namespaces={["common", "payment", "order"]}>
            <PaymentPanel
              reference={order.reference}
              gateways={gateways}
              maskedPhone={order.owner ? order.buyer.phoneMasked : t("orderPhone")}
              phoneHint={tc(`phoneHint.${phoneHintKey(event.country, phoneExample)}`, { example: phoneExample ?? "" })}
              initialPayment={followPayment(order.payments, paybill.paymentIds, paymentParam)}
              totalLabel={money(order.total)}
              timeZone={event.timezone}
              country={event.country}
              desk={{ location: event.deskLocation, hours: event.deskHours }}
              watchOrder={paybillOpen}
            />
            {order.owner && <ReleaseSeatsButton reference={order.reference} />}
          </ClientMessages>
        </section>
      )}

      {paybillOpen && paybill.businessNumber && (
        <PaybillBox
          businessNumber={paybill.businessNumber}
          reference={order.reference}
          amountLabel={money(order.total)}
        />
      )}

      {order.owner && order.tickets.length > 0 && (
        <section aria-labelledby="tickets-heading" className="space-y-3">
          <h2 id="tickets-heading" className="text-lg font-semibold">
            {boothOnly ? t("yourPasses") : t("yourTickets")}
          </h2>
          <p className="text-sm text-stone-700">{t("showCode")}</p>
          <ClientMessages namespaces={["common", "tickets"]}>
            <TicketQrList
              tickets={order.tickets}
              eventName={event.name}
              kind={boothOnly ? "pass" : "ticket"}
              renameFor={Date.parse(event.startsAt) > readAt ? order.reference : undefined}
            />
          </ClientMessages>
          <ButtonLink
            href={`/tickets/${order.accessToken}`}
            variant="secondary"
            className="w-full py-2 text-center"
            prefetch={false}
          >
            {t("ticketsPage")}
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
          <time dateTime={event.startsAt}>
            {formatEventDateTime(event.startsAt, event.timezone, event.country, lang)}
          </time>
        </p>
        <p className="text-sm text-stone-700">
          {event.venue}, {event.city}
        </p>

        <h3 className="sr-only">{t("items")}</h3>
        <ul className="mt-3 divide-y divide-stone-100 border-t border-stone-200">
          {order.items.map((item, i) => (
            <li key={i} className="flex items-baseline justify-between gap-3 py-2">
              <span>
                {item.description} <span className="text-stone-600">× {item.quantity}</span>
              </span>
              <span className="font-medium tabular-nums whitespace-nowrap">{money(item.total)}</span>
            </li>
          ))}
        </ul>
        {order.discount && (
          <div className="flex items-baseline justify-between gap-3 border-t border-stone-200 py-2 text-brand-900">
            <span>{t.rich("code", { code: order.discount.code, mono })}</span>
            {order.discount.amount > 0 && (
              <span className="font-medium tabular-nums">−{money(order.discount.amount)}</span>
            )}
          </div>
        )}
        <div className="flex items-baseline justify-between border-t border-stone-200 pt-3">
          <span className="font-semibold">{t("total")}</span>
          <span className="text-lg font-bold tabular-nums whitespace-nowrap">{money(order.total)}</span>
        </div>
        {order.owner && order.receiptNumber && (
          <p className="mt-2 text-sm text-stone-600">{t("receipt", { number: order.receiptNumber })}</p>
        )}
      </section>

      {!order.owner && order.status !== "pending" && order.status !== "expired" && (
        <p className="rounded-xl border border-stone-200 bg-white p-4 text-sm text-stone-700">
          {t("notOwner")}{" "}
          <Link href="/tickets" prefetch={false} className="font-medium text-brand-700 underline">
            {t("sendAgain")}
          </Link>
        </p>
      )}

      <p className="text-sm text-stone-600">
        {t.rich("keepReference", {
          reference: order.reference,
          ref: (c) => <span className="font-mono font-semibold text-stone-900">{c}</span>,
        })}
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
  /** Masked, or the words for "the address given at checkout". */
  email: string;
  /** The booths' descriptions ("Booth A7"), when the order is booths only. */
  boothCodes: string[] | null;
}) {
  const t = useTranslations("order.note");
  switch (status) {
    case "pending":
      return (
        <p className="text-stone-700">
          {t("pending", { deadline: holdEnds, passes: boothCodes ? "passes" : "tickets", email })}
        </p>
      );
    case "paid":
      return boothCodes ? (
        <p className="text-stone-800">
          <strong className="text-lg text-brand-900">
            {t("paidBooths", { booths: boothCodes.join(", "), count: boothCodes.length })}
          </strong>{" "}
          {t("paidBoothsBody", { email })}{" "}
          <Link href="/exhibit/portal" prefetch={false} className="font-medium text-brand-700 underline">
            {t("portal")}
          </Link>
        </p>
      ) : (
        <p className="text-stone-800">
          <strong className="text-lg text-brand-900">{t("paidIn")}</strong> {t("paidBody", { email })}
        </p>
      );
    case "expired":
      return <p className="text-stone-700">{t("expired", { deadline: holdEnds })}</p>;
    case "cancelled":
    case "refunded":
    case "partially_refunded":
      return <p className="text-stone-700">{t(status)}</p>;
    default:
      return null;
  }
}

function LookupsLimited({ message }: { message: string }) {
  const t = useTranslations("order");
  return (
    <div role="alert" className="rounded-xl border border-stone-200 bg-white p-6 text-center">
      <h1 className="text-xl font-bold">{t("tooMany")}</h1>
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
    failureReasonCode: p.failureReasonCode,
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
