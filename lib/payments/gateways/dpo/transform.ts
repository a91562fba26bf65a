/**
 * Pure DPO builders and parsers (gateways.md §2): amounts as decimals, the createToken transaction, the push
 * notification and the browser's return. No I/O and no clock (callers pass `now`).
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { z } from "zod";
import { fromMajorUnits, minorUnitDigits, type Money } from "../../../money";
import { GatewayError, type InitiateInput, type NotificationClaim } from "../../types";
import { pushClaimStatus } from "./codes";
import type { DpoConfig } from "./config";
import { MOBILE_MONEY_METHODS, dpoMarket } from "./markets";
import { MalformedXmlError, parseApi3g, text, type XmlNode } from "./xml";

/** Minor units → DPO's decimal string with at most 2 decimals ("1500.50", UGX "5000"), without float maths. */
export function toDecimal(amount: Money): string {
  const digits = minorUnitDigits(amount.currency);
  if (!Number.isSafeInteger(amount.amountMinor) || amount.amountMinor < 0) {
    throw new GatewayError("dpo", "rejected", `Invalid amount ${amount.amountMinor}`);
  }
  const shown = Math.min(digits, 2);
  const dropped = 10 ** (digits - shown);
  if (amount.amountMinor % dropped !== 0) {
    throw new GatewayError("dpo", "rejected", `${amount.currency} amount needs more than 2 decimals`);
  }
  const scaled = String(amount.amountMinor / dropped).padStart(shown + 1, "0");
  return shown === 0 ? scaled : `${scaled.slice(0, -shown)}.${scaled.slice(-shown)}`;
}

const decimalSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/,/g, ""))
  .pipe(z.string().regex(/^\d+(\.\d+)?$/));

/** DPO's decimal string ("1.00", "1,500.00") → Money; undefined when it is not a plain amount. */
export function fromDecimal(value: string | undefined, currency: string | undefined): Money | undefined {
  // Stryker disable next-line ConditionalExpression,LogicalOperator: says early what the currency and amount checks refuse anyway
  if (value === undefined || !currency) return undefined;
  if (!/^[A-Z]{3}$/.test(currency)) return undefined;
  const parsed = decimalSchema.safeParse(value);
  if (!parsed.success) return undefined;
  return { amountMinor: fromMajorUnits(Number(parsed.data), currency), currency };
}

/** "Amina Njeri Otieno" → first "Amina", last "Njeri Otieno". */
export function splitName(name: string): { first: string; last?: string } {
  const [first = "", ...rest] = name.trim().split(/\s+/);
  const last = rest.join(" ");
  return { first: first.slice(0, 50), ...(last && { last: last.slice(0, 50) }) };
}

