/**
 * Customer to Business (paybill) and Transaction Status, as gateways.md §1 describes them:
 * - `POST /mpesa/c2b/v2/registerurl` (v1 too) keeps a shortcode's ValidationURL and ConfirmationURL;
 * - a payer paying the paybill (the /sim/daraja/c2b page, or the sandbox's `POST /mpesa/c2b/v2/simulate`)
 *   makes Safaricom ask the ValidationURL first, then complete the payment and post the confirmation;
 * - `POST /mpesa/transactionstatus/v1/query` answers, at the ResultURL, what M-Pesa knows of a receipt.
 */
import { escapeHtml, html, json, readForm } from "../http";
import { formatAmount, page } from "../html";
import { eatCompact, randomId } from "../ids";
import { sendJsonNotification } from "../notify";
import { recordNotification, type NotificationRecord } from "../store";
import { darajaState, type C2bRegistration, type Receipt } from "./state";
import {
  acceptedAck,
  badRequest,
  callbackUrl,
  digitsField,
  hasValidBearer,
  invalidAccessToken,
  MSISDN,
  newConversationId,
  newOriginatorConversationId,
  newReceiptNumber,
  postResultLater,
  readDarajaJson,
  SAFARICOM_QUEUE_TIMEOUT_URL,
  SHORTCODE,
  text,
  wholeAmount,
} from "./wire";

/** Safaricom waits this long for the validation URL, then applies the registered ResponseType. */
const VALIDATION_TIMEOUT_MS = 8_000;
const MAX_C2B_AMOUNT = 250_000;

// ── Register URL ────────────────────────────────────────────────────────────────────────────────

export function registerUrl(req: Request, body: string, appUrl: string): Response {
  if (!hasValidBearer(req)) return invalidAccessToken();
  const input = readDarajaJson(req, body);
  if (!input) return badRequest("ShortCode");
  const shortCode = digitsField(input.ShortCode, SHORTCODE);
  if (!shortCode) return badRequest("ShortCode");
  // Sentence case only, as the docs insist.
  if (input.ResponseType !== "Completed" && input.ResponseType !== "Cancelled") return badRequest("ResponseType");
  const confirmationUrl = callbackUrl(input.ConfirmationURL, appUrl);
  if (!confirmationUrl) return badRequest("ConfirmationURL");
  const validationUrl = callbackUrl(input.ValidationURL, appUrl);
  if (!validationUrl) return badRequest("ValidationURL");
  // The sandbox lets a shortcode's URLs be registered again (production answers "already registered").
  darajaState().c2bUrls.set(shortCode, { shortCode, responseType: input.ResponseType, confirmationUrl, validationUrl });
  return json({
    OriginatorCoversationID: newOriginatorConversationId(),
    ResponseCode: "0",
    ResponseDescription: "Success",
  });
}

// ── Paying the paybill ──────────────────────────────────────────────────────────────────────────

export interface PayBillInput {
  shortCode: string;
  amount: number;
  msisdn: string;
  account: string;
  firstName?: string;
  commandId?: "CustomerPayBillOnline" | "CustomerBuyGoodsOnline";
}

export type PayBillOutcome =
  | { status: "completed"; receipt: string; notified: boolean }
  | { status: "rejected"; resultCode: string; resultDesc: string }
  | { status: "cancelled"; reason: string };

/** "2547 ***** 126": how C2B payloads show the payer's number. */
function maskMsisdn(msisdn: string): string {
  return `${msisdn.slice(0, 4)} ***** ${msisdn.slice(-3)}`;
}

function c2bPayload(p: PayBillInput, transId: string, at: Date, orgBalance: string) {
  // Every value a string, as Safaricom sends them.
  return {
    TransactionType: p.commandId === "CustomerBuyGoodsOnline" ? "Buy Goods" : "Pay Bill",
    TransID: transId,
    TransTime: eatCompact(at),
    TransAmount: String(p.amount),
    BusinessShortCode: p.shortCode,
    BillRefNumber: p.account,
    InvoiceNumber: "",
    OrgAccountBalance: orgBalance,
    ThirdPartyTransID: "",
    MSISDN: maskMsisdn(p.msisdn),
    FirstName: p.firstName ?? "John",
    MiddleName: "",
    LastName: "Doe",
  };
}

