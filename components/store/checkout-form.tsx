"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo, useRef, useState, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, ButtonLink } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { QuestionField, readAnswers } from "@/components/questions/question-fields";
import { formatMoney } from "@/lib/money";
import { questionApplies, type PublicQuestion } from "@/lib/questions/schemas";
import { clearCart, useCart, type CartLimits } from "./cart-store";
import type { BuyableTicket } from "./buyable";
import { phoneHint } from "./format";

interface Props {
  event: { slug: string; name: string; country: string; currency: string };
  tickets: BuyableTicket[];
  /** The event's checkout questions; each is shown only for the ticket types it applies to. */
  questions?: PublicQuestion[];
  /** A waiting-list offer being bought: its seats, not the cart, make the order. */
  offer?: { code: string; ticketTypeId: string; quantity: number };
}

type BuyerField = "buyer.name" | "buyer.email" | "buyer.phone";
const BUYER_FIELDS: BuyerField[] = ["buyer.name", "buyer.email", "buyer.phone"];
const fieldId = (field: BuyerField) => field.replace(".", "-");

interface Problem {
  title: string;
  detail?: string;
  /** The ticket type the server could not hold, and how many of it are left. */
  soldOut?: { ticketTypeId: string; available: number };
  /** Whether going back to the event page is the way out. */
  backToEvent?: boolean;
}

interface ApiError {
  code?: string;
  message?: string;
  fields?: Record<string, string>;
  ticketTypeId?: string;
  available?: number;
}