/** `YYYY/MM/DD HH:MM` in the event country's zone. */
export function serviceDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}/${p.month}/${p.day} ${p.hour}:${p.minute}`;
}

/** Whole minutes left until the hold ends, rounded down so DPO stops taking money before we stop holding. */
export function ptlMinutes(expiresAt: Date, now: Date): number {
  return Math.max(1, Math.floor((expiresAt.getTime() - now.getTime()) / 60_000));
}

/** Adds `back=1` so the return page can tell "buyer pressed back/cancel" from "payment finished". */
export function backUrl(returnUrl: string): string {
  const url = new URL(returnUrl);
  url.searchParams.set("back", "1");
  return url.toString();
}

function customerFields(input: InitiateInput): XmlNode {
  const { first, last } = splitName(input.customer.name);
  const phone = input.customer.phoneE164 ? parsePhoneNumberFromString(input.customer.phoneE164) : undefined;
  const country = (phone?.country ?? input.country).toUpperCase();
  return {
    customerFirstName: first || undefined,
    customerLastName: last,
    customerEmail: input.customer.email || undefined,
    // Stryker disable next-line StringLiteral,Regex: libphonenumber's nationalNumber is digits already; this only guards a change there
    customerPhone: phone ? String(phone.nationalNumber).replace(/\D/g, "") : undefined,
    customerDialCode: phone ? country : undefined,
    customerCountry: country,
  };
}

/** Preselects a method on DPO's page when we know DPO's code for it in that country. */
function defaultPayment(method: string | undefined, country: string): XmlNode {
  const m = method?.toLowerCase();
  if (m === "card") return { DefaultPayment: "CC" };
  if (!m || !MOBILE_MONEY_METHODS.has(m)) return {};
  const market = dpoMarket(country);
  const mno = market?.mno[m];
  if (!market || !mno) return {};
  return { DefaultPayment: "MO", DefaultPaymentCountry: market.name, DefaultPaymentMNO: mno };
}

export function buildCreateToken(
  config: Pick<DpoConfig, "companyToken" | "serviceType">,
  input: InitiateInput,
  now: Date,
): XmlNode {
  const timeZone = dpoMarket(input.country)?.timeZone ?? "UTC";
  return {
    CompanyToken: config.companyToken,
    Request: "createToken",
    Transaction: {
      PaymentAmount: toDecimal(input.amount),
      PaymentCurrency: input.amount.currency,
      CompanyRef: input.paymentId,
      RedirectURL: input.returnUrl,
      BackURL: backUrl(input.returnUrl),
      CompanyRefUnique: "1",
      PTL: String(ptlMinutes(input.expiresAt, now)),
      PTLtype: "minutes",
      ...customerFields(input),
      ...defaultPayment(input.method, input.country),
    },
    Services: {
      Service: [
        {
          ServiceType: config.serviceType,
          ServiceDescription: input.description.replace(/\s+/g, " ").trim().slice(0, 200) || input.orderReference,
          ServiceDate: serviceDate(input.serviceDate, timeZone),
        },
      ],
    },
  };
}

export function buildTokenRequest(
  config: Pick<DpoConfig, "companyToken">,
  request: "verifyToken" | "cancelToken",
  transactionToken: string,
): XmlNode {
  return { CompanyToken: config.companyToken, Request: request, TransactionToken: transactionToken };
}

export function buildRefundToken(
  config: Pick<DpoConfig, "companyToken">,
  q: { transactionToken: string; amount: Money; details: string; refundRef: string },
): XmlNode {
  return {
    CompanyToken: config.companyToken,
    Request: "refundToken",
    TransactionToken: q.transactionToken,
    refundAmount: toDecimal(q.amount),
    refundDetails: q.details.replace(/\s+/g, " ").trim().slice(0, 255) || "Refund",
    refundRef: q.refundRef,
  };
}

/** Turns DPO's push into a claim; the service confirms it with verifyToken since the push is unsigned. */
export function parsePush(rawBody: string): NotificationClaim {
  let reply;
  try {
    reply = parseApi3g(rawBody);
  } catch (err) {
    // Stryker disable next-line ConditionalExpression: parseApi3g throws nothing else; the rethrow is for a future bug
    if (err instanceof MalformedXmlError) return { type: "ignored", reason: `not a DPO push: ${err.message}` };
    throw err;
  }
  const token = text(reply, "TransactionToken");
  if (!token) return { type: "ignored", reason: "DPO push without TransactionToken" };
  const { status, failure } = pushClaimStatus(reply.Result);
  const paymentId = text(reply, "CompanyRef");
  const claimedAmount = fromDecimal(text(reply, "TransactionAmount"), text(reply, "TransactionCurrency"));
  const receipt = text(reply, "TransactionApproval");
  return {
    type: "payment",
    dedupeKey: `dpo:push:${token}:${reply.Result}`,
    gatewayReference: token,
    claimedStatus: status,
    ...(paymentId && { paymentId }),
    ...(claimedAmount && { claimedAmount }),
    ...(receipt && { receipt }),
    ...(failure && { failure }),
  };
}

const returnParam = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\s<>"']+$/);

/** The redirect's TransactionToken and CompanyRef (= paymentId); nothing else in the query is trusted. */
export function parseReturn(query: URLSearchParams): { paymentId?: string; gatewayReference?: string } {
  const token = returnParam.safeParse(query.get("TransactionToken") ?? undefined);
  const ref = returnParam.safeParse(query.get("CompanyRef") ?? undefined);
  return { ...(ref.success && { paymentId: ref.data }), ...(token.success && { gatewayReference: token.data }) };
}