/** Asks the merchant's ValidationURL; null when it cannot be reached or answered nonsense. */
async function askValidation(
  reg: C2bRegistration,
  payload: object,
): Promise<{ resultCode: string; resultDesc: string } | null> {
  const body = JSON.stringify(payload);
  const record: NotificationRecord = {
    id: randomId("nt_"),
    gateway: "daraja",
    kind: "c2b-validation",
    url: reg.validationUrl,
    contentType: "application/json",
    body,
    createdAt: new Date().toISOString(),
    fault: "none",
    deliveries: [],
  };
  recordNotification(record);
  const attempt: NotificationRecord["deliveries"][number] = { at: new Date().toISOString() };
  record.deliveries.push(attempt);
  try {
    const res = await fetch(reg.validationUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "lango-simulator/daraja" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(VALIDATION_TIMEOUT_MS),
    });
    attempt.status = res.status;
    const text = await res.text();
    attempt.responseBody = text.slice(0, 2000);
    if (res.status !== 200) return null;
    const reply = JSON.parse(text) as { ResultCode?: unknown; ResultDesc?: unknown };
    if (reply.ResultCode === undefined) return null;
    return { resultCode: String(reply.ResultCode), resultDesc: String(reply.ResultDesc ?? "") };
  } catch (err) {
    attempt.error = String(err);
    return null;
  }
}

/**
 * A payer pays a paybill from their phone: validation (when URLs are registered), completion with a new
 * receipt, then the confirmation — delivered under the gateway's notification faults like every callback.
 */
export async function payBill(p: PayBillInput): Promise<PayBillOutcome> {
  const state = darajaState();
  const reg = state.c2bUrls.get(p.shortCode);
  const at = new Date();
  // The TransID is assigned before validation and carried by both requests.
  const receipt = newReceiptNumber();
  if (reg) {
    const verdict = await askValidation(reg, c2bPayload(p, receipt, at, ""));
    if (!verdict) {
      if (reg.responseType === "Cancelled")
        return { status: "cancelled", reason: "The business could not be reached to validate the payment." };
    } else if (verdict.resultCode !== "0") {
      return { status: "rejected", resultCode: verdict.resultCode, resultDesc: verdict.resultDesc || "Rejected" };
    }
  }
  state.receipts.set(receipt, {
    receipt,
    kind: "c2b",
    amount: p.amount,
    phone: p.msisdn,
    shortCode: p.shortCode,
    account: p.account,
    at: at.toISOString(),
    reversed: false,
  });
  if (reg) {
    sendJsonNotification({
      gateway: "daraja",
      kind: "c2b-confirmation",
      url: reg.confirmationUrl,
      payload: c2bPayload({ ...p }, receipt, at, "49197.00"),
    });
  }
  return { status: "completed", receipt, notified: Boolean(reg) };
}

/**
 * An STK payment into a paybill with registered URLs also reaches the ConfirmationURL, carrying the same
 * receipt as TransID (gateways.md §1 Gotchas): merchants must not count it twice.
 */
export function confirmStkPayment(r: Receipt & { account: string }): void {
  const reg = darajaState().c2bUrls.get(r.shortCode);
  if (!reg) return;
  const payload = {
    ...c2bPayload(
      { shortCode: r.shortCode, amount: r.amount, msisdn: r.phone, account: r.account },
      r.receipt,
      new Date(r.at),
      "49197.00",
    ),
    TransactionType: "Pay Bill Online",
  };
  sendJsonNotification({ gateway: "daraja", kind: "c2b-confirmation", url: reg.confirmationUrl, payload });
}

/** `POST /mpesa/c2b/v2/simulate` — the sandbox's way to make a test payer pay (tests use it too). */
export async function simulateC2b(req: Request, body: string): Promise<Response> {
  if (!hasValidBearer(req)) return invalidAccessToken();
  const input = readDarajaJson(req, body);
  if (!input) return badRequest("ShortCode");
  const shortCode = digitsField(input.ShortCode, SHORTCODE);
  if (!shortCode) return badRequest("ShortCode");
  if (input.CommandID !== "CustomerPayBillOnline" && input.CommandID !== "CustomerBuyGoodsOnline")
    return badRequest("CommandID");
  const amount = wholeAmount(input.Amount, 1, MAX_C2B_AMOUNT);
  if (amount === null) return badRequest("Amount");
  const msisdn = digitsField(input.Msisdn, MSISDN);
  if (!msisdn) return badRequest("Msisdn");
  const account =
    input.BillRefNumber === undefined || input.BillRefNumber === null ? "" : text(input.BillRefNumber, 0, 20);
  if (account === null) return badRequest("BillRefNumber");
  // Accepted at once; validation, completion and confirmation happen behind it, as at Safaricom.
  void payBill({ shortCode, amount, msisdn, account, commandId: input.CommandID });
  return json({
    OriginatorCoversationID: newOriginatorConversationId(),
    ResponseCode: "0",
    ResponseDescription: "Accept the service request successfully.",
  });
}

