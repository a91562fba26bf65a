/**
 * B2C (`POST /mpesa/b2c/v3/paymentrequest`): the business pays a customer — how Lango refunds an M-Pesa
 * payment that can no longer be reversed. Synchronous acknowledgement, then a Result to ResultURL.
 */
import { json } from "../http";
import { B2C_STARTING_FLOAT, darajaState } from "./state";
import {
  badRequest,
  callbackUrl,
  darajaError,
  digitsField,
  dottedDateTime,
  hasValidBearer,
  invalidAccessToken,
  MSISDN,
  newConversationId,
  newReceiptNumber,
  postResultLater,
  queueTimeoutReference,
  readDarajaJson,
  SHORTCODE,
  text,
  wholeAmount,
} from "./wire";

const COMMAND_IDS = new Set(["SalaryPayment", "BusinessPayment", "PromotionPayment"]);

export function b2cPaymentRequest(req: Request, body: string, appUrl: string): Response {
  if (!hasValidBearer(req)) return invalidAccessToken();
  const input = readDarajaJson(req, body);
  if (!input) return badRequest("OriginatorConversationID");

  const originatorId = text(input.OriginatorConversationID, 1, 128);
  if (!originatorId) return badRequest("OriginatorConversationID");
  if (!text(input.InitiatorName, 1, 64)) return badRequest("InitiatorName");
  if (!text(input.SecurityCredential, 1, 4096)) return badRequest("SecurityCredential");
  if (typeof input.CommandID !== "string" || !COMMAND_IDS.has(input.CommandID)) return badRequest("CommandID");
  const amount = wholeAmount(input.Amount, 1, 250_000);
  if (amount === null) return badRequest("Amount");
  const partyA = digitsField(input.PartyA, SHORTCODE);
  if (!partyA) return badRequest("PartyA");
  const partyB = digitsField(input.PartyB, MSISDN);
  if (!partyB) return badRequest("PartyB");
  if (text(input.Remarks, 2, 100) === null) return badRequest("Remarks");
  if (!callbackUrl(input.QueueTimeOutURL, appUrl)) return badRequest("QueueTimeOutURL");
  const resultUrl = callbackUrl(input.ResultURL, appUrl);
  if (!resultUrl) return badRequest("ResultURL");

  const state = darajaState();
  if (state.originatorConversationIds.has(originatorId)) {
    return darajaError(500, "500.002.1001", "Duplicate OriginatorConversationID.");
  }
  state.originatorConversationIds.add(originatorId);
  const conversationId = newConversationId();

  postResultLater("b2c-result", resultUrl, () => {
    const balance = state.b2cBalances.get(partyA) ?? B2C_STARTING_FLOAT;
    const base = { OriginatorConversationID: originatorId, ConversationID: conversationId };
    const referenceData = queueTimeoutReference();
    let result: Record<string, unknown>;
    if (amount > balance) {
      // A failure carries no ResultParameters.
      result = {
        ResultType: 0,
        ResultCode: 1,
        ResultDesc: "The balance is insufficient for the transaction.",
        ...base,
        TransactionID: newReceiptNumber(),
        ReferenceData: referenceData,
      };
    } else {
      const remaining = balance - amount;
      state.b2cBalances.set(partyA, remaining);
      const receipt = newReceiptNumber();
      const at = new Date();
      state.receipts.set(receipt, {
        receipt,
        kind: "b2c",
        amount,
        phone: partyB,
        shortCode: partyA,
        at: at.toISOString(),
        reversed: false,
      });
      result = {
        ResultType: 0,
        ResultCode: 0,
        ResultDesc: "The service request is processed successfully.",
        ...base,
        TransactionID: receipt,
        ResultParameters: {
          ResultParameter: [
            { Key: "TransactionAmount", Value: amount },
            { Key: "TransactionReceipt", Value: receipt },
            { Key: "B2CRecipientIsRegisteredCustomer", Value: "Y" },
            { Key: "B2CChargesPaidAccountAvailableFunds", Value: 0 },
            { Key: "ReceiverPartyPublicName", Value: `${partyB} - Simulated Customer` },
            { Key: "TransactionCompletedDateTime", Value: dottedDateTime(at) },
            { Key: "B2CUtilityAccountAvailableFunds", Value: remaining },
            { Key: "B2CWorkingAccountAvailableFunds", Value: 0 },
          ],
        },
        ReferenceData: referenceData,
      };
    }
    return result;
  });

  return json({
    ConversationID: conversationId,
    OriginatorConversationID: originatorId,
    ResponseCode: "0",
    ResponseDescription: "Accept the service request successfully.",
  });
}
