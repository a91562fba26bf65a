"use client";

import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useRef, type FormEvent } from "react";
import { useCreateOrder } from "@/components/api/use-create-order";
import { placeFieldErrors, submitProblem, type FormProblem } from "@/components/forms/form-errors";
import { ErrorSummary, useFormErrors } from "@/components/forms/use-form-errors";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { QuestionField, readAnswers } from "@/components/questions/question-fields";
import type { ApiError } from "@/lib/http/api-client";
import { formatMoney } from "@/lib/money";
import type { EventPromo } from "@/lib/promo/event-promo";
import { computeDiscount } from "@/lib/promo/pricing";
import { questionApplies, type PublicQuestion } from "@/lib/questions/schemas";
import { clearCart, useCart, type CartLimits } from "./cart-store";
import type { BuyableTicket } from "./buyable";
import { phoneHintKey } from "./format";
import { PromoProblem, PromoSummary } from "./promo-summary";

interface Props {
  /** `phoneExample`: a mobile number as written in the event's country (lib/orders/phone-example.ts). */
  event: { slug: string; name: string; country: string; currency: string; phoneExample: string | null };
  tickets: BuyableTicket[];
  /** The code carried from the event page (?promo=), as the server checked it. */
  promo?: EventPromo | null;
  /** The event's checkout questions; each is shown only for the ticket types it applies to. */
  questions?: PublicQuestion[];
  /** A waiting-list offer being bought: its seats, not the cart, make the order. */
  offer?: { code: string; ticketTypeId: string; quantity: number };
}

type BuyerField = "buyer.name" | "buyer.email" | "buyer.phone";
/** A buyer's input, or a cart line (`ticket.<ticketTypeId>`), which shows its message under the line. */
/** A buyer field, a ticket line, or an answer (`answers.<id>`, `items.<i>.attendees.<j>.answers.<id>`). */
type ErrorKey = BuyerField | `ticket.${string}` | `answers.${string}` | `items.${string}`;
const BUYER_FIELDS: BuyerField[] = ["buyer.name", "buyer.email", "buyer.phone"];
const fieldId = (field: ErrorKey) => field.replace(/\./g, "-");

interface Problem extends FormProblem {
  /** The ticket type the server could not hold, and how many of it are left. */
  soldOut?: { ticketTypeId: string; available: number };
  /** Whether going back to the event page is the way out. */
  backToEvent?: boolean;
  /** The promo code was refused: the way out is to continue without it. */
  promo?: boolean;
}

/** Refusals that changing the cart on the event page fixes. */
const BACK_TO_EVENT = [
  "sales_closed",
  "sales_not_started",
  "unknown_ticket_type",
  "quantity_above_maximum",
  "empty_order",
];

