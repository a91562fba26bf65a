"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { formatDeadline } from "@/lib/dates";
import { BAD_RESPONSE, type ApiError } from "@/lib/http/api-client";
import { useApiErrorMessage } from "@/components/forms/api-error-message";
import { DeskInstructions } from "./desk-instructions";
import {
  failedStatus,
  followInProgress,
  followStarted,
  waitingFor,
  withPoll,
  type Current,
  type Followed,
} from "./followed-payment";
import { MethodPicker, type Choice } from "./method-picker";
import { PaymentFailure, PaymentReceived } from "./payment-outcome";
import type { GatewayOption, KnownPayment } from "./types";
import { useHostedPageRedirect } from "./use-hosted-page-redirect";
import { useCheckPaymentNow, useOrderPoll } from "./use-order-poll";
import { useStartPayment } from "./use-start-payment";
import { WaitingForPhone, type CheckResult } from "./waiting-for-phone";

export type { GatewayOption, KnownPayment } from "./types";

interface Props {
  reference: string;
  gateways: GatewayOption[];
  /** "+254 7•• ••• 678": the number on the order, masked. */
  maskedPhone: string;
  phoneHint: string;
  /** The attempt to show first: one still waiting, or the one the buyer just came back from. */
  initialPayment: KnownPayment | null;
  totalLabel: string;
  /** The event's IANA time zone and country, for the desk deadline (written as the order page writes it). */
  timeZone: string;
  country: string;
  /** Where and when the event's cash desk takes payments, when the organiser said. */
  desk?: { location: string | null; hours: string | null };
  /** Money can arrive with no attempt on this page (M-Pesa paybill): with none to follow, the order is watched. */
  watchOrder?: boolean;
}

/** The name a buyer knows a gateway by ("M-Pesa"), for a reason that names it. */
const gatewayName = (gateways: GatewayOption[], id: string | undefined) =>
  gateways.find((g) => g.id === id)?.displayName ?? id ?? "";

/** The desk settles when someone pays in person: no need to ask every two seconds. */
const DESK_POLL_MS = 15_000;

/**
 * Paying a pending order: the method picker, then the screen for the attempt (waiting for the phone or the
 * hosted page, or the desk's instructions), and back to the picker with the reason if it fails.
 */
