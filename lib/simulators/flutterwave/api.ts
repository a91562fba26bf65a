/**
 * Flutterwave's v3 API as the simulator answers it (gateways.md §5): Standard payments (a hosted link),
 * verify by transaction id and by tx_ref, and refunds. Every reply is `{status, message, data}`; errors
 * carry `"data": null` with a 4xx.
 */
import { randomInt } from "node:crypto";
import { randomAlnum, randomDigits } from "../ids";
import { json } from "../http";
import { isDeliverableUrl } from "../notify";
import { transactionData } from "./settle";
import { acceptedKeys, flutterwaveState, parseAmount, toAmount, transactionForRef, type FlwCheckout } from "./state";

/** Every payment_options value Flutterwave documents. */
const KNOWN_OPTIONS = new Set([
  "account",
  "card",
  "banktransfer",
  "mpesa",
  "mobilemoneyrwanda",
  "mobilemoneyzambia",
  "qr",
  "mobilemoneyuganda",
  "ussd",
  "credit",
  "barter",
  "mobilemoneyghana",
  "payattitude",
  "mobilemoneyfranco",
  "paga",
  "1voucher",
  "mobilemoneytanzania",
]);

/** Options that only work in one currency; the rest (card, account…) are offered wherever they are asked for. */
const OPTION_CURRENCY: Record<string, readonly string[]> = {
  mpesa: ["KES"],
  mobilemoneyuganda: ["UGX"],
  mobilemoneytanzania: ["TZS"],
  mobilemoneyrwanda: ["RWF"],
  mobilemoneyzambia: ["ZMW"],
  mobilemoneyghana: ["GHS"],
  mobilemoneyfranco: ["XAF", "XOF"],
  ussd: ["NGN"],
  account: ["NGN"],
  banktransfer: ["NGN", "GHS", "KES", "ZAR"],
  "1voucher": ["ZAR"],
  paga: ["NGN"],
  payattitude: ["NGN"],
  barter: ["NGN"],
};

const CURRENCIES = new Set([
  "NGN",
  "KES",
  "UGX",
  "TZS",
  "RWF",
  "ZMW",
  "GHS",
  "ZAR",
  "USD",
  "EUR",
  "GBP",
  "XAF",
  "XOF",
  "MWK",
  "EGP",
  "ETB",
  "SLL",
  "MAD",
]);

export const fail = (status: number, message: string) => json({ status: "error", message, data: null }, status);
const ok = (message: string, data: unknown) => json({ status: "success", message, data });

/** `Authorization: Bearer <secret key>`; null when it is a key this simulated merchant account has. */
export function authFailure(req: Request): Response | null {
  const header = req.headers.get("authorization");
  if (!header) return fail(401, "Authorization is required");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match || !acceptedKeys().has(match[1])) return fail(401, "Invalid authorization key");
  return null;
}

type Body = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "");
const isObject = (v: unknown): v is Body => typeof v === "object" && v !== null && !Array.isArray(v);

