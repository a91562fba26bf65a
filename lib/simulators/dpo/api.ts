/**
 * DPO's XML API (`POST /API/v6/`, and `/API/v7/` which DPO's own library uses for verifyToken):
 * createToken, verifyToken, cancelToken, refundToken and ChargeTokenMobile, answered with DPO's codes.
 */
import { randomUpperAlnum, upperUuid } from "../ids";
import { xml } from "../http";
import { isDeliverableUrl } from "../notify";
import { openPrompt } from "../prompts";
import { settings } from "../store";
import { settleToken, transactionFields, verifyResult } from "./settle";
import { dpoState, formatCents, parseAmountCents, type DpoService, type DpoToken } from "./state";
import { buildApi3g, childElement, isObject, parseApi3g, RepeatedTagError, textField, type XmlObject } from "./xml";

/** ISO 4217 codes DPO terminals settle in across Africa, plus the card currencies. */
const CURRENCIES = new Set([
  "KES",
  "TZS",
  "UGX",
  "RWF",
  "ZMW",
  "MWK",
  "GHS",
  "NGN",
  "ZAR",
  "BWP",
  "NAD",
  "MUR",
  "ETB",
  "XOF",
  "XAF",
  "CDF",
  "MZN",
  "USD",
  "EUR",
  "GBP",
]);
const SERVICE_DATE = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/;

type Reply = Record<string, string | number | XmlObject>;
const reply = (fields: Reply) => xml(buildApi3g(fields));
const result = (code: string, explanation: string, extra: Reply = {}) =>
  reply({ Result: code, ResultExplanation: explanation, ...extra });

interface OpContext {
  companyToken: string;
  appUrl: string;
}

export function handleDpoApi(body: string, appUrl: string): Response {
  const root = parseApi3g(body);
  if (!root) return result("804", "Error in XML");
  try {
    const companyToken = textField(root, "CompanyToken");
    if (!companyToken) return result("801", "Request missing company token");
    if (!settings().dpoCompanies[companyToken]) return result("802", "Company token does not exist");
    const ctx: OpContext = { companyToken, appUrl };
    switch (textField(root, "Request")) {
      case "createToken":
        return createToken(root, ctx);
      case "verifyToken":
        return verifyToken(root, ctx);
      case "cancelToken":
        return cancelToken(root, ctx);
      case "refundToken":
        return refundToken(root, ctx);
      case "ChargeTokenMobile":
        return chargeTokenMobile(root, ctx);
      default:
        return result("803", "No request or error in Request type name");
    }
  } catch (err) {
    if (err instanceof RepeatedTagError) return result("960", `Tag has been sent multiple times - ${err.tag}`);
    throw err;
  }
}

function createToken(root: XmlObject, ctx: OpContext): Response {
  const tx = childElement(root, "Transaction");
  if (!tx) return result("950", "Request missing mandatory fields - Transaction");
  const text = (name: string) => textField(tx, name) ?? "";

  const amountText = textField(tx, "PaymentAmount");
  if (!amountText) return result("902", "Request missing transaction level mandatory fields - PaymentAmount");
  const amountCents = parseAmountCents(amountText);
  if (amountCents === null || amountCents === 0)
    return result("902", "Data mismatch in one of the fields - PaymentAmount");
  const currency = textField(tx, "PaymentCurrency");
  if (!currency) return result("902", "Request missing transaction level mandatory fields - PaymentCurrency");
  if (!CURRENCIES.has(currency.toUpperCase())) return result("904", "Currency not supported");

  // The payer's browser is sent to these from the simulator's page: the app's own pages only.
  for (const name of ["RedirectURL", "BackURL"]) {
    if (text(name) && !isDeliverableUrl(text(name), ctx.appUrl))
      return result("902", `Data mismatch in one of the fields - ${name}`);
  }
  const ptl = textField(tx, "PTL") ?? "96";
  const ptlType = (textField(tx, "PTLtype") ?? "hours").toLowerCase();
  if (!/^\d{1,6}$/.test(ptl) || Number(ptl) === 0) return result("902", "Data mismatch in one of the fields - PTL");
  if (ptlType !== "hours" && ptlType !== "minutes")
    return result("902", "Data mismatch in one of the fields - PTLtype");

  const servicesNode = childElement(root, "Services");
  const serviceNodes = servicesNode?.Service;
  if (!Array.isArray(serviceNodes) || serviceNodes.length === 0)
    return result("950", "Request missing mandatory fields - Services");
  const services: DpoService[] = [];
  for (const node of serviceNodes) {
    if (!isObject(node)) return result("950", "Request missing mandatory fields - Service");
    const type = textField(node, "ServiceType");
    const typeName = textField(node, "ServiceTypeName");
    if (!type && !typeName) return result("950", "Request missing mandatory fields - ServiceType");
    if (type && !/^\d+$/.test(type)) return result("922", "Provider does not exist");
    const description = textField(node, "ServiceDescription");
    if (!description) return result("950", "Request missing mandatory fields - ServiceDescription");
    const date = textField(node, "ServiceDate");
    if (!date) return result("950", "Request missing mandatory fields - ServiceDate");
    if (!SERVICE_DATE.test(date)) return result("902", "Data mismatch in one of the fields - ServiceDate");
    services.push({ type, typeName, description, date, ref: textField(node, "ServiceRef") });
  }

  const companyRef = text("CompanyRef");
  const unique = /^(1|true)$/i.test(text("CompanyRefUnique"));
  const state = dpoState();
  if (unique && companyRef) {
    const paid = [...state.tokens.values()].some(
      (t) => t.companyToken === ctx.companyToken && t.companyRef === companyRef && t.status === "paid",
    );
    if (paid) return result("940", "CompanyREF already exists and paid");
  }

  const now = Date.now();
  const token: DpoToken = {
    token: upperUuid(),
    transRef: randomUpperAlnum(9),
    companyToken: ctx.companyToken,
    companyRef,
    companyAccRef: text("CompanyAccRef"),
    amountCents,
    currency: currency.toUpperCase(),
    redirectUrl: text("RedirectURL"),
    backUrl: text("BackURL"),
    createdAt: now,
    expiresAt: now + Number(ptl) * (ptlType === "minutes" ? 60_000 : 3_600_000),
    services,
    customer: {
      firstName: text("customerFirstName"),
      lastName: text("customerLastName"),
      email: text("customerEmail"),
      phone: text("customerPhone"),
      dialCode: text("customerDialCode"),
      country: text("customerCountry"),
      address: text("customerAddress"),
      city: text("customerCity"),
      zip: text("customerZip"),
    },
    defaultPayment: text("DefaultPayment").toUpperCase(),
    defaultPaymentCountry: text("DefaultPaymentCountry"),
    defaultPaymentMno: text("DefaultPaymentMNO"),
    status: "pending",
    refunds: [],
    verified: false,
  };
  state.tokens.set(token.token, token);
  return result("000", "Transaction created", { TransToken: token.token, TransRef: token.transRef });
}

