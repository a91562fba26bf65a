"use client";

import { QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { StartedPayment } from "@/lib/payments/start-payment";
import { noteServerDate } from "./server-clock";
import { checkPaymentNow, usePaymentStatus, type PaymentStatus, type PaymentStatusView } from "./use-payment-status";
import { DeskInstructions } from "./desk-instructions";
import { WaitingForPhone, type CheckResult } from "./waiting-for-phone";

export interface GatewayOption {
  id: string;
  displayName: string;
  flow: "push" | "redirect" | "desk";
  methods: { id: string; label: string }[];
}

/** A payment the page already knows about (from the server render, or from starting it). */
export interface KnownPayment {
  paymentId: string;
  gateway: string;
  status: PaymentStatus;
  failureReason?: string | null;
  /** A paybill payment the buyer made from their own phone: nothing to approve, only a check to wait for. */
  paybill?: boolean;
}

interface Props {
  reference: string;
  gateways: GatewayOption[];
  /** "+254 7•• ••• 678": the number on the order, masked. */
  maskedPhone: string;
  phoneHint: string;
  /** The attempt to show first: one still waiting, or the one the buyer just came back from. */
  initialPayment: KnownPayment | null;
  totalLabel: string;
  /** The event's IANA time zone, for the desk deadline. */
  timeZone: string;
}

/** What the panel follows: the known payment plus what starting it told us (instruction, prompt window). */
interface Followed extends KnownPayment {
  /** The gateway's instruction ("Check your phone and enter your M-Pesa PIN to pay KES 5,000."). */
  message?: string;
  expiresAt?: string;
  sentTo?: string;
  /** The number typed for this attempt (null: the order's), so "Send a new prompt" uses it again. */
  phone?: string | null;
  /** Started by a press on this page (not found on load): the waiting screen takes focus. */
  justStarted?: boolean;
}

/** Followed, updated by the latest poll: status, reason and receipt from the server; instruction from either. */
type Current = Followed & { receipt?: string; continueUrl?: string };

function withPoll(followed: Followed, view: PaymentStatusView): Current {
  const next = view.nextAction;
  const push = next?.type === "await_customer" ? next : undefined;
  return {
    ...followed,
    status: view.status,
    failureReason: view.failureReason ?? null,
    receipt: view.receipt,
    message: followed.message ?? push?.message,
    expiresAt: followed.expiresAt ?? push?.expiresAt ?? view.expiresAt,
    continueUrl: next?.type === "redirect" ? next.url : undefined,
  };
}

const FAILURE_TITLES: Partial<Record<PaymentStatus, string>> = {
  cancelled: "Payment cancelled",
  expired: "Payment timed out",
  failed: "Payment failed",
  refunded: "Payment refunded",
};

export function PaymentPanel(props: Props) {
  const [client] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={client}>
      <Panel {...props} />
    </QueryClientProvider>
  );
}

