/**
 * M-Pesa Express: `POST /mpesa/stkpush/v1/processrequest` puts a prompt on the payer's (virtual) phone;
 * the payer's answer becomes the STK callback and the `POST /mpesa/stkpushquery/v1/query` result.
 */
import { json } from "../http";
import { sendJsonNotification } from "../notify";
import { eatCompact } from "../ids";
import { openPrompt, type PromptResolution } from "../prompts";
import { settings } from "../store";
import { confirmStkPayment } from "./c2b";
import { darajaState, type StkCheckout } from "./state";
import {
  badRequest,
  callbackUrl,
  darajaError,
  digitsField,
  expectedPassword,
  hasValidBearer,
  invalidAccessToken,
  MSISDN,
  newCheckoutRequestId,
  newMerchantRequestId,
  newReceiptNumber,
  readDarajaJson,
  SHORTCODE,
  text,
  validTimestamp,
  wholeAmount,
} from "./wire";

const TRANSACTION_TYPES = new Set(["CustomerPayBillOnline", "CustomerBuyGoodsOnline"]);
const MAX_STK_AMOUNT = 250_000;
/**
 * The Daraja table says TransactionDesc is "at most 13 chars", but Safaricom does not refuse longer ones
 * (both popular npm clients send 20 by default, and integrators post 27 without complaint): the only hard
 * limit seen is on the whole prompt, 182 characters (ResultCode 1025). Refusing more than Safaricom does
 * would hide integrations that fail only here, so the simulator takes up to that prompt length.
 */
const MAX_TRANSACTION_DESC = 182;

/** How each prompt outcome reads in Daraja's STK ResultCode table. */
const STK_RESULTS: Record<PromptResolution, { code: number; desc: string }> = {
  approve: { code: 0, desc: "The service request is processed successfully." },
  insufficient_funds: { code: 1, desc: "The balance is insufficient for the transaction." },
  decline: { code: 1032, desc: "Request cancelled by user" },
  timeout: { code: 1037, desc: "DS timeout user cannot be reached" },
  wrong_pin: { code: 2001, desc: "The initiator information is invalid." },
  expired: { code: 1019, desc: "Transaction has expired" },
};

type Checked<T> = { ok: true; value: T } | { ok: false; response: Response };

/** The shortcode, Timestamp and Password trio that both the push and the query carry. */
function checkCredentials(
  input: Record<string, unknown>,
): Checked<{ shortCode: string; password: string; timestamp: string }> {
  const shortCode = digitsField(input.BusinessShortCode, SHORTCODE);
  if (!shortCode) return { ok: false, response: badRequest("BusinessShortCode") };
  const password = typeof input.Password === "string" && input.Password.length > 0 ? input.Password : null;
  if (!password) return { ok: false, response: badRequest("Password") };
  const timestamp = validTimestamp(input.Timestamp);
  if (!timestamp) return { ok: false, response: badRequest("Timestamp") };
  return { ok: true, value: { shortCode, password, timestamp } };
}

/** Shape errors are 400s at the gateway; merchant and password problems surface later, as 500.001.1001. */
function checkMerchant(c: { shortCode: string; password: string; timestamp: string }): Response | null {
  const passkey = settings().darajaPasskeys[c.shortCode];
  if (!passkey) return darajaError(500, "500.001.1001", "Merchant does not exist");
  if (c.password !== expectedPassword(c.shortCode, passkey, c.timestamp)) {
    return darajaError(500, "500.001.1001", "Wrong credentials");
  }
  return null;
}

