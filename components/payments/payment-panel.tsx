"use client";

import { QueryClient, QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { checkPaymentNow, usePaymentStatus } from "./use-payment-status";
import { WaitingForPhone } from "./waiting-for-phone";

export interface GatewayOption {
  id: string;
  displayName: string;
  flow: "push" | "redirect";
  methods: { id: string; label: string }[];
}

interface Props {
  reference: string;
  gateways: GatewayOption[];
  /** "07•• ••• 678": the number on the order, masked. */
  maskedPhone: string;
  phoneHint: string;
  /** A payment to follow (back from a hosted page, or one already waiting on the phone). */
  initialPaymentId: string | null;
  totalLabel: string;
}

type Started = { paymentId: string; status: string; nextAction: { type: string; url?: string; message?: string; expiresAt?: string }; failureReason?: string };

export function PaymentPanel(props: Props) {
  const [client] = useState(() => new QueryClient());
  return (
    <QueryClientProvider client={client}>
      <Panel {...props} />
    </QueryClientProvider>
  );
}

function Panel({ reference, gateways, maskedPhone, phoneHint, initialPaymentId, totalLabel }: Props) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [gateway, setGateway] = useState(gateways[0]?.id ?? "");
  const [method, setMethod] = useState<string>("");
  const [otherPhone, setOtherPhone] = useState<string | null>(null);
  const [paymentId, setPaymentId] = useState<string | null>(initialPaymentId);
  const [instructions, setInstructions] = useState<{ message: string; expiresAt: string } | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const payment = usePaymentStatus(paymentId);
  const status = payment.data?.status;

  useEffect(() => {
    // Paid: the order page (server-rendered) now has the confirmation to show.
    if (status === "succeeded") router.refresh();
  }, [status, router]);

  const selected = gateways.find((g) => g.id === gateway);

  async function pay(e: React.FormEvent) {
    e.preventDefault();
    if (!selected) return;
    setSubmitting(true);
    setError(null);
    try {
      const res = await fetch(`/api/orders/${reference}/payments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ gateway: selected.id, ...(otherPhone && { phone: otherPhone }), ...(method && { method }) }),
      });
      const body = await res.json().catch(() => null);
      if (!res.ok) {
        setError({ message: body?.error?.message ?? "Could not start the payment. Please try again.", field: body?.error?.fields ? Object.keys(body.error.fields)[0] : undefined });
        return;
      }
      const started = body as Started;
      if (started.nextAction.type === "redirect" && started.nextAction.url) {
        window.location.assign(started.nextAction.url);
        return;
      }
      if (started.nextAction.type === "await_customer") {
        setInstructions({ message: started.nextAction.message ?? "", expiresAt: started.nextAction.expiresAt ?? "" });
      }
      queryClient.removeQueries({ queryKey: ["payment"] });
      setPaymentId(started.paymentId);
    } catch {
      setError({ message: "We could not reach Lango. Check your connection and try again." });
    } finally {
      setSubmitting(false);
    }
  }

  function tryAgain() {
    setPaymentId(null);
    setInstructions(null);
    setError(null);
  }

  async function checkAgain() {
    if (!paymentId) return;
    const fresh = await checkPaymentNow(paymentId).catch(() => null);
    if (fresh) queryClient.setQueryData(["payment", paymentId], fresh);
  }

  if (paymentId && (!payment.data || status === "pending")) {
    return (
      <WaitingForPhone
        gatewayName={gateways.find((g) => g.id === payment.data?.gateway)?.displayName ?? selected?.displayName ?? "the gateway"}
        message={instructions?.message}
        expiresAt={instructions?.expiresAt ?? payment.data?.expiresAt}
        onCheckAgain={checkAgain}
        onCancel={tryAgain}
      />
    );
  }

  if (status === "succeeded") {
    return (
      <Alert tone="info" title="Payment received">
        {payment.data?.receipt ? `Receipt ${payment.data.receipt}. ` : ""}Updating your order…
      </Alert>
    );
  }

  return (
    <form onSubmit={pay} className="space-y-4" aria-labelledby="pay-heading" noValidate>
      <h2 id="pay-heading" className="text-lg font-semibold">
        Pay {totalLabel}
      </h2>
      {status && status !== "pending" && (
        <Alert tone="error" title={status === "cancelled" ? "Payment cancelled" : status === "expired" ? "Payment timed out" : "Payment failed"}>
          {payment.data?.failureReason ?? "The payment did not go through."} You can try again below.
        </Alert>
      )}
      {gateways.length === 0 ? (
        <Alert tone="warning">No payment method is available for this order right now.</Alert>
      ) : (
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium text-stone-700">How would you like to pay?</legend>
          {gateways.map((g) => (
            <label key={g.id} className={`flex min-h-12 cursor-pointer items-center gap-3 rounded-lg border bg-white px-4 py-3 ${gateway === g.id ? "border-brand-700 ring-1 ring-brand-700" : "border-stone-300"}`}>
              <input type="radio" name="gateway" value={g.id} checked={gateway === g.id} onChange={() => { setGateway(g.id); setMethod(""); }} className="size-4 accent-brand-700" />
              <span className="font-medium">{g.displayName}</span>
              <span className="ml-auto text-sm text-stone-600">{g.flow === "push" ? "Prompt on your phone" : "Card or mobile money"}</span>
            </label>
          ))}
        </fieldset>
      )}

      {selected?.flow === "push" && (
        <div className="space-y-2 rounded-lg bg-stone-100 p-3 text-sm">
          {otherPhone === null ? (
            <p>
              We&apos;ll send the {selected.displayName} prompt to <strong>{maskedPhone}</strong>.{" "}
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
              <span id="pay-phone-hint" className="mt-1 block text-stone-600">{phoneHint}</span>
            </label>
          )}
        </div>
      )}

      {selected && selected.methods.length > 0 && (
        <label className="block text-sm">
          <span className="font-medium">Pay with</span>
          <select value={method} onChange={(e) => setMethod(e.target.value)} className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base">
            <option value="">Choose on the payment page</option>
            {selected.methods.map((m) => (
              <option key={m.id} value={m.id}>{m.label}</option>
            ))}
          </select>
        </label>
      )}

      {error && <Alert tone="error">{error.message}</Alert>}
      <Button type="submit" className="w-full" disabled={submitting || !selected}>
        {submitting ? "Starting payment…" : selected?.flow === "redirect" ? `Continue to ${selected.displayName}` : `Pay with ${selected?.displayName ?? ""}`}
      </Button>
    </form>
  );
}
