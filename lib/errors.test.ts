import { describe, expect, it } from "vitest";
import { AppError, ERROR_STATUS, errorStatus, type ErrorCode } from "./errors";

/**
 * The contract: the codes and statuses the API answered before the code decided the status (issue 13.3).
 * Other programs tell failures apart by them, so none may change.
 */
const CONTRACT: Record<string, number> = {
  invalid_json: 400,
  invalid_input: 400,
  empty_order: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  event_not_found: 404,
  order_not_found: 404,
  payment_not_found: 404,
  sold_out: 409,
  booth_unavailable: 409,
  desk_holds_full: 409,
  order_not_payable: 409,
  payment_in_progress: 409,
  order_not_refundable: 409,
  order_not_cancellable: 409,
  receipt_already_used: 409,
  scan_id_taken: 409,
  payload_too_large: 413,
  unknown_ticket_type: 422,
  unknown_booth: 422,
  unknown_addon: 422,
  quantity_above_maximum: 422,
  sales_not_started: 422,
  sales_closed: 422,
  gateway_not_enabled: 422,
  amount_mismatch: 422,
  too_many_unpaid_orders: 429,
  too_many_desk_holds: 429,
  rate_limited: 429,
  gateway_unavailable: 503,
  internal_error: 500,
};

/** Codes of the sales tools added since (promo codes, waiting lists, the box office), as their docs give them. */
const SALES_TOOLS: Record<string, number> = {
  promo_invalid: 422,
  promo_code_taken: 409,
  promo_expired: 422,
  promo_exhausted: 409,
  promo_limit_reached: 409,
  free_limit_reached: 409,
  offer_invalid: 422,
  offer_expired: 409,
  offer_used: 409,
  waitlist_closed: 409,
  tickets_available: 409,
  shift_not_found: 404,
  shift_already_open: 409,
  shift_closed: 409,
  tendered_too_low: 422,
  sale_in_progress: 409,
  idempotency_key_reused: 422,
  sale_not_voidable: 409,
};

/** Sub-reasons that used to hide behind another code's message, and the status they were answered with. */
const SPLIT_OUT: Record<string, number> = {
  gateway_not_configured: 404,
  order_already_paid: 409,
  order_has_no_tickets: 409,
  payment_not_refundable: 409,
  slug_taken: 409,
  booth_code_taken: 409,
  email_taken: 409,
  cannot_remove_self: 409,
  change_not_allowed: 409,
  nothing_to_publish: 409,
  changes_closed: 409,
  ticket_cancelled: 409,
  event_started: 409,
  refund_exceeds_remaining: 422,
};

/** The on-sale rush (issue 14): an order priced from the catalogue cache while an admin changes prices. */
const RUSH: Record<string, number> = { catalog_changed: 409 };

/** A refund whose gateway never answered, settled by hand from the gateway's own records (admin only). */
const HAND_SETTLED_REFUNDS: Record<string, number> = {
  refund_not_found: 404,
  refund_not_pending: 409,
  refund_too_recent: 409,
};

describe("ERROR_STATUS", () => {
  it("keeps every contract code with the status the API has always answered", () => {
    for (const [code, status] of Object.entries(CONTRACT))
      expect([code, errorStatus(code as ErrorCode)]).toEqual([code, status]);
  });

  it("answers each split-out sub-reason with the status its old code had in that case", () => {
    for (const [code, status] of Object.entries(SPLIT_OUT))
      expect([code, errorStatus(code as ErrorCode)]).toEqual([code, status]);
  });

  it("answers the sales tools' codes with the statuses their docs give", () => {
    for (const [code, status] of Object.entries(SALES_TOOLS))
      expect([code, errorStatus(code as ErrorCode)]).toEqual([code, status]);
  });

  it("answers a price change during ordering as a conflict the buyer can retry", () => {
    for (const [code, status] of Object.entries(RUSH))
      expect([code, errorStatus(code as ErrorCode)]).toEqual([code, status]);
  });

  it("answers a refund settled by hand that cannot be: unknown, already settled, or still awaited", () => {
    for (const [code, status] of Object.entries(HAND_SETTLED_REFUNDS))
      expect([code, errorStatus(code as ErrorCode)]).toEqual([code, status]);
  });

  it("covers every code, each with an HTTP error status, and no code outside the lists above", () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual(
      [
        ...Object.keys(CONTRACT),
        ...Object.keys(SPLIT_OUT),
        ...Object.keys(SALES_TOOLS),
        ...Object.keys(RUSH),
        ...Object.keys(HAND_SETTLED_REFUNDS),
      ].sort(),
    );
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(Number.isInteger(status) && status >= 400 && status <= 599, code).toBe(true);
    }
    // A caller's mistake is never reported as ours.
    expect(
      Object.entries(ERROR_STATUS)
        .filter(([, s]) => s >= 500)
        .map(([c]) => c)
        .sort(),
    ).toEqual(["gateway_unavailable", "internal_error"]);
  });
});

describe("AppError", () => {
  it("takes its status from its code, with fields and details kept", () => {
    const err = new AppError(
      "sold_out",
      "VIP tickets are sold out.",
      { "items.0.quantity": "None left." },
      { left: 0 },
    );
    expect(err).toMatchObject({
      name: "AppError",
      code: "sold_out",
      status: 409,
      message: "VIP tickets are sold out.",
      fields: { "items.0.quantity": "None left." },
      details: { left: 0 },
    });
    expect(new AppError("order_already_paid", "This order is already paid.").status).toBe(409);
    expect(new AppError("gateway_not_configured", "Not configured.").status).toBe(404);
  });
});