export function CheckoutForm({ event, tickets, promo, questions = [], offer }: Props) {
  const t = useTranslations("checkout");
  const tc = useTranslations("common");
  const lang = useLocale();
  const router = useRouter();
  const limits = useMemo<CartLimits>(() => Object.fromEntries(tickets.map((t) => [t.id, t.limit])), [tickets]);
  const { cart, adjusted, setQuantity } = useCart(event.slug, limits);
  const createOrder = useCreateOrder();
  const {
    errors: fieldErrors,
    problem,
    setProblem,
    summaryRef,
    show: showErrors,
    clear: clearFieldError,
  } = useFormErrors<ErrorKey, Problem>(BUYER_FIELDS, fieldId);
  // A second press before the button redraws as disabled must not place a second order.
  const busy = useRef(false);

  const lines = useMemo(
    () =>
      tickets
        .map((t) => ({
          ticket: t,
          quantity: offer ? (offer.ticketTypeId === t.id ? offer.quantity : 0) : cart?.[t.id],
        }))
        .filter((l): l is { ticket: BuyableTicket; quantity: number } => (l.quantity ?? 0) > 0)
        .map((l) => ({ ...l, total: l.ticket.price * l.quantity })),
    [tickets, cart, offer],
  );
  const orderQuestions = questions.filter(
    (q) =>
      q.scope === "order" &&
      questionApplies(
        q,
        lines.map((l) => l.ticket.id),
      ),
  );
  const seatQuestions = (ticketTypeId: string) =>
    questions.filter((q) => q.scope === "attendee" && questionApplies(q, [ticketTypeId]));
  const subtotal = lines.reduce((sum, l) => sum + l.total, 0);
  // A preview with the server's own function; the order's answer is what is charged.
  const code = promo?.valid ? promo : null;
  const discount = code?.discount
    ? computeDiscount(
        code.discount,
        lines.map((l) => ({ kind: "ticket", ticketTypeId: l.ticket.id, total: l.total })),
        event.currency,
      )
    : 0;
  const total = subtotal - discount;
  const count = lines.reduce((sum, l) => sum + l.quantity, 0);

  if (cart === null) {
    return <p className="rounded-lg border border-stone-200 bg-white p-4 text-stone-600">{t("loadingCart")}</p>;
  }

  if (createOrder.isSuccess) {
    return (
      <p role="status" className="rounded-lg border border-stone-200 bg-white p-4 text-stone-700">
        {t("placed")}
      </p>
    );
  }

  if (lines.length === 0) {
    return (
      <div className="rounded-lg border border-stone-200 bg-white p-6 text-center">
        <p className="text-lg font-semibold">{t("emptyTitle")}</p>
        {adjusted && <p className="mt-1 text-sm text-stone-600">{t("emptyAdjusted")}</p>}
        <ButtonLink href={`/events/${event.slug}`} variant="secondary" className="mt-4">
          {t("chooseFor", { event: event.name })}
        </ButtonLink>
      </div>
    );
  }

  /** The order was refused: each message next to what it is about, the rest in the summary. */
  function showRefusal(error: ApiError) {
    const placed = placeFieldErrors<ErrorKey>(error.fields, (key) => {
      if ((BUYER_FIELDS as string[]).includes(key)) return key as BuyerField;
      // An answer's error goes to its own field, which is named after the same key.
      if (/^(items\.\d+\.attendees\.\d+\.)?answers\./.test(key)) return key as ErrorKey;
      const item = /^items\.(\d+)\./.exec(key);
      const line = item ? lines[Number(item[1])] : undefined;
      return line && `ticket.${line.ticket.id}`;
    });
    if (error.code.startsWith("promo_")) {
      // The code is the problem, not the tickets: say why, and offer to go on without it.
      showErrors(placed.inline, { title: error.message, promo: true });
      return;
    }
    const soldOut = error.code === "sold_out" ? error.detail("ticketTypeId") : undefined;
    if (soldOut) {
      const available = Math.max(0, Number(error.body.available) || 0);
      showErrors(
        {
          ...placed.inline,
          [`ticket.${soldOut}`]: available === 0 ? t("soldOutLine") : t("onlyLeft", { count: available }),
        },
        { title: error.message, soldOut: { ticketTypeId: soldOut, available } },
      );
      return;
    }
    showErrors(placed.inline, {
      ...submitProblem(error, placed, {
        offline: t("offline"),
        notDone: t("notDone"),
        unreachable: t("unreachable"),
        checkHighlighted: t("checkHighlighted"),
        ourSide: t("ourSide"),
      }),
      backToEvent: BACK_TO_EVENT.includes(error.code),
    });
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy.current) return;
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const buyer = { name: text("buyer.name"), email: text("buyer.email"), phone: text("buyer.phone") };

    const missing: Partial<Record<BuyerField, string>> = {};
    if (!buyer.name) missing["buyer.name"] = t("enterName");
    if (!buyer.email) missing["buyer.email"] = t("enterEmail");
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(buyer.email)) missing["buyer.email"] = t("validEmail");
    if (!buyer.phone) missing["buyer.phone"] = t("enterPhone");
    if (Object.keys(missing).length) {
      showErrors(missing, null);
      return;
    }

    const items = lines.map(({ ticket, quantity }, i) => {
      const names = Array.from({ length: quantity }, (_, j) => text(`attendee.${ticket.id}.${j}`));
      const asked = seatQuestions(ticket.id);
      return {
        ticketTypeId: ticket.id,
        quantity,
        ...((names.some(Boolean) || asked.length > 0) && {
          attendees: names.map((name, j) => ({
            name,
            ...(asked.length > 0 && { answers: readAnswers(form, asked, `items.${i}.attendees.${j}.answers`) }),
          })),
        }),
      };
    });
    const answers = readAnswers(form, orderQuestions, "answers");

    busy.current = true;
    setProblem(null);
    createOrder.mutate(
      {
        eventSlug: event.slug,
        items,
        buyer,
        ...(code && { promoCode: code.code }),
        ...(Object.keys(answers).length > 0 && { answers }),
        ...(offer && { offerCode: offer.code }),
      },
      {
        onSuccess: (order) => {
          if (!offer) clearCart(event.slug);
          router.replace(`/orders/${order.reference}`);
        },
        onError: (error) => {
          busy.current = false;
          showRefusal(error);
        },
      },
    );
  }

  const soldOutTicket = problem?.soldOut && tickets.find((t) => t.id === problem.soldOut!.ticketTypeId);
  const submitting = createOrder.isPending || createOrder.isSuccess;

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <section aria-labelledby="summary-heading" className="rounded-xl border border-stone-200 bg-white p-4">
        <div className="flex items-baseline justify-between gap-2">
          <h2 id="summary-heading" className="text-lg font-semibold">
            {t("yourTickets")}
          </h2>
          <Link
            href={`/events/${event.slug}`}
            className="text-sm font-medium text-brand-700 underline underline-offset-4"
          >
            {t("change")}
          </Link>
        </div>
        {adjusted && <p className="mt-2 text-sm text-amber-900">{t("adjusted")}</p>}
        <ul className="mt-3 divide-y divide-stone-100">
          {lines.map(({ ticket, quantity, total: lineTotal }) => (
            <li key={ticket.id} className="py-2">
              <div className="flex items-baseline justify-between gap-3">
                <span>
                  {ticket.name} <span className="text-stone-600">× {quantity}</span>
                </span>
                <span className="font-medium tabular-nums">{formatMoney(lineTotal, ticket.currency, lang)}</span>
              </div>
              {fieldErrors[`ticket.${ticket.id}`] && (
                <p className="mt-1 text-sm font-medium text-red-700">{fieldErrors[`ticket.${ticket.id}`]}</p>
              )}
            </li>
          ))}
        </ul>
        <PromoSummary promo={promo} discount={discount} currency={event.currency} slug={event.slug} />
        <div className="mt-2 flex items-baseline justify-between border-t border-stone-200 pt-3">
          <span className="font-semibold">{t("total", { count })}</span>
          <span className="text-lg font-bold tabular-nums" data-testid="checkout-total">
            {formatMoney(total, event.currency, lang)}
          </span>
        </div>
      </section>

      <section aria-labelledby="buyer-heading" className="space-y-4 rounded-xl border border-stone-200 bg-white p-4">
        <h2 id="buyer-heading" className="text-lg font-semibold">
          {t("yourDetails")}
        </h2>
        <Field
          id={fieldId("buyer.name")}
          name="buyer.name"
          label={tc("fullName")}
          autoComplete="name"
          required
          maxLength={100}
          error={fieldErrors["buyer.name"]}
          onChange={() => clearFieldError("buyer.name")}
        />
        <Field
          id={fieldId("buyer.email")}
          name="buyer.email"
          type="email"
          inputMode="email"
          label={tc("email")}
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={200}
          hint={t("emailHint")}
          error={fieldErrors["buyer.email"]}
          onChange={() => clearFieldError("buyer.email")}
        />
        <Field
          id={fieldId("buyer.phone")}
          name="buyer.phone"
          type="tel"
          inputMode="tel"
          label={tc("phone")}
          autoComplete="tel"
          required
          maxLength={32}
          hint={tc(`phoneHint.${phoneHintKey(event.country, event.phoneExample)}`, {
            example: event.phoneExample ?? "",
          })}
          error={fieldErrors["buyer.phone"]}
          onChange={() => clearFieldError("buyer.phone")}
        />

        {orderQuestions.map((q) => (
          <QuestionField
            key={q.id}
            question={q}
            name={`answers.${q.id}`}
            error={fieldErrors[`answers.${q.id}`]}
            onChange={() => clearFieldError(`answers.${q.id}`)}
          />
        ))}

        {lines.flatMap(({ ticket, quantity }, i) => {
          const asked = seatQuestions(ticket.id);
          if (!asked.length) return [];
          return Array.from({ length: quantity }, (_, j) => (
            <fieldset key={`${ticket.id}.${j}`} className="space-y-3 rounded-lg border border-stone-200 p-3">
              <legend className="px-1 font-semibold">
                {t("seatLegend", { count: quantity, name: ticket.name, number: j + 1 })}
              </legend>
              <Field
                id={`attendee-${ticket.id}-${j}`}
                name={`attendee.${ticket.id}.${j}`}
                label={t("attendeeOptional")}
                autoComplete="off"
                maxLength={100}
              />
              {asked.map((q) => {
                const key = `items.${i}.attendees.${j}.answers.${q.id}` as const;
                return (
                  <QuestionField
                    key={q.id}
                    question={q}
                    name={key}
                    error={fieldErrors[key]}
                    onChange={() => clearFieldError(key)}
                  />
                );
              })}
            </fieldset>
          ));
        })}

        {lines.some(({ ticket }) => seatQuestions(ticket.id).length === 0) && (
          <details className="group rounded-lg border border-stone-200">
            <summary className="flex min-h-11 cursor-pointer list-none items-center justify-between px-3 font-medium text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-700 [&::-webkit-details-marker]:hidden">
              {t("addAttendees")}
              <span aria-hidden="true" className="text-stone-500 transition-transform group-open:rotate-180">
                ▾
              </span>
            </summary>
            <div className="space-y-3 border-t border-stone-200 p-3">
              <p className="text-sm text-stone-600">{t("attendeesHint")}</p>
              {lines.flatMap(({ ticket, quantity }) =>
                seatQuestions(ticket.id).length > 0
                  ? []
                  : Array.from({ length: quantity }, (_, i) => (
                      <Field
                        key={`${ticket.id}.${i}`}
                        id={`attendee-${ticket.id}-${i}`}
                        name={`attendee.${ticket.id}.${i}`}
                        label={t("attendeeFor", { count: quantity, name: ticket.name, number: i + 1 })}
                        autoComplete="off"
                        maxLength={100}
                      />
                    )),
              )}
            </div>
          </details>
        )}
      </section>

      <ErrorSummary problem={problem} summaryRef={summaryRef}>
        {problem?.soldOut && (
          <div className="mt-3 flex flex-wrap gap-2">
            {soldOutTicket && (
              <Button
                variant="secondary"
                onClick={() => {
                  setQuantity(soldOutTicket.id, problem.soldOut!.available);
                  clearFieldError(`ticket.${soldOutTicket.id}`);
                  setProblem(null);
                }}
              >
                {problem.soldOut.available > 0
                  ? t("changeTo", { count: problem.soldOut.available, name: soldOutTicket.name })
                  : t("removeTickets", { name: soldOutTicket.name })}
              </Button>
            )}
            <Link
              href={`/events/${event.slug}`}
              className="inline-flex min-h-11 items-center px-2 font-medium underline underline-offset-4"
            >
              {t("backToEvent")}
            </Link>
          </div>
        )}
        {problem?.promo && <PromoProblem slug={event.slug} />}
        {problem?.backToEvent && (
          <p className="mt-2">
            <Link href={`/events/${event.slug}`} className="font-medium underline underline-offset-4">
              {t("backToAdjust")}
            </Link>
          </p>
        )}
      </ErrorSummary>

      <div>
        <Button type="submit" disabled={submitting} className="w-full text-lg">
          {submitting
            ? t("placing")
            : total === 0
              ? t("free")
              : t("place", { total: formatMoney(total, event.currency, lang) })}
        </Button>
        <p className="mt-2 text-center text-sm text-stone-600">{t("holdNote")}</p>
      </div>
    </form>
  );
}