/** A token of this company, by TransactionToken, or else the latest (preferably paid) one with the CompanyRef. */
function findToken(root: XmlObject, ctx: OpContext): DpoToken | undefined {
  const tokens = dpoState().tokens;
  const id = textField(root, "TransactionToken");
  if (id) {
    const t = tokens.get(id);
    return t && t.companyToken === ctx.companyToken ? t : undefined;
  }
  const ref = textField(root, "CompanyRef");
  if (!ref) return undefined;
  const matches = [...tokens.values()].filter((t) => t.companyToken === ctx.companyToken && t.companyRef === ref);
  return matches.find((t) => t.status === "paid") ?? matches.at(-1);
}

function verifyToken(root: XmlObject, ctx: OpContext): Response {
  if (!textField(root, "TransactionToken") && !textField(root, "CompanyRef")) {
    return result("950", "Request missing mandatory fields - TransactionToken");
  }
  const t = findToken(root, ctx);
  if (!t) return result("902", "Data mismatch in one of the fields - TransactionToken");
  const { code, explanation } = verifyResult(t);
  // VerifyTransaction defaults to 1: the merchant has now "website verified" the payment.
  if (code === "000" && textField(root, "VerifyTransaction") !== "0") t.verified = true;
  return result(code, explanation, transactionFields(t));
}

function cancelToken(root: XmlObject, ctx: OpContext): Response {
  const id = textField(root, "TransactionToken");
  if (!id) return result("950", "Request missing mandatory fields - TransactionToken");
  const t = findToken(root, ctx);
  if (!t) return result("999", "Transaction token does not exist");
  if (t.status === "paid") return result("999", "Transaction already paid, it cannot be cancelled");
  // Merchant-initiated: DPO sends no push for it.
  if (t.status === "pending") t.status = "cancelled";
  return result("000", "Token been updated to status cancelled");
}

function refundToken(root: XmlObject, ctx: OpContext): Response {
  const id = textField(root, "TransactionToken");
  const amountText = textField(root, "refundAmount");
  const details = textField(root, "refundDetails");
  if (!id || !amountText || !details) return result("950", "Request missing mandatory fields");
  const t = findToken(root, ctx);
  if (!t) return result("999", "Refund failed - transaction token does not exist");
  if (t.status !== "paid") return result("999", "Refund failed - transaction is not paid");
  const cents = parseAmountCents(amountText);
  if (!cents) return result("999", "Refund failed - invalid refund amount");
  const refunded = t.refunds.reduce((sum, r) => sum + r.amountCents, 0);
  const refundable = t.amountCents - refunded;
  if (cents > refundable) {
    return result(
      "999",
      `Refund failed - amount exceeds the refundable balance of ${formatCents(refundable)} ${t.currency}`,
    );
  }
  t.refunds.push({ amountCents: cents, details, ref: textField(root, "refundRef") ?? "", at: Date.now() });
  return result("000", "Refund successful");
}

/** Direct mobile-money charge: DPO pushes a prompt to the payer's phone; the answer settles the token. */
function chargeTokenMobile(root: XmlObject, ctx: OpContext): Response {
  const id = textField(root, "TransactionToken");
  const phone = textField(root, "PhoneNumber");
  const mno = textField(root, "MNO");
  const country = textField(root, "MNOcountry");
  if (!id || !phone || !mno || !country) return result("950", "Request missing mandatory fields");
  const t = findToken(root, ctx);
  if (!t) return reply({ StatusCode: "999", ResultExplanation: "Transaction token does not exist" });
  const { code, explanation } = verifyResult(t);
  if (code !== "900") return reply({ StatusCode: "999", ResultExplanation: explanation });

  openPrompt({
    gateway: "dpo",
    phone,
    amount: t.amountCents / 100,
    currency: t.currency,
    reference: t.companyRef || t.transRef,
    description: settings().dpoCompanies[t.companyToken]?.name,
    onOutcome: (resolution) => {
      // An unanswered prompt leaves the token payable (another attempt, or the hosted page).
      if (resolution === "timeout" || resolution === "expired") return;
      settleToken(
        t,
        resolution === "approve" ? { kind: "mobile", phone, mno, country, viaPush: true } : { kind: "decline" },
        ctx.appUrl,
      );
    },
  });
  return reply({
    StatusCode: "130",
    ResultExplanation: "New invoice",
    instructions: `A payment request for ${t.currency} ${formatCents(t.amountCents)} has been sent to ${phone}. Enter your PIN to approve it.`,
    RedirectOption: "0",
  });
}
