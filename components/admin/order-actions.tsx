"use client";

import { useActionState, type ReactNode } from "react";
import {
  cancelAction,
  cashPaidAction,
  refundAction,
  resendTicketsAction,
  settleRefundAction,
  type OrderActionState,
} from "@/app/admin/orders/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

type Action = (prev: OrderActionState, form: FormData) => Promise<OrderActionState>;

/**
 * One action's form: a title, an explanation, the fields, and the outcome shown right under it. `closed`:
 * the action no longer applies (the refund it made was the last one), so only its outcome stays, which it
 * would not if the page dropped the form. `folded`: the form sits under a summary with these words.
 */
function ActionForm({
  action,
  title,
  intro,
  submit,
  busy,
  reference,
  nonce,
  children,
  danger,
  closed = false,
  folded,
}: {
  action: Action;
  title: string;
  intro?: ReactNode;
  submit: string;
  busy: string;
  reference: string;
  nonce?: string;
  danger?: boolean;
  closed?: boolean;
  folded?: string;
  children?: (state: OrderActionState) => ReactNode;
}) {
  const [state, formAction, pending] = useActionState<OrderActionState, FormData>(action, null);
  if (closed) return state && <Alert tone={state.tone}>{state.message}</Alert>;
  const form = (
    <form action={formAction} className="space-y-3 rounded-xl border border-stone-200 bg-white p-4">
      <h3 className="font-semibold">{title}</h3>
      {intro && <div className="text-sm text-stone-700">{intro}</div>}
      <input type="hidden" name="reference" value={reference} />
      {nonce && <input type="hidden" name="nonce" value={nonce} />}
      {children?.(state)}
      {state && <Alert tone={state.tone}>{state.message}</Alert>}
      <Button
        type="submit"
        variant={danger ? "secondary" : "primary"}
        disabled={pending}
        className={danger ? "border-red-300 text-red-900" : ""}
      >
        {pending ? busy : submit}
      </Button>
    </form>
  );
  if (!folded) return form;
  return (
    <details className="mt-2" open={state !== null}>
      <summary className="cursor-pointer text-sm font-medium text-stone-800 underline">{folded}</summary>
      {form}
    </details>
  );
}

/** A destructive action needs this ticked (checked again on the server). */
function Confirm({ label, error }: { label: string; error?: string }) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input type="checkbox" name="confirm" required className="mt-1 size-5" aria-invalid={error ? true : undefined} />
      <span>
        {label}
        {error && <span className="block font-medium text-red-700">{error}</span>}
      </span>
    </label>
  );
}

export function RefundOrderForm({
  reference,
  nonce,
  refundable,
  refundableLabel,
  currency,
  via,
  cash,
  closed,
}: {
  reference: string;
  nonce: string;
  /** Nothing is left to refund: only the last refund's outcome is shown. */
  closed: boolean;
  /** Major units, the form's default (everything still refundable). */
  refundable: string;
  refundableLabel: string;
  currency: string;
  via: string;
  cash: boolean;
}) {
  return (
    <ActionForm
      action={refundAction}
      title="Refund"
      reference={reference}
      nonce={nonce}
      submit="Refund"
      busy="Refunding…"
      danger
      closed={closed}
      intro={
        <p>
          Up to {refundableLabel} goes back {cash ? "in cash at the desk (recorded as done at once)" : `through ${via}`}
          . A full refund revokes every ticket; a partial one keeps them. This is also how a paid order is cancelled.
        </p>
      }
    >
      {(state) => (
        <>
          <Field
            // A new default after each refund: the field must not keep offering money already sent back.
            key={refundable}
            id="refund-amount"
            name="amount"
            label={`Amount (${currency})`}
            inputMode="decimal"
            defaultValue={refundable}
            hint="Leave as is for a full refund."
            error={state?.fields?.amount}
          />
          <Field id="refund-reason" name="reason" label="Reason (for the record)" maxLength={200} />
          <Confirm label="I confirm this refund to the buyer." error={state?.fields?.confirm} />
        </>
      )}
    </ActionForm>
  );
}