export function stkPush(req: Request, body: string, appUrl: string): Response {
  if (!hasValidBearer(req)) return invalidAccessToken();
  const input = readDarajaJson(req, body);
  if (!input) return badRequest("BusinessShortCode");

  const creds = checkCredentials(input);
  if (!creds.ok) return creds.response;
  if (typeof input.TransactionType !== "string" || !TRANSACTION_TYPES.has(input.TransactionType)) {
    return badRequest("TransactionType");
  }
  const amount = wholeAmount(input.Amount, 1, MAX_STK_AMOUNT);
  if (amount === null) return badRequest("Amount");
  if (!digitsField(input.PartyA, MSISDN)) return badRequest("PartyA");
  if (!digitsField(input.PartyB, SHORTCODE)) return badRequest("PartyB");
  const phone = digitsField(input.PhoneNumber, MSISDN);
  if (!phone) return badRequest("PhoneNumber");
  const callback = callbackUrl(input.CallBackURL, appUrl);
  if (!callback) return badRequest("CallBackURL");
  const accountReference = text(input.AccountReference, 1, 12);
  if (accountReference === null) return badRequest("AccountReference");
  const description =
    input.TransactionDesc === undefined || input.TransactionDesc === null
      ? ""
      : text(input.TransactionDesc, 0, MAX_TRANSACTION_DESC);
  if (description === null) return badRequest("TransactionDesc");

  const merchantError = checkMerchant(creds.value);
  if (merchantError) return merchantError;

  const state = darajaState();
  if (state.lockedSubscribers.has(phone)) {
    return darajaError(
      500,
      "500.001.1001",
      "Unable to lock subscriber, a transaction is already in process for the current subscriber",
    );
  }

  const checkoutRequestId = newCheckoutRequestId();
  const merchantRequestId = newMerchantRequestId();
  const prompt = openPrompt({
    gateway: "daraja",
    phone: typeof input.PhoneNumber === "string" ? input.PhoneNumber : phone,
    amount,
    currency: "KES",
    reference: accountReference,
    description: `Pay ${creds.value.shortCode}${description ? ` · ${description}` : ""}`,
    onOutcome: (resolution) => settle(checkoutRequestId, resolution),
  });
  state.checkouts.set(checkoutRequestId, {
    merchantRequestId,
    checkoutRequestId,
    shortCode: creds.value.shortCode,
    amount,
    phone,
    accountReference,
    callbackUrl: callback,
    promptId: prompt.id,
  });
  state.lockedSubscribers.set(phone, checkoutRequestId);

  return json({
    MerchantRequestID: merchantRequestId,
    CheckoutRequestID: checkoutRequestId,
    ResponseCode: "0",
    ResponseDescription: "Success. Request accepted for processing",
    CustomerMessage: "Success. Request accepted for processing",
  });
}

/** The payer answered (or the prompt expired): record the result and call the merchant back. */
function settle(checkoutRequestId: string, resolution: PromptResolution): void {
  const state = darajaState();
  const checkout = state.checkouts.get(checkoutRequestId);
  if (!checkout || checkout.result) return;
  const { code, desc } = STK_RESULTS[resolution];
  const at = new Date();
  let receipt: string | undefined;
  if (code === 0) {
    receipt = newReceiptNumber();
    state.receipts.set(receipt, {
      receipt,
      kind: "stk",
      amount: checkout.amount,
      phone: checkout.phone,
      shortCode: checkout.shortCode,
      at: at.toISOString(),
      reversed: false,
    });
  }
  checkout.result = { code, desc, ...(receipt && { receipt }), at: at.toISOString() };
  if (state.lockedSubscribers.get(checkout.phone) === checkoutRequestId) state.lockedSubscribers.delete(checkout.phone);

  sendJsonNotification({
    gateway: "daraja",
    kind: "stk-callback",
    url: checkout.callbackUrl,
    payload: stkCallbackPayload(checkout, at),
  });
  if (receipt) confirmStkPayment({ ...state.receipts.get(receipt)!, account: checkout.accountReference });
}

function stkCallbackPayload(checkout: StkCheckout, at: Date) {
  const result = checkout.result!;
  const stkCallback: Record<string, unknown> = {
    MerchantRequestID: checkout.merchantRequestId,
    CheckoutRequestID: checkout.checkoutRequestId,
    // A number here, unlike the query's string.
    ResultCode: result.code,
    ResultDesc: result.desc,
  };
  if (result.code === 0) {
    stkCallback.CallbackMetadata = {
      Item: [
        { Name: "Amount", Value: checkout.amount },
        { Name: "MpesaReceiptNumber", Value: result.receipt },
        // Real payloads carry Balance without a Value; parsers must look items up by Name.
        { Name: "Balance" },
        { Name: "TransactionDate", Value: Number(eatCompact(at)) },
        { Name: "PhoneNumber", Value: Number(checkout.phone) },
      ],
    };
  }
  return { Body: { stkCallback } };
}

export function stkQuery(req: Request, body: string): Response {
  if (!hasValidBearer(req)) return invalidAccessToken();
  const input = readDarajaJson(req, body);
  if (!input) return badRequest("BusinessShortCode");
  const creds = checkCredentials(input);
  if (!creds.ok) return creds.response;
  const id = typeof input.CheckoutRequestID === "string" ? input.CheckoutRequestID.trim() : "";
  if (!id) return badRequest("CheckoutRequestID");
  const merchantError = checkMerchant(creds.value);
  if (merchantError) return merchantError;

  const checkout = darajaState().checkouts.get(id);
  if (!checkout || checkout.shortCode !== creds.value.shortCode) return badRequest("CheckoutRequestID");
  if (!checkout.result) {
    // The normal "still pending" answer; its requestId is the CheckoutRequestID.
    return darajaError(500, "500.001.1001", "The transaction is being processed", checkout.checkoutRequestId);
  }
  return json({
    ResponseCode: "0",
    ResponseDescription: "The service request has been accepted successfully",
    MerchantRequestID: checkout.merchantRequestId,
    CheckoutRequestID: checkout.checkoutRequestId,
    ResultCode: String(checkout.result.code),
    ResultDesc: checkout.result.desc,
  });
}
