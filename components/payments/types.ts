import type { PaymentView } from "@/lib/payments/payment-view";

/** Type only: the server module never reaches the browser bundle. */
export type PaymentStatusView = PaymentView;
export type PaymentStatus = PaymentView["status"];

export interface GatewayOption {
  id: string;
  displayName: string;
  flow: "push" | "redirect" | "desk";
  methods: { id: string; label: string }[];
  /** What the buyer pays with there ("PromptPay, Thai wallets or card"), when the flow does not say it. */
  paysWith?: string;
}

/** A payment the page already knows about (from the server render, or from starting it). */
export interface KnownPayment {
  paymentId: string;
  gateway: string;
  status: PaymentStatus;
  failureReason?: string | null;
  /** Its stable code, said in the buyer's language (`payment.reasonCode.<code>`). */
  failureReasonCode?: PaymentView["failureReasonCode"] | null;
  /** A paybill payment the buyer made from their own phone: nothing to approve, only a check to wait for. */
  paybill?: boolean;
}
