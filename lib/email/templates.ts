/**
 * Every e-mail Lango sends, each a React Email component in its own file (rendered to HTML and to the
 * plain-text part from one tree), in the language passed to it: the order's `lang`, or the request's
 * for mail that no order owns.
 */
export { orderConfirmationEmail, type ConfirmationInput } from "./order-confirmation";
export { ticketLinksEmail, type TicketLinksOrder } from "./ticket-links";
export { holdExpiredEmail, type HoldExpiredInput } from "./hold-expired";
export { refundEmail, type RefundInput } from "./refund";
export { latePaymentRefundEmail, type LatePaymentRefundInput } from "./late-payment-refund";
export { signInLinkEmail, type SignInLinkInput } from "./sign-in-link";
export { waitlistJoinedEmail, type WaitlistMailInput } from "./waitlist-joined";
export { waitlistOfferEmail } from "./waitlist-offer";
export type { RenderedEmail } from "./render";