function Panel({ reference, gateways, maskedPhone, phoneHint, initialPayment, totalLabel, timeZone }: Props) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [gateway, setGateway] = useState(() =>
    initialPayment && gateways.some((g) => g.id === initialPayment.gateway)
      ? initialPayment.gateway
      : (gateways[0]?.id ?? ""),
  );
  const [method, setMethod] = useState<string>("");
  const [otherPhone, setOtherPhone] = useState<string | null>(null);
  const [followed, setFollowed] = useState<Followed | null>(initialPayment);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);

  // An attempt left waiting ("Use another way to pay") that the buyer may still approve on the phone.
  const [leftWaiting, setLeftWaiting] = useState<string | null>(null);
  const failureBox = useRef<HTMLDivElement>(null);
  const sawPending = useRef(false);

  // Poll only what may still change; a payment known to be final needs no request.
  const followedFlow = gateways.find((g) => g.id === followed?.gateway)?.flow;
  // The desk settles when someone pays in person: no need to ask every two seconds.
  const polled = usePaymentStatus(
    followed?.paymentId ?? null,
    followed?.status === "pending",
    followedFlow === "desk" ? DESK_POLL_MS : undefined,
  );
  const current: Current | null = followed && polled.data ? withPoll(followed, polled.data) : followed;
  const status = current?.status;
  const late = usePaymentStatus(leftWaiting);
  const paid = status === "succeeded" || late.data?.status === "succeeded";

  useEffect(() => {
    // Paid: the order page (server-rendered) has the confirmation and the tickets; it replaces this panel.
    if (paid) router.refresh();
  }, [paid, router]);

  useEffect(() => {
    // From waiting to failed: the waiting screen (and the focus in it) is gone; the reason takes the focus.
    if (status === "pending") sawPending.current = true;
    else if (sawPending.current && status && FAILURE_TITLES[status]) {
      sawPending.current = false;
      failureBox.current?.focus();
    }
  }, [status]);

  useEffect(() => {
    // Back from a hosted page to this one restored from the back/forward cache: the button was left
    // disabled for the trip there.
    const onShow = (e: PageTransitionEvent) => {
      if (e.persisted) setSubmitting(false);
    };
    window.addEventListener("pageshow", onShow);
    return () => window.removeEventListener("pageshow", onShow);
  }, []);

  const selected = gateways.find((g) => g.id === gateway);

  async function start(option: GatewayOption, phone: string | null) {
    setSubmitting(true);
    setError(null);
    let leaving = false;
    try {
      const res = await fetch(`/api/orders/${encodeURIComponent(reference)}/payments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          gateway: option.id,
          ...(phone && { phone }),
          ...(method && option.methods.some((m) => m.id === method) && { method }),
        }),
      });
      noteServerDate(res);
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        // A prompt for this order is still open on a phone (another tab, or a press before this one): wait
        // on that one instead, as if it had just been sent; its screen offers a new prompt once it expires.
        const open = body?.error;
        if (res.status === 409 && open?.code === "payment_in_progress" && typeof open.paymentId === "string") {
          const openGateway =
            typeof open.gateway === "string" && gateways.some((g) => g.id === open.gateway) ? open.gateway : option.id;
          setGateway(openGateway);
          setFollowed({
            paymentId: open.paymentId,
            gateway: openGateway,
            status: "pending",
            ...(typeof open.expiresAt === "string" && { expiresAt: open.expiresAt }),
            phone,
            justStarted: true,
          });
          return;
        }
        // The order moved on (paid by an earlier prompt, or its hold ran out): show it as it is now.
        if (res.status === 409 && body?.error?.orderStatus) router.refresh();
        setError({
          message: body?.error?.message ?? "Could not start the payment. Please try again.",
          field: body?.error?.fields ? Object.keys(body.error.fields)[0] : undefined,
        });
        return;
      }
      const started = body as StartedPayment;
      const next = started.nextAction;
      if (next.type === "redirect") {
        leaving = true; // keep the button disabled while the browser goes to the hosted page
        window.location.assign(next.url);
        return;
      }
      // The desk moved the hold's end: the order's own countdown and note come from the server.
      if (option.flow === "desk") router.refresh();
      setFollowed({
        paymentId: started.paymentId,
        gateway: option.id,
        status: started.status,
        failureReason: started.failureReason,
        ...(next.type === "await_customer" && { message: next.message, expiresAt: next.expiresAt }),
        sentTo: phone ?? maskedPhone,
        phone,
        justStarted: true,
      });
    } catch {
      setError({ message: "We could not reach Lango. Check your connection and try again." });
    } finally {
      if (!leaving) setSubmitting(false);
    }
  }

  function pay(e: React.FormEvent) {
    e.preventDefault();
    if (selected && !submitting) void start(selected, otherPhone?.trim() || null);
  }

  /** The prompt's time is up: a new attempt on the same number (the form shows any error it meets). */
  function sendNewPrompt(option: GatewayOption, phone: string | null) {
    setGateway(option.id);
    setFollowed(null);
    void start(option, phone);
  }

  function backToForm() {
    if (current?.status === "pending") setLeftWaiting(current.paymentId);
    setFollowed(null);
    setError(null);
  }

  async function checkAgain(): Promise<CheckResult> {
    if (!followed) return "error";
    try {
      const fresh = await checkPaymentNow(followed.paymentId);
      queryClient.setQueryData(["payment", followed.paymentId], fresh);
      return fresh.status === "pending" ? "pending" : "settled";
    } catch {
      return "error";
    }
  }

  if (paid) {
    return (
      <div role="status" className="space-y-1 py-2 text-center">
        <p className="text-xl font-bold text-brand-700">Payment received</p>
        <p className="text-stone-700">
          {current?.receipt ? `${gatewayName(gateways, current.gateway)} receipt ${current.receipt}. ` : ""}Updating
          your order…
        </p>
      </div>
    );
  }

  if (current && status === "pending" && followedFlow === "desk") {
    return (
      <DeskInstructions
        key={current.paymentId}
        message={
          current.message || `Pay ${totalLabel} in cash at the organiser's desk and give the reference ${reference}.`
        }
        reference={reference}
        totalLabel={totalLabel}
        deadline={current.expiresAt ? formatDeadline(current.expiresAt, timeZone) : undefined}
        focusOnMount={Boolean(current.justStarted)}
        onCancel={backToForm}
      />
    );
  }

  if (current && status === "pending") {
    const option = gateways.find((g) => g.id === current.gateway);
    const name = option?.displayName ?? current.gateway;
    // A paybill payment is waited on like a hosted-page one: no prompt, no countdown, just the check.
    const flow = current.paybill
      ? "redirect"
      : option?.flow === "redirect" || option?.flow === "push"
        ? option.flow
        : current.continueUrl
          ? "redirect"
          : "push";
    const message =
      current.message ||
      (flow === "push"
        ? `Check your phone and enter your ${name} PIN to pay ${totalLabel}.`
        : `Finish paying on ${name}`);
    return (
      <WaitingForPhone
        key={current.paymentId}
        gatewayName={name}
        flow={flow}
        message={message}
        sentTo={current.sentTo}
        expiresAt={current.expiresAt}
        continueUrl={flow === "redirect" ? current.continueUrl : undefined}
        focusOnMount={Boolean(current.justStarted)}
        onCheckAgain={checkAgain}
        onCancel={backToForm}
        onSendNew={
          option?.flow === "push" && !current.paybill ? () => sendNewPrompt(option, current.phone ?? null) : undefined
        }
      />
    );
  }

  const failureTitle = status ? FAILURE_TITLES[status] : undefined;
  const reason = current?.failureReason || "The payment did not go through.";
  return (
    <form onSubmit={pay} className="space-y-4" aria-labelledby="pay-heading" noValidate>
      <h2 id="pay-heading" className="text-lg font-semibold">
        Pay {totalLabel}
      </h2>
      {failureTitle && (
        <div ref={failureBox} tabIndex={-1} className="rounded-lg outline-none">
          <Alert tone="error" title={failureTitle}>
            {reason}
            {/try again/i.test(reason) ? "" : " You can try again below."}
          </Alert>
        </div>
      )}
      {gateways.length === 0 ? (
        <Alert tone="warning">No payment method is available for this order right now.</Alert>
      ) : (
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium text-stone-700">How would you like to pay?</legend>
          {gateways.map((g) => (
            <label
              key={g.id}
              className={`flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border bg-white px-4 py-3 ${gateway === g.id ? "border-brand-700 ring-1 ring-brand-700" : "border-stone-300"}`}
            >
              <input
                type="radio"
                name="gateway"
                value={g.id}
                checked={gateway === g.id}
                onChange={() => {
                  setGateway(g.id);
                  setMethod("");
                }}
                className="size-4 shrink-0 accent-brand-700"
              />
              <span className="font-medium">{g.displayName}</span>
              <span className="ml-auto text-right text-sm text-stone-600">{FLOW_HINTS[g.flow]}</span>
            </label>
          ))}
        </fieldset>
      )}

      {selected?.flow === "push" && (
        <div className="space-y-2 rounded-lg bg-stone-100 p-3 text-sm">
          {otherPhone === null ? (
            <p>
              We&apos;ll send the {selected.displayName} prompt to{" "}
              <strong className="whitespace-nowrap">{maskedPhone}</strong>.{" "}
              <button type="button" className="font-medium text-brand-700 underline" onClick={() => setOtherPhone("")}>
                Use another number
              </button>
            </p>
          ) : (
            <label className="block">
              <span className="font-medium">Phone number for the prompt</span>
              <input
                type="tel"
                inputMode="tel"
                autoComplete="tel"
                value={otherPhone}
                onChange={(e) => setOtherPhone(e.target.value)}
                aria-invalid={error?.field === "phone" || undefined}
                aria-describedby="pay-phone-hint"
                className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base"
              />
              <span id="pay-phone-hint" className="mt-1 block text-stone-600">
                {phoneHint}
              </span>
            </label>
          )}
        </div>
      )}

      {selected && selected.methods.length > 0 && (
        <label className="block text-sm">
          <span className="font-medium">Pay with</span>
          <select
            value={method}
            onChange={(e) => setMethod(e.target.value)}
            className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base"
          >
            <option value="">Choose on the payment page</option>
            {selected.methods.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      )}

      {error && <Alert tone="error">{error.message}</Alert>}
      <Button type="submit" className="w-full" disabled={submitting || !selected}>
        {submitLabel(selected, submitting)}
      </Button>
    </form>
  );
}

const DESK_POLL_MS = 15_000;

const FLOW_HINTS: Record<GatewayOption["flow"], string> = {
  push: "Prompt on your phone",
  redirect: "Card or mobile money",
  desk: "Cash, in person",
};

function submitLabel(selected: GatewayOption | undefined, submitting: boolean): string {
  if (!selected) return "Pay";
  if (selected.flow === "desk") return submitting ? "Holding your order…" : "Pay at the desk";
  if (selected.flow === "redirect")
    return submitting ? `Opening ${selected.displayName}…` : `Continue to ${selected.displayName}`;
  return submitting ? "Sending the prompt…" : `Pay with ${selected.displayName}`;
}

function formatDeadline(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(new Date(iso));
}

function gatewayName(gateways: GatewayOption[], id: string): string {
  return gateways.find((g) => g.id === id)?.displayName ?? id;
}
