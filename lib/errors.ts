/**
 * Errors a caller can fix (bad input, sold out, unknown event) carry a stable code and a message a person
 * can read; the code decides the HTTP status (ERROR_STATUS), so one code always answers the same way and a
 * client can tell every reason apart by its code alone. Anything else is our fault and is reported without
 * internals.
 */
export const ERROR_STATUS = {
  // 400: the request itself is malformed.
  invalid_json: 400,
  invalid_input: 400,
  empty_order: 400,
  // 401 / 403: who is asking.
  unauthorized: 401,
  forbidden: 403,
  // 404: nothing by that name.
  not_found: 404,
  event_not_found: 404,
  order_not_found: 404,
  payment_not_found: 404,
  refund_not_found: 404,
  /** A gateway id Lango knows, but which has no credentials here (live mode) or no desk. */
  gateway_not_configured: 404,
  // 409: the request is fine, but the state of things refuses it.
  sold_out: 409,
  booth_unavailable: 409,
  /** A price changed while the order was being placed, several times over: the buyer checks and orders again. */
  catalog_changed: 409,
  desk_holds_full: 409,
  order_not_payable: 409,
  /** Paid already: nothing more to pay (the buyer's tickets are on their way). */
  order_already_paid: 409,
  /** Not paid, or every ticket cancelled: there are no tickets to send. */
  order_has_no_tickets: 409,
  payment_in_progress: 409,
  order_not_refundable: 409,
  /** The payment did not succeed, or all of it is refunded or on its way back. */
  payment_not_refundable: 409,
  /** Settled already, by the gateway's result or by a person. */
  refund_not_pending: 409,
  /** Settling by hand before the gateway's result has had time to come. */
  refund_too_recent: 409,
  order_not_cancellable: 409,
  receipt_already_used: 409,
  scan_id_taken: 409,
  slug_taken: 409,
  booth_code_taken: 409,
  email_taken: 409,
  /** An admin removing their own account would lock themselves out. */
  cannot_remove_self: 409,
  /** An edit the event's sales no longer allow (currency or address once sold, capacity below sold). */
  change_not_allowed: 409,
  /** Publishing an event nobody could buy anything at. */
  nothing_to_publish: 409,
  /** The exhibitor's deadline for changes has passed. */
  changes_closed: 409,
  ticket_cancelled: 409,
  event_started: 409,
  /** The promo code is unknown, paused, or for none of these tickets (422: the code itself is the problem). */
  promo_invalid: 422,
  /** The event already has a promo code spelt that way (codes ignore case and spaces around). */
  promo_code_taken: 409,
  /** Outside the code's validity window. */
  promo_expired: 422,
  /** Every use of the code is taken (held by unpaid orders or used). */
  promo_exhausted: 409,
  /** This buyer has used the code as often as it allows. */
  promo_limit_reached: 409,
  /** This buyer holds as many free seats of the event as one buyer may. */
  free_limit_reached: 409,
  /** No waiting-list offer by that code for this event's tickets. */
  offer_invalid: 422,
  /** The offer's time ran out; its seats went to the next in line. */
  offer_expired: 409,
  /** The offer was already used to buy. */
  offer_used: 409,
  /** This ticket type takes no waiting list (switched off, or not sold out). */
  waitlist_closed: 409,
  /** Seats are on sale right now: buy instead of joining the list. */
  tickets_available: 409,
  /** No box-office shift by that id for this cashier. */
  shift_not_found: 404,
  /** One open shift per cashier and event: close it first. */
  shift_already_open: 409,
  /** The shift is closed: no more sales, and it cannot be closed twice. */
  shift_closed: 409,
  /** Less cash handed over than the sale costs. */
  tendered_too_low: 422,
  /** A sale with this idempotency key is still being rung up. */
  sale_in_progress: 409,
  /** The key was used for a different sale (a retry must repeat the same request). */
  idempotency_key_reused: 422,
  /** Paid through a gateway (admins refund it), already void, or from another shift. */
  sale_not_voidable: 409,
  // 413
  payload_too_large: 413,
  // 422: understood, but not something this event or order offers.
  unknown_ticket_type: 422,
  unknown_booth: 422,
  unknown_addon: 422,
  quantity_above_maximum: 422,
  sales_not_started: 422,
  sales_closed: 422,
  /** A gateway this order cannot use (its currency, its country, the event's choice). */
  gateway_not_enabled: 422,
  amount_mismatch: 422,
  /** More than what is left of the payment after its earlier refunds. */
  refund_exceeds_remaining: 422,
  // 429: too many, too fast.
  too_many_unpaid_orders: 429,
  too_many_desk_holds: 429,
  rate_limited: 429,
  // 5xx: ours.
  gateway_unavailable: 503,
  internal_error: 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function errorStatus(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Per-field messages keyed by dotted path ("buyer.phone"), for inline form errors. */
    readonly fields?: Record<string, string>,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (code: ErrorCode, message: string) => new AppError(code, message);
export const invalid = (message: string, fields?: Record<string, string>) =>
  new AppError("invalid_input", message, fields);