export function CheckoutForm({ event, tickets, questions = [], offer }: Props) {
  const router = useRouter();
  const limits = useMemo<CartLimits>(() => Object.fromEntries(tickets.map((t) => [t.id, t.limit])), [tickets]);
  const { cart, adjusted, setQuantity } = useCart(event.slug, limits);
  const [state, setState] = useState<"idle" | "submitting" | "done">("idle");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const busy = useRef(false);
  const problemRef = useRef<HTMLDivElement>(null);

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
  const total = lines.reduce((sum, l) => sum + l.total, 0);
  const count = lines.reduce((sum, l) => sum + l.quantity, 0);

  if (cart === null) {
    return <p className="rounded-lg border border-stone-200 bg-white p-4 text-stone-600">Loading your cart…</p>;
  }

  if (state === "done") {
    return (
      <p role="status" className="rounded-lg border border-stone-200 bg-white p-4 text-stone-700">
        Order placed. Taking you to it…
      </p>
    );
  }

  if (lines.length === 0) {
    return (
      <div className="rounded-lg border border-stone-200 bg-white p-6 text-center">
        <p className="text-lg font-semibold">Your cart is empty</p>
        {adjusted && <p className="mt-1 text-sm text-stone-600">The tickets you picked are no longer on sale.</p>}
        <ButtonLink href={`/events/${event.slug}`} variant="secondary" className="mt-4">
          Choose tickets for {event.name}
        </ButtonLink>
      </div>
    );
  }

  function clearFieldError(key: string) {
    setFieldErrors((errors) => {
      if (!(key in errors)) return errors;
      const next = { ...errors };
      delete next[key];
      return next;
    });
  }

  function showErrors(errors: Record<string, string>, next: Problem | null) {
    setFieldErrors(errors);
    setProblem(next);
    // Take the buyer to the first thing to fix: a field if there is one, otherwise the message.
    requestAnimationFrame(() => {
      const first = BUYER_FIELDS.find((f) => errors[f]) ?? Object.keys(errors).find((k) => k.includes("answers."));
      if (first) document.getElementById(first.replace(/\./g, "-"))?.focus();
      else problemRef.current?.focus();
    });
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy.current) return;
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const buyer = { name: text("buyer.name"), email: text("buyer.email"), phone: text("buyer.phone") };

    const missing: Record<string, string> = {};
    if (!buyer.name) missing["buyer.name"] = "Enter your name.";
    if (!buyer.email) missing["buyer.email"] = "Enter your e-mail address.";
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(buyer.email)) missing["buyer.email"] = "Enter a valid e-mail address.";
    if (!buyer.phone) missing["buyer.phone"] = "Enter your phone number.";
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
    setState("submitting");
    setProblem(null);
    let response: Response;
    try {
      response = await fetch("/api/orders", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({
          eventSlug: event.slug,
          items,
          buyer,
          ...(Object.keys(answers).length > 0 && { answers }),
          ...(offer && { offerCode: offer.code }),
        }),
      });
    } catch {
      busy.current = false;
      setState("idle");
      showErrors(
        {},
        {
          title: "We couldn't reach Lango.",
          detail: "Check your connection and press “Place order” again. Nothing has been charged.",
        },
      );
      return;
    }

    const body: unknown = await response.json().catch(() => null);
    if (response.status === 201 && body && typeof body === "object" && "reference" in body) {
      setState("done");
      if (!offer) clearCart(event.slug);
      router.replace(`/orders/${String(body.reference)}`);
      return;
    }

    busy.current = false;
    setState("idle");
    const error: ApiError =
      body && typeof body === "object" && "error" in body && body.error && typeof body.error === "object"
        ? (body.error as ApiError)
        : {};
    const errors: Record<string, string> = {};
    const unplaced: string[] = [];
    for (const [key, message] of Object.entries(error.fields ?? {})) {
      // An answer's error goes to its own field, which is named after the same key.
      if (/^(items\.\d+\.attendees\.\d+\.)?answers\./.test(key)) {
        errors[key] = message;
        continue;
      }
      const item = /^items\.(\d+)\./.exec(key);
      const line = item ? lines[Number(item[1])] : undefined;
      if ((BUYER_FIELDS as string[]).includes(key)) errors[key] = message;
      else if (line) errors[`ticket.${line.ticket.id}`] = message;
      else unplaced.push(message);
    }
    const inlineOnly = error.code === "invalid_input" && unplaced.length === 0 && Object.keys(errors).length > 0;
    if (inlineOnly) {
      showErrors(errors, { title: "Please check the highlighted details." });
    } else if (error.code === "sold_out" && error.ticketTypeId) {
      const left = Math.max(0, error.available ?? 0);
      errors[`ticket.${error.ticketTypeId}`] = left === 0 ? "Sold out." : `Only ${left} left.`;
      showErrors(errors, {
        title: error.message ?? "Some tickets have just sold out.",
        soldOut: { ticketTypeId: error.ticketTypeId, available: Math.max(0, error.available ?? 0) },
      });
    } else {
      const known = error.message && response.status < 500;
      showErrors(errors, {
        title: known ? error.message! : "Something went wrong on our side.",
        detail:
          [...unplaced, known ? undefined : "Your order was not placed. Please try again in a moment."]
            .filter(Boolean)
            .join(" ") || undefined,
        backToEvent: [
          "sales_closed",
          "sales_not_started",
          "unknown_ticket_type",
          "quantity_above_maximum",
          "empty_order",
        ].includes(error.code ?? ""),
      });
    }
  }

  const soldOutTicket = problem?.soldOut && tickets.find((t) => t.id === problem.soldOut!.ticketTypeId);
  const submitting = state !== "idle";

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6">
      <section aria-labelledby="summary-heading" className="rounded-xl border border-stone-200 bg-white p-4">
        <div className="flex items-baseline justify-between gap-2">
          <h2 id="summary-heading" className="text-lg font-semibold">
            Your tickets
          </h2>
          <Link
            href={`/events/${event.slug}`}
            className="text-sm font-medium text-brand-700 underline underline-offset-4"
          >
            Change
          </Link>
        </div>
        {adjusted && <p className="mt-2 text-sm text-amber-900">We updated your cart to what is on sale right now.</p>}
        <ul className="mt-3 divide-y divide-stone-100">
          {lines.map(({ ticket, quantity, total: lineTotal }) => (
            <li key={ticket.id} className="py-2">
              <div className="flex items-baseline justify-between gap-3">
                <span>
                  {ticket.name} <span className="text-stone-600">× {quantity}</span>
                </span>
                <span className="font-medium tabular-nums">{formatMoney(lineTotal, ticket.currency)}</span>
              </div>
              {fieldErrors[`ticket.${ticket.id}`] && (
                <p className="mt-1 text-sm font-medium text-red-700">{fieldErrors[`ticket.${ticket.id}`]}</p>
              )}
            </li>
          ))}
        </ul>
        <div className="mt-2 flex items-baseline justify-between border-t border-stone-200 pt-3">
          <span className="font-semibold">Total ({count === 1 ? "1 ticket" : `${count} tickets`})</span>
          <span className="text-lg font-bold tabular-nums" data-testid="checkout-total">
            {formatMoney(total, event.currency)}
          </span>
        </div>
      </section>

      <section aria-labelledby="buyer-heading" className="space-y-4 rounded-xl border border-stone-200 bg-white p-4">
        <h2 id="buyer-heading" className="text-lg font-semibold">
          Your details
        </h2>
        <Field
          id={fieldId("buyer.name")}
          name="buyer.name"
          label="Full name"
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
          label="E-mail"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          maxLength={200}
          hint="Your tickets and receipt are sent here."
          error={fieldErrors["buyer.email"]}
          onChange={() => clearFieldError("buyer.email")}
        />
        <Field
          id={fieldId("buyer.phone")}
          name="buyer.phone"
          type="tel"
          inputMode="tel"
          label="Phone number"
          autoComplete="tel"
          required
          maxLength={32}
          hint={phoneHint(event.country)}
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
                {quantity > 1 ? `${ticket.name} ticket ${j + 1}` : `${ticket.name} ticket`}
              </legend>
              <Field
                id={`attendee-${ticket.id}-${j}`}
                name={`attendee.${ticket.id}.${j}`}
                label="Attendee name (optional)"
                autoComplete="off"
                maxLength={100}
              />
              {asked.map((q) => {
                const key = `items.${i}.attendees.${j}.answers.${q.id}`;
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
              Add attendee names
              <span aria-hidden="true" className="text-stone-500 transition-transform group-open:rotate-180">
                ▾
              </span>
            </summary>
            <div className="space-y-3 border-t border-stone-200 p-3">
              <p className="text-sm text-stone-600">Optional. Each name is printed on its ticket.</p>
              {lines.flatMap(({ ticket, quantity }) =>
                seatQuestions(ticket.id).length > 0
                  ? []
                  : Array.from({ length: quantity }, (_, i) => (
                      <Field
                        key={`${ticket.id}.${i}`}
                        id={`attendee-${ticket.id}-${i}`}
                        name={`attendee.${ticket.id}.${i}`}
                        label={
                          quantity > 1
                            ? `${ticket.name} ticket ${i + 1}: attendee name`
                            : `${ticket.name} ticket: attendee name`
                        }
                        autoComplete="off"
                        maxLength={100}
                      />
                    )),
              )}
            </div>
          </details>
        )}
      </section>

      <div ref={problemRef} tabIndex={-1} className="outline-none">
        {problem && (
          <Alert tone="error" title={problem.title}>
            {problem.detail && <p>{problem.detail}</p>}
            {problem.soldOut && (
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
                      ? `Change to ${problem.soldOut.available} ${soldOutTicket.name}`
                      : `Remove ${soldOutTicket.name} tickets`}
                  </Button>
                )}
                <Link
                  href={`/events/${event.slug}`}
                  className="inline-flex min-h-11 items-center px-2 font-medium underline underline-offset-4"
                >
                  Back to the event
                </Link>
              </div>
            )}
            {problem.backToEvent && (
              <p className="mt-2">
                <Link href={`/events/${event.slug}`} className="font-medium underline underline-offset-4">
                  Back to the event to adjust your tickets
                </Link>
              </p>
            )}
          </Alert>
        )}
      </div>

      <div>
        <Button type="submit" disabled={submitting} className="w-full text-lg">
          {submitting ? "Placing order…" : `Place order · ${formatMoney(total, event.currency)}`}
        </Button>
        <p className="mt-2 text-center text-sm text-stone-600">
          We hold your tickets for a few minutes while you pay. Nothing is charged yet.
        </p>
      </div>
    </form>
  );
}
