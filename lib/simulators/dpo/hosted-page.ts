/**
 * DPO's payment page (`GET /payv2.php?ID={TransToken}`). The simulator shows what DPO would — merchant,
 * amount, services, the preselected mobile-money option — and lets the tester pick the outcome. The
 * choice posts back here; the token settles, the merchant gets its push, and the browser is sent on.
 */
import { escapeHtml, html, readForm, redirect } from "../http";
import { formatAmount, page } from "../html";
import { settings } from "../store";
import { returnUrl, settleToken, type DpoChoice } from "./settle";
import { dpoState, formatCents, isExpired, type DpoToken } from "./state";

interface PageContext {
  /** e.g. "/sim": pages link back into the simulator through it. */
  basePath: string;
  appUrl: string;
}

/** Country and operator pairs DPO offers for mobile money (values as DefaultPaymentCountry/MNO use them). */
const MOBILE_OPTIONS: { country: string; mno: string; label: string }[] = [
  { country: "kenya", mno: "mpesa", label: "Kenya · M-Pesa" },
  { country: "kenya", mno: "airtel", label: "Kenya · Airtel Money" },
  { country: "tanzania", mno: "mpesa", label: "Tanzania · Vodacom M-Pesa" },
  { country: "tanzania", mno: "tigo", label: "Tanzania · Tigo Pesa" },
  { country: "tanzania", mno: "airtel", label: "Tanzania · Airtel Money" },
  { country: "uganda", mno: "mtn", label: "Uganda · MTN MoMo" },
  { country: "uganda", mno: "airtel", label: "Uganda · Airtel Money" },
  { country: "rwanda", mno: "mtn", label: "Rwanda · MTN MoMo" },
  { country: "zambia", mno: "mtn", label: "Zambia · MTN MoMo" },
  { country: "ghana", mno: "mtn", label: "Ghana · MTN MoMo" },
];

export function showPaymentPage(req: Request, ctx: PageContext): Response {
  const t = tokenFromQuery(req);
  if (!t) return notFoundPage();
  const merchant = settings().dpoCompanies[t.companyToken]?.name ?? "Merchant";
  const amount = formatAmount(t.amountCents / 100, t.currency);
  const services = t.services
    .map(
      (s) =>
        `<li>${escapeHtml(s.description)} <span class="muted">${escapeHtml(s.date)}${s.typeName ? ` · ${escapeHtml(s.typeName)}` : ""}</span></li>`,
    )
    .join("");
  const summary = `<div class="card">
<div class="muted">Pay ${escapeHtml(merchant)}</div>
<div class="amount">${escapeHtml(amount)}</div>
<dl><dt>Reference</dt><dd>${escapeHtml(t.companyRef || t.transRef)}</dd><dt>Currency</dt><dd>${escapeHtml(t.currency)}</dd>
<dt>Amount</dt><dd>${escapeHtml(formatCents(t.amountCents))}</dd></dl>
<h2>Services</h2><ul>${services}</ul></div>`;

  const settled = statusNotice(t);
  const body = settled
    ? `${summary}<div class="card"><p>${escapeHtml(settled)}</p>${backLink(t)}</div>`
    : `${summary}${choiceForm(t, ctx)}`;
  return html(
    page({ title: `DPO Pay · ${merchant}`, body: `<h1>DPO Pay <span class="badge">simulator</span></h1>${body}` }),
  );
}