export function CancelOrderForm({ reference }: { reference: string }) {
  return (
    <ActionForm
      action={cancelAction}
      title="Cancel order"
      reference={reference}
      submit="Cancel order"
      busy="Cancelling…"
      danger
      intro={
        <p>
          The held seats and booths go back on sale and unfinished payment attempts are stopped, so no money can arrive
          for it later.
        </p>
      }
    >
      {(state) => (
        <>
          <Field id="cancel-reason" name="reason" label="Reason (for the record)" maxLength={200} />
          <Confirm label="I confirm cancelling this unpaid order." error={state?.fields?.confirm} />
        </>
      )}
    </ActionForm>
  );
}

export function CashPaidForm({
  reference,
  total,
  totalLabel,
  currency,
}: {
  reference: string;
  total: string;
  totalLabel: string;
  currency: string;
}) {
  return (
    <ActionForm
      action={cashPaidAction}
      title="Mark cash paid"
      reference={reference}
      submit="Record cash payment"
      busy="Recording…"
      intro={<p>Take exactly {totalLabel}. The tickets are issued and e-mailed to the buyer at once.</p>}
    >
      {(state) => (
        <>
          <Field
            id="cash-amount"
            name="amount"
            label={`Amount received (${currency})`}
            inputMode="decimal"
            required
            defaultValue={total}
            error={state?.fields?.amount}
          />
          <Field
            id="cash-receipt"
            name="receiptNumber"
            label="Receipt book number"
            required
            maxLength={40}
            autoComplete="off"
            hint="As written on the desk's receipt."
            error={state?.fields?.receiptNumber}
          />
          <Confirm label="I have received this cash." error={state?.fields?.confirm} />
        </>
      )}
    </ActionForm>
  );
}

export function ResendTicketsForm({ reference, nonce, email }: { reference: string; nonce: string; email: string }) {
  return (
    <ActionForm
      action={resendTicketsAction}
      title="Resend tickets"
      reference={reference}
      nonce={nonce}
      submit="Resend tickets"
      busy="Queuing…"
      intro={<p>E-mails {email} the tickets again, with their current codes (at most five times an hour).</p>}
    />
  );
}

/**
 * For a refund whose answer never came: what the gateway's own records show, recorded by a person. Folded
 * away under the refund it settles, since it is rarely needed; `closed` once the refund is settled (or
 * not yet settleable), keeping the outcome of a settlement made here.
 */
export function SettleRefundForm({
  reference,
  refundId,
  amountLabel,
  via,
  closed,
}: {
  reference: string;
  refundId: string;
  amountLabel: string;
  via: string;
  closed: boolean;
}) {
  return (
    <ActionForm
      action={settleRefundAction}
      title={`Settle the refund of ${amountLabel}`}
      reference={reference}
      submit="Record"
      busy="Recording…"
      closed={closed}
      folded="Settle by hand"
      intro={
        <p>
          Look the refund up in {via}&apos;s own records (its dashboard or statement), then record what they show.
          Refunded completes it here as if {via} had confirmed it; not refunded lets the money be refunded again.
        </p>
      }
    >
      {(state) => (
        <>
          <input type="hidden" name="refundId" value={refundId} />
          <fieldset className="space-y-1 text-sm">
            <legend className="font-medium">{via}&apos;s records show</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="outcome" value="refunded" required className="size-5" /> the money went back
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="outcome" value="not_refunded" required className="size-5" /> no refund
            </label>
            {state?.fields?.outcome && <span className="block font-medium text-red-700">{state.fields.outcome}</span>}
          </fieldset>
          <Field
            id={`settle-note-${refundId}`}
            name="note"
            label="What you checked"
            required
            maxLength={200}
            hint={`For example ${via}'s refund reference, or which statement you looked in.`}
            error={state?.fields?.note}
          />
          <Confirm label={`I checked ${via}'s own records.`} error={state?.fields?.confirm} />
        </>
      )}
    </ActionForm>
  );
}