// ── The payer's page ────────────────────────────────────────────────────────────────────────────

const REJECT_MEANINGS: Record<string, string> = {
  C2B00011: "Invalid MSISDN",
  C2B00012: "Invalid Account Number",
  C2B00013: "Invalid Amount",
  C2B00014: "Invalid KYC Details",
  C2B00015: "Invalid Shortcode",
  C2B00016: "Other Error",
};

function form(values: { shortCode?: string; account?: string; amount?: string; msisdn?: string }, notice = ""): string {
  const v = (x?: string) => escapeHtml(x ?? "");
  return page({
    title: "M-Pesa · Pay Bill",
    body: `<h1>M-Pesa · Lipa na M-Pesa · Pay Bill</h1>${notice}
<form method="post" action="c2b" class="card">
<label for="shortCode">Business number</label><input id="shortCode" name="shortCode" inputmode="numeric" required value="${v(values.shortCode)}">
<label for="account">Account number</label><input id="account" name="account" required value="${v(values.account)}">
<label for="amount">Amount (KES)</label><input id="amount" name="amount" inputmode="numeric" required value="${v(values.amount)}">
<label for="msisdn">Your phone</label><input id="msisdn" name="msisdn" inputmode="tel" required value="${v(values.msisdn ?? "254708374149")}">
<div class="row"><button class="primary" type="submit">Pay</button></div>
</form>
<p class="muted">Safaricom asks the business to validate the account and amount, then completes the payment and confirms it to the business.</p>`,
  });
}

export function showPayBill(req: Request): Response {
  const q = new URL(req.url).searchParams;
  return html(
    form({
      shortCode: q.get("shortCode") ?? undefined,
      account: q.get("account") ?? undefined,
      amount: q.get("amount") ?? undefined,
    }),
  );
}

export async function submitPayBill(req: Request): Promise<Response> {
  const f = await readForm(req);
  const values = {
    shortCode: f.get("shortCode")?.trim(),
    account: f.get("account") ?? "",
    amount: f.get("amount")?.trim(),
    msisdn: f.get("msisdn")?.trim(),
  };
  const shortCode = digitsField(values.shortCode, SHORTCODE);
  const amount = wholeAmount(values.amount, 1, MAX_C2B_AMOUNT);
  const msisdn = digitsField(values.msisdn?.replace(/^\+/, "").replace(/^0/, "254"), MSISDN);
  const problem = !shortCode
    ? "Enter a business number of 5 to 7 digits."
    : amount === null
      ? "Enter a whole amount between KES 1 and 250,000."
      : !msisdn
        ? "Enter a Safaricom number such as 254708374149."
        : null;
  if (problem)
    return html(form(values, `<div class="card" role="alert"><strong>${escapeHtml(problem)}</strong></div>`), 400);

  const outcome = await payBill({
    shortCode: shortCode!,
    amount: amount!,
    msisdn: msisdn!,
    account: values.account.trim(),
  });
  const paid = formatAmount(amount!, "KES");
  let notice: string;
  if (outcome.status === "completed") {
    notice = `<div class="card" role="status"><span class="badge">Completed</span><p class="amount">${escapeHtml(paid)}</p><p><strong>${escapeHtml(outcome.receipt)} Confirmed.</strong> ${escapeHtml(paid)} sent to ${escapeHtml(shortCode)} for account ${escapeHtml(values.account.trim())}.</p>${outcome.notified ? "" : `<p class="muted">No URLs are registered for ${escapeHtml(shortCode)}: the business was not told.</p>`}</div>`;
  } else if (outcome.status === "rejected") {
    notice = `<div class="card" role="alert"><span class="badge">Failed</span><p><strong>The business refused the payment: ${escapeHtml(outcome.resultCode)} ${escapeHtml(REJECT_MEANINGS[outcome.resultCode] ?? outcome.resultDesc)}.</strong> Nothing was charged.</p></div>`;
  } else {
    notice = `<div class="card" role="alert"><span class="badge">Cancelled</span><p><strong>${escapeHtml(outcome.reason)}</strong> Nothing was charged.</p></div>`;
  }
  return html(
    form(outcome.status === "completed" ? { shortCode: shortCode! } : values, notice),
    outcome.status === "completed" ? 200 : 402,
  );
}