export function PaymentPanel({
  reference,
  gateways,
  maskedPhone,
  phoneHint,
  initialPayment,
  totalLabel,
  timeZone,
  country,
  desk,
  watchOrder = false,
}: Props) {
  const t = useTranslations("payment");
  const errorMessage = useApiErrorMessage();
  const lang = useLocale();
  const router = useRouter();
  const [choice, setChoice] = useState<Choice>(() => ({
    gateway:
      initialPayment && gateways.some((g) => g.id === initialPayment.gateway)
        ? initialPayment.gateway
        : (gateways[0]?.id ?? ""),
    method: "",
    otherPhone: null,
  }));
  const [followed, setFollowed] = useState<Followed | null>(initialPayment);
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  const [leaving, leaveFor] = useHostedPageRedirect();
  // An attempt left waiting ("Use another way to pay") that the buyer may still approve on the phone.
  const [leftWaiting, setLeftWaiting] = useState<string | null>(null);
  const failureBox = useRef<HTMLDivElement>(null);
  const sawPending = useRef(false);
  const startPayment = useStartPayment(reference);
  const checkPaymentNow = useCheckPaymentNow();

  const followedFlow = gateways.find((g) => g.id === followed?.gateway)?.flow;
  const followedPending = followed?.status === "pending";
  // One poll: the followed attempt while it may still change, else one left waiting on a phone.
  const poll = useOrderPoll({
    reference,
    paymentId: followedPending ? followed.paymentId : leftWaiting,
    everyMs: followedPending && followedFlow === "desk" ? DESK_POLL_MS : undefined,
    watchOrder,
  });
  const current: Current | null =
    followed && poll.payment?.paymentId === followed.paymentId ? withPoll(followed, poll.payment) : followed;
  // A final answer is kept here: the poll moves on (to an attempt left waiting, or the order), and its data with it.
  if (followedPending && current && current.status !== "pending") setFollowed(current);
  const status = current?.status;
  const paid = status === "succeeded" || poll.payment?.status === "succeeded" || poll.orderPaid;

  useEffect(() => {
    // Paid: the order page (server-rendered) has the confirmation and the tickets; it replaces this panel.
    if (paid) router.refresh();
  }, [paid, router]);

  useEffect(() => {
    // From waiting to failed: the waiting screen (and the focus in it) is gone; the reason takes the focus.
    if (status === "pending") sawPending.current = true;
    else if (sawPending.current && failedStatus(status)) {
      sawPending.current = false;
      failureBox.current?.focus();
    }
  }, [status]);

  function start(option: GatewayOption, phone: string | null) {
    setError(null);
    const method = choice.method && option.methods.some((m) => m.id === choice.method) ? choice.method : undefined;
    startPayment.mutate(
      { gateway: option.id, ...(phone && { phone }), ...(method && { method }) },
      {
        onSuccess: (started) => {
          if (started.nextAction.type === "redirect") return leaveFor(started.nextAction.url);
          // The desk moved the hold's end: the order's own countdown and note come from the server.
          if (option.flow === "desk") router.refresh();
          setFollowed(followStarted(started, option, phone, maskedPhone));
        },
        onError: (err) => refused(err, option, phone),
      },
    );
  }

  function refused(err: ApiError, option: GatewayOption, phone: string | null) {
    const open = followInProgress(err, option, gateways, phone);
    if (open) {
      setChoice((c) => ({ ...c, gateway: open.gateway }));
      setFollowed(open);
      return;
    }
    // The order moved on (paid by an earlier prompt, or its hold ran out): show it as it is now.
    if (err.status === 409 && err.body.orderStatus) router.refresh();
    setError({
      message: err.code === BAD_RESPONSE ? t("couldNotStart") : errorMessage(err),
      field: Object.keys(err.fields)[0],
    });
  }

  /** The prompt's time is up: a new attempt on the same number (the form shows any error it meets). */
  function sendNewPrompt(option: GatewayOption, phone: string | null) {
    setChoice((c) => ({ ...c, gateway: option.id }));
    setFollowed(null);
    start(option, phone);
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
      return fresh.status === "pending" ? "pending" : "settled";
    } catch {
      return "error";
    }
  }

  if (paid) {
    const gatewayName = gateways.find((g) => g.id === current?.gateway)?.displayName ?? current?.gateway ?? "";
    return (
      <PaymentReceived
        receiptLine={
          current?.receipt ? t("receiptLine", { gateway: gatewayName, receipt: current.receipt }) : undefined
        }
      />
    );
  }

  if (current && status === "pending" && followedFlow === "desk") {
    return (
      <DeskInstructions
        key={current.paymentId}
        message={(lang === "en" && current.message) || t("desk.message", { total: totalLabel, reference })}
        reference={reference}
        totalLabel={totalLabel}
        deadline={current.expiresAt ? formatDeadline(current.expiresAt, timeZone, country, undefined, lang) : undefined}
        location={desk?.location ?? null}
        hours={desk?.hours ?? null}
        focusOnMount={Boolean(current.justStarted)}
        onCancel={backToForm}
      />
    );
  }

  if (current && status === "pending") {
    const option = gateways.find((g) => g.id === current.gateway);
    const { name, flow, message } = waitingFor(current, option, totalLabel, {
      checkPhone: (values) => t("waiting.checkPhone", values),
      finishOn: (values) => t("waiting.finishOn", values),
      ownWordsOnly: lang !== "en",
    });
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

  const failed = failedStatus(status);
  // The gateway's reason is in English; another language says it by its code, or what the status means.
  const reasonCode = current?.failureReasonCode;
  const reason =
    lang === "en"
      ? current?.failureReason
      : reasonCode
        ? t(`reasonCode.${reasonCode}`, { gateway: gatewayName(gateways, current?.gateway) })
        : undefined;
  return (
    <MethodPicker
      gateways={gateways}
      choice={choice}
      onChange={(next) => setChoice((c) => ({ ...c, ...next }))}
      maskedPhone={maskedPhone}
      phoneHint={phoneHint}
      totalLabel={totalLabel}
      notice={
        failed && (
          <PaymentFailure
            title={t(`failure.${failed}`)}
            reason={reason || t(lang === "en" ? "didNotGoThrough" : `reason.${failed}`)}
            boxRef={failureBox}
          />
        )
      }
      error={error}
      submitting={startPayment.isPending || leaving}
      onSubmit={(option) => start(option, choice.otherPhone?.trim() || null)}
    />
  );
}
