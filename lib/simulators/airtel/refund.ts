/** `POST /standard/v1/payments/refund` `{"transaction":{"airtel_money_id":…}}`: the whole collection goes back. */
import { airtelState } from "./state";
import { badRequest, ESB_SUCCESS, hasValidBearer, readJson, record, refusal, reply, unauthorized } from "./wire";

export function refundCollection(req: Request, body: string): Response {
  if (!hasValidBearer(req)) return unauthorized();
  const transaction = record(readJson(body)?.transaction);
  const airtelMoneyId = typeof transaction?.airtel_money_id === "string" ? transaction.airtel_money_id.trim() : "";
  if (!airtelMoneyId) return badRequest("transaction.airtel_money_id is required");

  const state = airtelState();
  const t = state.transactions.get(state.byAirtelMoneyId.get(airtelMoneyId) ?? "");
  if (!t) return refusal(404, "ESB000045", "No transaction found with provided airtel_money_id", "DP00800001025");
  if (
    (req.headers.get("x-country") ?? "").trim() !== t.country ||
    (req.headers.get("x-currency") ?? "").trim() !== t.currency
  ) {
    return badRequest("X-Country and X-Currency must match the transaction");
  }
  if (t.status !== "TS") return refusal(400, "ESB000011", "Refund failed: the transaction was not successful");
  if (t.refunded) return refusal(400, "ESB000011", "Refund failed: the transaction has already been refunded");
  t.refunded = { at: new Date().toISOString() };
  return reply(
    200,
    { transaction: { airtel_money_id: airtelMoneyId, status: "SUCCESS" } },
    { message: "SUCCESS", result_code: ESB_SUCCESS, success: true },
  );
}
