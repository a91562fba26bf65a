/**
 * Reversal (`POST /mpesa/reversal/v1/request`): undoes a whole M-Pesa transaction named by its receipt.
 * The simulator checks the receipt against the ones it issued (STK and B2C) and answers R000001 or
 * R000002 the way Safaricom does — as a string ResultCode in the asynchronous Result.
 */
import { eatCompact } from "../ids";
import { darajaState } from "./state";
import {
  acceptedAck,
  badRequest,
  callbackUrl,
  digitsField,
  hasValidBearer,
  invalidAccessToken,
  newConversationId,
  newOriginatorConversationId,
  newReceiptNumber,
  postResultLater,
  queueTimeoutReference,
  readDarajaJson,
  SHORTCODE,
  text,
  wholeAmount,
} from "./wire";

export function reversalRequest(req: Request, body: string, appUrl: string): Response {
  if (!hasValidBearer(req)) return invalidAccessToken();
  const input = readDarajaJson(req, body);
  if (!input) return badRequest("Initiator");

  if (!text(input.Initiator, 1, 64)) return badRequest("Initiator");
  if (!text(input.SecurityCredential, 1, 4096)) return badRequest("SecurityCredential");
  if (input.CommandID !== "TransactionReversal") return badRequest("CommandID");
  const transactionId = text(input.TransactionID, 1, 32);
  if (!transactionId) return badRequest("TransactionID");
  const amount = wholeAmount(input.Amount, 1, 500_000);
  if (amount === null) return badRequest("Amount");
  const receiver = digitsField(input.ReceiverParty, SHORTCODE);
  if (!receiver) return badRequest("ReceiverParty");
  // Daraja's own spelling; "11" (organisation) is the documented value, "4" (shortcode) is seen in use.
  const identifierType = digitsField(input.RecieverIdentifierType, /^(1|2|4|11)$/);
  if (!identifierType) return badRequest("RecieverIdentifierType");
  const resultUrl = callbackUrl(input.ResultURL, appUrl);
  if (!resultUrl) return badRequest("ResultURL");
  if (!callbackUrl(input.QueueTimeOutURL, appUrl)) return badRequest("QueueTimeOutURL");
  if (text(input.Remarks, 2, 100) === null) return badRequest("Remarks");

  const originatorId = newOriginatorConversationId();
  const conversationId = newConversationId();

  postResultLater("reversal-result", resultUrl, () => {
    const state = darajaState();
    const original = state.receipts.get(transactionId);
    const base = { ResultType: 0, OriginatorConversationID: originatorId, ConversationID: conversationId };
    const referenceData = queueTimeoutReference();
    let result: Record<string, unknown>;
    if (!original || original.kind === "reversal") {
      result = {
        ...base,
        ResultCode: "R000002",
        ResultDesc: "The OriginalTransactionID is invalid.",
        TransactionID: newReceiptNumber(),
        ReferenceData: referenceData,
      };
    } else if (original.reversed) {
      result = {
        ...base,
        ResultCode: "R000001",
        ResultDesc: "The transaction has already been reversed.",
        TransactionID: newReceiptNumber(),
        ReferenceData: referenceData,
      };
    } else {
      original.reversed = true;
      const receipt = newReceiptNumber();
      const at = new Date();
      state.receipts.set(receipt, {
        receipt,
        kind: "reversal",
        amount: original.amount,
        phone: original.phone,
        shortCode: original.shortCode,
        at: at.toISOString(),
        reversed: false,
      });
      result = {
        ...base,
        ResultCode: 0,
        ResultDesc: "The service request is processed successfully.",
        TransactionID: receipt,
        ResultParameters: {
          ResultParameter: [
            { Key: "DebitAccountBalance", Value: `Utility Account|KES|0.00|0.00|0.00|0.00` },
            // Reversals are whole-transaction: the original amount goes back whatever Amount said.
            { Key: "Amount", Value: original.amount },
            { Key: "TransCompletedTime", Value: Number(eatCompact(at)) },
            { Key: "OriginalTransactionID", Value: original.receipt },
            { Key: "Charge", Value: 0 },
            { Key: "CreditPartyPublicName", Value: `${original.phone} - Simulated Customer` },
            { Key: "DebitPartyPublicName", Value: `${original.shortCode} - Lango Events` },
          ],
        },
        ReferenceData: referenceData,
      };
    }
    return result;
  });

  return acceptedAck(originatorId, conversationId);
}
