/**
 * Errors a caller can fix (bad input, sold out, unknown event) carry a stable code, an HTTP status and a
 * message a person can read. Anything else is our fault and is reported without internals.
 */
export type ErrorCode =
  | "invalid_json"
  | "invalid_input"
  | "not_found"
  | "event_not_found"
  | "order_not_found"
  | "payment_not_found"
  | "unknown_ticket_type"
  | "unknown_booth"
  | "unknown_addon"
  | "empty_order"
  | "quantity_above_maximum"
  | "sales_not_started"
  | "sales_closed"
  | "sold_out"
  | "booth_unavailable"
  | "too_many_unpaid_orders"
  | "too_many_desk_holds"
  | "desk_holds_full"
  | "order_not_payable"
  | "payment_in_progress"
  | "gateway_unavailable"
  | "gateway_not_enabled"
  | "rate_limited"
  | "payload_too_large"
  | "unauthorized"
  | "forbidden"
  | "order_not_refundable"
  | "order_not_cancellable"
  | "amount_mismatch"
  | "receipt_already_used"
  | "scan_id_taken"
  | "shift_not_found"
  | "shift_already_open"
  | "shift_closed"
  | "tendered_too_low"
  | "sale_in_progress"
  | "idempotency_key_reused"
  | "sale_not_voidable"
  | "internal_error";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    /** Per-field messages keyed by dotted path ("buyer.phone"), for inline form errors. */
    readonly fields?: Record<string, string>,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (code: ErrorCode, message: string) => new AppError(code, message, 404);
export const invalid = (message: string, fields?: Record<string, string>) =>
  new AppError("invalid_input", message, 400, fields);
