/**
 * A DPO transaction's outcome: paying, declining or cancelling a token, the verifyToken view of it,
 * and the push notification DPO sends the merchant when it settles.
 */
import { randomDigits, randomUpperAlnum } from "../ids";
import { sendNotification } from "../notify";
import { settings } from "../store";
import { formatCents, isExpired, type DpoToken } from "./state";
import { buildApi3g } from "./xml";

export type DpoChoice =
  | { kind: "card" }
  | { kind: "mobile"; phone: string; mno: string; country: string; viaPush?: boolean }
  | { kind: "decline" }
  | { kind: "cancel" };

/** verifyToken's Result for the token as it stands. */
export function verifyResult(t: DpoToken, now = Date.now()): { code: string; explanation: string } {
  if (t.status === "paid") return { code: "000", explanation: "Transaction Paid" };
  if (t.status === "declined") return { code: "901", explanation: "Transaction declined" };
  if (t.status === "cancelled") return { code: "904", explanation: "Transaction cancelled" };
  if (isExpired(t, now)) return { code: "903", explanation: "The transaction passed the Payment Time Limit" };
  return { code: "900", explanation: "Transaction not paid yet" };
}

function ymd(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, "0")}/${String(d.getUTCDate()).padStart(2, "0")}`;
}

/**
 * Every verifyToken field, in DPO's order. DPO sends the whole set whatever the status, leaving what it
 * does not know empty. FraudExplnation is DPO's spelling.
 */
export function transactionFields(t: DpoToken): Record<string, string> {
  const p = t.payment;
  const paid = t.status === "paid" && p;
  // DPO keeps its fee (3.5% here) and settles the rest two days later.
  const net = paid ? t.amountCents - Math.round(t.amountCents * 0.035) : 0;
  const customerName = [t.customer.firstName, t.customer.lastName].filter(Boolean).join(" ");
  return {
    CustomerName: customerName,
    CustomerCredit: p?.credit ?? "",
    CustomerCreditType: p?.creditType ?? "",
    TransactionApproval: p?.approval ?? "",
    TransactionCurrency: t.currency,
    TransactionAmount: formatCents(t.amountCents),
    FraudAlert: p?.fraudAlert ?? "",
    FraudExplnation: p?.fraudExplanation ?? "",
    TransactionNetAmount: paid ? formatCents(net) : "",
    TransactionSettlementDate: paid ? ymd(p.at + 2 * 86_400_000) : "",
    TransactionRollingReserveAmount: paid ? "0.00" : "",
    TransactionRollingReserveDate: "",
    CustomerPhone: p?.phone || t.customer.phone,
    CustomerCountry: t.customer.country,
    CustomerAddress: t.customer.address,
    CustomerCity: t.customer.city,
    CustomerZip: t.customer.zip,
    MobilePaymentRequest: p?.mobilePaymentRequest ?? "Not sent",
    AccRef: t.companyAccRef,
    TransactionFinalCurrency: t.currency,
    TransactionFinalAmount: formatCents(t.amountCents),
  };
}

/**
 * Applies the payer's choice to a pending token. Returns false when the token had already settled or
 * expired (a double-submitted form, a late mobile-money answer): nothing changes then and nothing is sent.
 */
export function settleToken(t: DpoToken, choice: DpoChoice, appUrl: string): boolean {
  if (t.status !== "pending" || isExpired(t)) return false;
  const now = Date.now();
  switch (choice.kind) {
    case "card":
      t.status = "paid";
      t.payment = {
        method: "card",
        approval: randomDigits(6),
        creditType: "Visa",
        credit: "1111",
        fraudAlert: "000",
        fraudExplanation: "Genuine",
        phone: "",
        mobilePaymentRequest: "Not sent",
        at: now,
      };
      break;
    case "mobile":
      t.status = "paid";
      t.payment = {
        method: "mobile",
        approval: randomUpperAlnum(10),
        creditType: "Mobile",
        credit: choice.phone.replace(/\D/g, "").slice(-4),
        fraudAlert: "001",
        fraudExplanation: "Low Risk (Not checked)",
        phone: choice.phone,
        mobilePaymentRequest: choice.viaPush ? "Sent" : "Not sent",
        at: now,
      };
      break;
    case "decline":
      t.status = "declined";
      break;
    case "cancel":
      t.status = "cancelled";
      break;
  }
  sendPush(t, appUrl);
  return true;
}

/** DPO's push (pushPayments): unsigned raw XML to the portal's notification URL; the merchant answers "OK". */
function sendPush(t: DpoToken, appUrl: string): void {
  const { code, explanation } = verifyResult(t);
  const body = buildApi3g({
    Result: code,
    ResultExplanation: explanation,
    TransactionToken: t.token,
    TransactionRef: t.transRef,
    CompanyRef: t.companyRef,
    ...transactionFields(t),
  });
  const url = settings().dpoNotificationUrl ?? `${appUrl.replace(/\/+$/, "")}/api/callbacks/dpo`;
  sendNotification({ gateway: "dpo", kind: "push", url, body, contentType: "application/xml" });
}

/** Where the browser goes after an outcome, with DPO's query parameters; null when the merchant gave no URL. */
export function returnUrl(t: DpoToken): string | null {
  if (t.status === "cancelled") {
    const back = t.backUrl || t.redirectUrl;
    return back ? appendQuery(back, { TransactionToken: t.token, CompanyRef: t.companyRef }) : null;
  }
  if (!t.redirectUrl) return null;
  return appendQuery(t.redirectUrl, {
    // DPO's TransID is the transaction token itself; PnrID repeats the merchant's CompanyRef.
    TransID: t.token,
    CCDapproval: t.status === "paid" ? (t.payment?.approval ?? "") : "",
    PnrID: t.companyRef,
    TransactionToken: t.token,
    CompanyRef: t.companyRef,
  });
}

/** DPO appends with `&` when the merchant's URL already has a query string. */
function appendQuery(base: string, params: Record<string, string>): string {
  const [withoutHash, hash] = base.split("#", 2);
  const query = new URLSearchParams(params).toString();
  const separator = withoutHash.includes("?") ? (/[?&]$/.test(withoutHash) ? "" : "&") : "?";
  return `${withoutHash}${separator}${query}${hash !== undefined ? `#${hash}` : ""}`;
}