/** `POST /v3/payments` → `{"status":"success","message":"Hosted Link","data":{"link":…}}`. */
export function createPayment(body: unknown, ctx: { origin: string; basePath: string; appUrl: string }): Response {
  if (!isObject(body)) return fail(400, "Invalid request body");
  const txRef = str(body.tx_ref);
  if (!txRef) return fail(400, "tx_ref is required");
  if (txRef.length > 100) return fail(400, "tx_ref must not be longer than 100 characters");
  if (body.amount === undefined || body.amount === null || body.amount === "") return fail(400, "amount is required");
  const amountCents = parseAmount(body.amount);
  if (amountCents === null || amountCents === 0)
    return fail(400, "amount must be a positive number with at most 2 decimal places");
  const currency = (str(body.currency) || "NGN").toUpperCase();
  if (!CURRENCIES.has(currency)) return fail(400, `Invalid currency ${currency}`);
  const redirectUrl = str(body.redirect_url);
  if (!redirectUrl) return fail(400, "redirect_url is required");
  // The payer's browser goes there from the simulator's page: the app's own pages only.
  if (!isDeliverableUrl(redirectUrl, ctx.appUrl)) return fail(400, "redirect_url must be a valid url");
  const customer = isObject(body.customer) ? body.customer : null;
  const email = customer ? str(customer.email) : "";
  if (!email) return fail(400, "customer.email is required");
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return fail(400, "customer.email must be a valid email");

  const asked = str(body.payment_options)
    .split(",")
    .map((o) => o.trim().toLowerCase())
    .filter(Boolean);
  const unknown = asked.find((o) => !KNOWN_OPTIONS.has(o));
  if (unknown) return fail(400, `Invalid payment option ${unknown}`);
  // The page shows only what works for the currency; with nothing left it falls back to card.
  const fitting = asked.filter((o) => !OPTION_CURRENCY[o] || OPTION_CURRENCY[o].includes(currency));
  const options = fitting.length ? fitting : ["card"];

  let sessionMinutes = 60 * 24;
  if (body.session_duration !== undefined) {
    const n = Number(body.session_duration);
    if (!Number.isInteger(n) || n < 1 || n > 1440)
      return fail(400, "session_duration must be between 1 and 1440 minutes");
    sessionMinutes = n;
  }
  const customizations = isObject(body.customizations) ? body.customizations : {};

  const state = flutterwaveState();
  if (transactionForRef(txRef)?.status === "successful")
    return fail(400, "A transaction with this tx_ref has already been completed");
  const now = Date.now();
  const checkout: FlwCheckout = {
    code: randomAlnum(12).toLowerCase(),
    txRef,
    amountCents,
    currency,
    redirectUrl,
    options,
    customer: {
      id: Number(`2${randomDigits(8)}`),
      email,
      name: customer ? str(customer.name) : "",
      phone: customer ? str(customer.phonenumber) : "",
      createdAt: new Date(now).toISOString(),
    },
    title: str(customizations.title) || "Merchant",
    description: str(customizations.description),
    meta: body.meta ?? null,
    createdAt: now,
    expiresAt: now + sessionMinutes * 60_000,
    status: "open",
  };
  state.checkouts.set(checkout.code, checkout);
  return ok("Hosted Link", { link: `${ctx.origin}${ctx.basePath}/flutterwave/v3/hosted/pay/${checkout.code}` });
}

/** `GET /v3/transactions/{id}/verify`. */
export function verifyById(id: string): Response {
  const t = /^\d{1,20}$/.test(id) ? flutterwaveState().transactions.get(id) : undefined;
  if (!t) return fail(400, "No transaction was found for this id");
  return ok("Transaction fetched successfully", transactionData(t));
}

/** `GET /v3/transactions/verify_by_reference?tx_ref=…`. */
export function verifyByReference(txRef: string | null): Response {
  if (!txRef) return fail(400, "tx_ref is required");
  const t = transactionForRef(txRef);
  if (!t) return fail(400, "No transaction was found for this id");
  return ok("Transaction fetched successfully", transactionData(t));
}

/** `POST /v3/transactions/{id}/refund` with `{"amount": …}`: full or partial, up to what is left. */
export function refundTransaction(id: string, body: unknown): Response {
  const t = /^\d{1,20}$/.test(id) ? flutterwaveState().transactions.get(id) : undefined;
  if (!t) return fail(400, "No transaction was found for this id");
  if (!isObject(body) || body.amount === undefined || body.amount === null || body.amount === "")
    return fail(400, "amount is required");
  const cents = parseAmount(body.amount);
  if (!cents) return fail(400, "amount must be a positive number with at most 2 decimal places");
  if (t.status !== "successful") return fail(400, "Only a successful transaction can be refunded");
  const refundable = t.amountCents - t.refunds.reduce((sum, r) => sum + r.amountCents, 0);
  if (cents > refundable)
    return fail(
      400,
      `Refund amount cannot be more than the refundable balance of ${toAmount(refundable)} ${t.currency}`,
    );
  const createdAt = new Date().toISOString();
  const refund = {
    id: 70_000 + randomInt(30_000),
    amountCents: cents,
    flwRef: `URF_${Date.now()}_${randomDigits(7)}`,
    createdAt,
  };
  t.refunds.push(refund);
  return ok("Transaction refund initiated", {
    id: refund.id,
    account_id: 17321,
    tx_id: Number(t.id),
    flw_ref: refund.flwRef,
    wallet_id: 17529,
    amount_refunded: toAmount(cents),
    status: "completed",
    destination: "payment_source",
    meta: { source: "availablebalance" },
    created_at: createdAt,
  });
}
