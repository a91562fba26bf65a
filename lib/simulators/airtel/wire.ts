/**
 * Airtel's wire conventions (reference/gateways.md §4): every reply is `{ data, status }`, where `status`
 * holds string codes (`"200"`, `ESB000010`, `DP00800001006`) and a boolean `success`; bearer tokens from
 * `/auth/oauth2/token`; `X-Country` / `X-Currency` on every merchant call.
 *
 * The ESB result codes other than ESB000010 are not in gateways.md; the ones used for refusals here are
 * the simulator's choice, and the app must not depend on them.
 */
import { eatParts, randomAlnum, randomChars, randomDigits } from "../ids";
import { json } from "../http";
import { airtelState } from "./state";

export const ESB_SUCCESS = "ESB000010";

export interface StatusBlock {
  code: string;
  message: string;
  result_code: string;
  response_code?: string;
  success: boolean;
}

export function reply(
  httpStatus: number,
  data: unknown,
  status: Omit<StatusBlock, "code"> & { code?: string },
): Response {
  return json({ data, status: { code: status.code ?? String(httpStatus), ...status } }, httpStatus);
}

export const refusal = (httpStatus: number, resultCode: string, message: string, responseCode?: string) =>
  reply(
    httpStatus,
    {},
    { message, result_code: resultCode, ...(responseCode && { response_code: responseCode }), success: false },
  );

export const badRequest = (message: string) => refusal(400, "ESB000008", `Field validation failed: ${message}`);
export const unauthorized = () => refusal(401, "ESB000001", "Unauthorized: invalid or expired access token");
export const notFound = () => refusal(404, "ESB000001", "Resource not found");
export const methodNotAllowed = () => refusal(405, "ESB000001", "Method not allowed");
export const internalError = () => refusal(500, "ESB000001", "Something went wrong");

/** Where Airtel operates mobile money, with its currencies and calling code (to spot an msisdn with one). */
export const COUNTRIES: Readonly<Record<string, { currencies: readonly string[]; dialCode: string }>> = {
  UG: { currencies: ["UGX"], dialCode: "256" },
  TZ: { currencies: ["TZS"], dialCode: "255" },
  KE: { currencies: ["KES"], dialCode: "254" },
  RW: { currencies: ["RWF"], dialCode: "250" },
  ZM: { currencies: ["ZMW"], dialCode: "260" },
  MW: { currencies: ["MWK"], dialCode: "265" },
  MG: { currencies: ["MGA"], dialCode: "261" },
  CD: { currencies: ["CDF", "USD"], dialCode: "243" },
  SC: { currencies: ["SCR"], dialCode: "248" },
  NG: { currencies: ["NGN"], dialCode: "234" },
  TD: { currencies: ["XAF"], dialCode: "235" },
  CG: { currencies: ["XAF"], dialCode: "242" },
  GA: { currencies: ["XAF"], dialCode: "241" },
  NE: { currencies: ["XOF"], dialCode: "227" },
};

export function issueToken(clientId: string): { token: string; ttlSeconds: number } {
  const state = airtelState();
  const token = randomAlnum(32);
  state.tokens.set(token, { clientId, expiresAt: Date.now() + state.tokenTtlSeconds * 1000 });
  return { token, ttlSeconds: state.tokenTtlSeconds };
}

export function hasValidBearer(req: Request): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.get("authorization") ?? "");
  const entry = match ? airtelState().tokens.get(match[1]) : undefined;
  return !!entry && entry.expiresAt > Date.now();
}

export function readJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const record = (value: unknown): Record<string, unknown> | null =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** Like "MP210603.1234.L06941": MP, date, time, a letter and five digits. */
export function newAirtelMoneyId(): string {
  const t = eatParts();
  let id: string;
  do
    id = `MP${t.yyyy.slice(2)}${t.MM}${t.dd}.${t.HH}${t.mm}.${randomChars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1)}${randomDigits(5)}`;
  while (airtelState().byAirtelMoneyId.has(id));
  return id;
}

/** "UGX 5,000" / "KES 1,250.50", as Airtel writes amounts in its confirmation message. */
export function writtenAmount(currency: string, amount: number): string {
  const whole = Number.isInteger(amount);
  return `${currency} ${amount.toLocaleString("en-US", { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 })}`;
}