// ── Transaction Status ──────────────────────────────────────────────────────────────────────────

export function transactionStatus(req: Request, body: string, appUrl: string): Response {
  if (!hasValidBearer(req)) return invalidAccessToken();
  const input = readDarajaJson(req, body);
  if (!input) return badRequest("Initiator");
  if (!text(input.Initiator, 1, 64)) return badRequest("Initiator");
  if (!text(input.SecurityCredential, 1, 4096)) return badRequest("SecurityCredential");
  if (input.CommandID !== "TransactionStatusQuery") return badRequest("CommandID");
  const transactionId = typeof input.TransactionID === "string" ? input.TransactionID.trim().toUpperCase() : "";
  if (!transactionId && !text(input.OriginalConversationID, 1, 128)) return badRequest("TransactionID");
  const partyA = digitsField(input.PartyA, SHORTCODE);
  if (!partyA) return badRequest("PartyA");
  if (!digitsField(input.IdentifierType, /^(1|2|4)$/)) return badRequest("IdentifierType");
  const resultUrl = callbackUrl(input.ResultURL, appUrl);
  if (!resultUrl) return badRequest("ResultURL");
  if (!callbackUrl(input.QueueTimeOutURL, appUrl)) return badRequest("QueueTimeOutURL");
  if (text(input.Remarks, 1, 100) === null) return badRequest("Remarks");

  const originatorId = newOriginatorConversationId();
  const conversationId = newConversationId();
  postResultLater("status-result", resultUrl, () => {
    // Only the organisation that received the money learns about it.
    const r = darajaState().receipts.get(transactionId);
    const known = r && r.shortCode === partyA && (r.kind === "c2b" || r.kind === "stk");
    const base = {
      ResultType: 0,
      OriginatorConversationID: originatorId,
      ConversationID: conversationId,
      TransactionID: known ? r.receipt : newReceiptNumber(),
    };
    const referenceData = {
      ReferenceItem: { Key: "Occasion", Value: typeof input.Occasion === "string" ? input.Occasion : "" },
    };
    let result: Record<string, unknown>;
    if (!known) {
      result = {
        ...base,
        ResultCode: "R000002",
        ResultDesc: "The OriginalTransactionID is invalid.",
        ReferenceData: referenceData,
      };
    } else {
      const done = Number(eatCompact(new Date(r.at)));
      result = {
        ...base,
        ResultCode: 0,
        ResultDesc: "The service request has been accepted successsfully.",
        ResultParameters: {
          ResultParameter: [
            { Key: "DebitPartyName", Value: `${r.phone} - John Doe` },
            { Key: "CreditPartyName", Value: `${r.shortCode} - Lango Events` },
            { Key: "OriginatorConversationID", Value: originatorId },
            { Key: "InitiatedTime", Value: done },
            { Key: "DebitAccountType", Value: "MMF Account For Customer" },
            { Key: "DebitPartyCharges", Value: "" },
            { Key: "TransactionReason", Value: "" },
            { Key: "ReasonType", Value: r.kind === "stk" ? "Pay Bill Online" : "Pay Bill" },
            { Key: "TransactionStatus", Value: r.reversed ? "Reversed" : "Completed" },
            { Key: "FinalisedTime", Value: done },
            { Key: "Amount", Value: r.amount },
            { Key: "ConversationID", Value: conversationId },
            { Key: "ReceiptNo", Value: r.receipt },
          ],
        },
        ReferenceData: {
          ReferenceItem: [
            { Key: "Occasion", Value: referenceData.ReferenceItem.Value },
            { Key: "QueueTimeoutURL", Value: SAFARICOM_QUEUE_TIMEOUT_URL },
          ],
        },
      };
    }
    return result;
  });

  return acceptedAck(originatorId, conversationId);
}
