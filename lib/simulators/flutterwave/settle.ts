/**
 * A payer's choice on the hosted page becomes a transaction (or a cancel), the merchant gets its
 * `charge.completed` webhook with the dashboard's secret hash in `verif-hash`, and the browser is sent back
 * to the redirect_url with Flutterwave's query parameters.
 */
import { randomInt } from "node:crypto";
import { randomDigits, randomHex } from "../ids";
import { sendNotification } from "../notify";
import { flutterwaveState, isExpired, toAmount, type FlwCheckout, type FlwTransaction } from "./state";

export type FlwChoice =
  | { kind: "pay"; option: string; phone: string }
  | { kind: "fail"; reason: "insufficient" | "declined" }
  | { kind: "cancel" };

const MOBILE_MONEY = new Set([
  "mpesa",
  "mobilemoneyuganda",
  "mobilemoneytanzania",
  "mobilemoneyrwanda",
  "mobilemoneyzambia",
  "mobilemoneyghana",
  "mobilemoneyfranco",
]);

export const isMobileMoney = (option: string) => MOBILE_MONEY.has(option);

/** payment_type as verify and webhooks report it. */
function paymentType(option: string): string {
  if (option === "banktransfer") return "bank_transfer";
  if (option.startsWith("mobilemoney"))
    return `mobilemoney${option.slice("mobilemoney".length, "mobilemoney".length + 2)}`;
  return option;
}

function newTransactionId(): string {
  const txs = flutterwaveState().transactions;
  for (;;) {
    const id = `${1 + randomInt(9)}${randomDigits(8)}`;
    if (!txs.has(id)) return id;
  }
}

/**
 * Applies the payer's choice to an open checkout. Returns false when it had already finished or expired
 * (a double-submitted form, the back button): nothing changes then and no webhook is sent.
 */
export function settleCheckout(c: FlwCheckout, choice: FlwChoice, appUrl: string): boolean {
  if (c.status !== "open" || isExpired(c)) return false;
  if (choice.kind === "cancel") {
    // No charge was attempted: Flutterwave has no transaction for the tx_ref and sends no webhook.
    c.status = "cancelled";
    return true;
  }
  const option = choice.kind === "pay" ? choice.option : (c.options[0] ?? "card");
  const t: FlwTransaction = {
    id: newTransactionId(),
    txRef: c.txRef,
    flwRef: `FLW-MOCK-${randomHex(32)}`,
    amountCents: c.amountCents,
    currency: c.currency,
    status: choice.kind === "pay" ? "successful" : "failed",
    option,
    processorResponse:
      choice.kind === "pay"
        ? option === "card"
          ? "Approved by Financial Institution"
          : "Transaction Successful"
        : choice.reason === "insufficient"
          ? "Insufficient funds"
          : "Transaction declined by the customer",
    phone: choice.kind === "pay" ? choice.phone : c.customer.phone,
    createdAt: new Date().toISOString(),
    customer: c.customer,
    narration: c.title,
    meta: c.meta,
    refunds: [],
  };
  flutterwaveState().transactions.set(t.id, t);
  c.status = "completed";
  sendWebhook(t, appUrl);
  return true;
}

/** The transaction object of verify replies and v3 webhooks. */
export function transactionData(t: FlwTransaction): Record<string, unknown> {
  const amount = toAmount(t.amountCents);
  // The merchant bears a 1.4% fee here: charged = amount, settled = amount - fee.
  const fee = t.status === "successful" ? Math.round(t.amountCents * 0.014) / 100 : 0;
  return {
    id: Number(t.id),
    tx_ref: t.txRef,
    flw_ref: t.flwRef,
    device_fingerprint: "N/A",
    amount,
    currency: t.currency,
    charged_amount: amount,
    app_fee: fee,
    merchant_fee: 0,
    processor_response: t.processorResponse,
    auth_model: t.option === "card" ? "PIN" : isMobileMoney(t.option) ? "MOBILEMONEY" : "NOAUTH",
    ip: "::ffff:10.5.179.3",
    narration: t.narration,
    status: t.status,
    payment_type: paymentType(t.option),
    created_at: t.createdAt,
    account_id: 17321,
    ...(t.option === "card" && {
      card: {
        first_6digits: "553188",
        last_4digits: "2950",
        issuer: "MASTERCARD CREDIT",
        country: "KE",
        type: "MASTERCARD",
        expiry: "09/29",
      },
    }),
    meta: t.meta ?? null,
    amount_settled: t.status === "successful" ? Math.round((amount - fee) * 100) / 100 : 0,
    customer: {
      id: t.customer.id,
      name: t.customer.name,
      phone_number: t.phone || "N/A",
      email: t.customer.email,
      created_at: t.customer.createdAt,
    },
  };
}

/** The flat legacy shape: camelCase refs and the dotted "event.type" key. */
function legacyBody(t: FlwTransaction): Record<string, unknown> {
  const amount = toAmount(t.amountCents);
  return {
    id: Number(t.id),
    txRef: t.txRef,
    flwRef: t.flwRef,
    orderRef: `URF_${Date.parse(t.createdAt)}_${randomDigits(7)}`,
    paymentPlan: null,
    paymentPage: null,
    createdAt: t.createdAt,
    amount,
    charged_amount: amount,
    status: t.status,
    IP: "::ffff:10.97.181.19",
    currency: t.currency,
    appfee: 0,
    merchantfee: 0,
    merchantbearsfee: 1,
    customer: {
      id: t.customer.id,
      phone: t.phone || null,
      fullName: t.customer.name,
      customertoken: null,
      email: t.customer.email,
      createdAt: t.customer.createdAt,
      updatedAt: t.customer.createdAt,
      deletedAt: null,
      AccountId: 17321,
    },
    entity: t.option === "card" ? { card6: "553188", card_last4: "2950" } : { phone: t.phone },
    "event.type":
      t.option === "card"
        ? "CARD_TRANSACTION"
        : isMobileMoney(t.option)
          ? "MOBILEMONEY_TRANSACTION"
          : "ACCOUNT_TRANSACTION",
  };
}

/** `charge.completed` for success and failure alike, to the URL the dashboard holds. */
function sendWebhook(t: FlwTransaction, appUrl: string): void {
  const { dashboard } = flutterwaveState();
  const body =
    dashboard.webhookVersion === "legacy" ? legacyBody(t) : { event: "charge.completed", data: transactionData(t) };
  sendNotification({
    gateway: "flutterwave",
    kind: "charge.completed",
    url: dashboard.webhookUrl ?? `${appUrl.replace(/\/+$/, "")}/api/callbacks/flutterwave`,
    body: JSON.stringify(body),
    contentType: "application/json",
    headers: { "verif-hash": dashboard.secretHash },
  });
}

/** Where the browser goes after the page: redirect_url plus status, tx_ref and (when charged) transaction_id. */
export function returnUrl(c: FlwCheckout): string {
  const t = [...flutterwaveState().transactions.values()].filter((x) => x.txRef === c.txRef).at(-1);
  const params: Record<string, string> =
    c.status === "cancelled" || !t
      ? { status: "cancelled", tx_ref: c.txRef }
      : { status: t.status, tx_ref: c.txRef, transaction_id: t.id };
  const [base, hash] = c.redirectUrl.split("#", 2);
  const separator = base.includes("?") ? (/[?&]$/.test(base) ? "" : "&") : "?";
  return `${base}${separator}${new URLSearchParams(params).toString()}${hash !== undefined ? `#${hash}` : ""}`;
}