function choiceForm(t: DpoToken, ctx: PageContext): string {
  const action = `${ctx.basePath}/dpo/payv2.php?ID=${encodeURIComponent(t.token)}`;
  const mobileFirst = t.defaultPayment === "MO";
  const preset = `${t.defaultPaymentCountry.toLowerCase()}:${t.defaultPaymentMno.toLowerCase()}`;
  const options = [...MOBILE_OPTIONS];
  // A merchant may preselect an operator this list lacks; show it rather than silently pick another.
  if (mobileFirst && t.defaultPaymentMno && !options.some((o) => `${o.country}:${o.mno}` === preset)) {
    options.unshift({
      country: t.defaultPaymentCountry.toLowerCase(),
      mno: t.defaultPaymentMno.toLowerCase(),
      label: `${t.defaultPaymentCountry} · ${t.defaultPaymentMno}`,
    });
  }
  const phone = t.customer.phone;
  const select = options
    .map((o) => {
      const value = `${o.country}:${o.mno}`;
      return `<option value="${escapeHtml(value)}"${mobileFirst && value === preset ? " selected" : ""}>${escapeHtml(o.label)}</option>`;
    })
    .join("");

  const card = `<section class="card${mobileFirst ? "" : " selected"}"><h2>Card</h2>
<p class="muted">Test card 4111 1111 1111 1111 · 12/30 · 123</p>
<div class="row"><button class="${mobileFirst ? "" : "primary"}" name="outcome" value="card">Pay by card</button></div></section>`;
  const mobile = `<section class="card${mobileFirst ? " selected" : ""}"><h2>Mobile money${mobileFirst ? ' <span class="badge">preselected</span>' : ""}</h2>
<label for="mno">Country and operator</label><select id="mno" name="mno">${select}</select>
<label for="phone">Phone number</label><input id="phone" name="phone" inputmode="tel" autocomplete="tel" value="${escapeHtml(phone)}">
<div class="row"><button class="${mobileFirst ? "primary" : ""}" name="outcome" value="mobile">Pay by mobile money</button></div></section>`;
  const other = `<section class="card"><h2>Other outcomes</h2><div class="row">
<button class="danger" name="outcome" value="decline">Decline payment</button>
<button name="outcome" value="cancel">Cancel (back to merchant)</button></div></section>`;
  return `<form method="post" action="${escapeHtml(action)}">${mobileFirst ? mobile + card : card + mobile}${other}</form>`;
}

export async function submitPaymentPage(req: Request, ctx: PageContext): Promise<Response> {
  const t = tokenFromQuery(req);
  if (!t) return notFoundPage();
  const form = await readForm(req);
  const choice = parseChoice(form, t);
  if (!choice)
    return html(
      page({ title: "DPO Pay", body: `<div class="card"><p>Choose one of the payment buttons.</p></div>` }),
      400,
    );

  // A token that already settled (double submit, back button) is not settled again: the browser is sent
  // where the first outcome sent it.
  settleToken(t, choice, ctx.appUrl);
  if (isExpired(t)) return showPaymentPage(req, ctx);
  const location = returnUrl(t);
  return location ? redirect(location, 303) : showPaymentPage(req, ctx);
}

function parseChoice(form: URLSearchParams, t: DpoToken): DpoChoice | null {
  switch (form.get("outcome")) {
    case "card":
      return { kind: "card" };
    case "mobile": {
      const [country = t.defaultPaymentCountry, mno = t.defaultPaymentMno] = (form.get("mno") ?? "").split(":");
      return { kind: "mobile", country, mno, phone: (form.get("phone") ?? "").trim() || t.customer.phone };
    }
    case "decline":
      return { kind: "decline" };
    case "cancel":
      return { kind: "cancel" };
    default:
      return null;
  }
}

function tokenFromQuery(req: Request): DpoToken | undefined {
  const id = new URL(req.url).searchParams.get("ID");
  return id ? dpoState().tokens.get(id) : undefined;
}

function statusNotice(t: DpoToken): string | null {
  if (t.status === "paid") return "This transaction has been paid.";
  if (t.status === "declined") return "This transaction was declined.";
  if (t.status === "cancelled") return "This transaction was cancelled.";
  if (isExpired(t)) return "This transaction passed its payment time limit and can no longer be paid.";
  return null;
}

function backLink(t: DpoToken): string {
  const url = t.status === "pending" ? t.backUrl || t.redirectUrl : returnUrl(t);
  return url ? `<p><a href="${escapeHtml(url)}">Return to the merchant</a></p>` : "";
}

function notFoundPage(): Response {
  return html(
    page({
      title: "DPO Pay",
      body: `<h1>DPO Pay</h1><div class="card"><p>This transaction token is not valid.</p></div>`,
    }),
    404,
  );
}
