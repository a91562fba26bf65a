/**
 * Flutterwave's hosted checkout (`/v3/hosted/pay/{code}`, the link `POST /v3/payments` returns). It shows
 * what Flutterwave would — merchant, amount, the payment options the merchant allowed for the currency —
 * and lets the tester pick the outcome. The choice posts back here; the transaction settles, the
 * merchant gets its webhook, and the browser goes to the redirect_url.
 */
import { escapeHtml, html, readForm, redirect } from "../http";
import { formatAmount, page } from "../html";
import { isMobileMoney, returnUrl, settleCheckout, type FlwChoice } from "./settle";
import { flutterwaveState, isExpired, toAmount, type FlwCheckout } from "./state";

interface PageContext {
  basePath: string;
  appUrl: string;
}

const OPTION_LABELS: Record<string, string> = {
  card: "Card",
  mpesa: "M-Pesa",
  mobilemoneyuganda: "Uganda Mobile Money (MTN, Airtel)",
  mobilemoneytanzania: "Tanzania Mobile Money",
  mobilemoneyrwanda: "Rwanda Mobile Money",
  mobilemoneyzambia: "Zambia Mobile Money",
  mobilemoneyghana: "Ghana Mobile Money",
  mobilemoneyfranco: "Francophone Mobile Money",
  banktransfer: "Bank transfer",
  account: "Bank account",
  ussd: "USSD",
  "1voucher": "1Voucher",
};

const label = (option: string) => OPTION_LABELS[option] ?? option;

export function showCheckout(code: string, ctx: PageContext, status = 200): Response {
  const c = flutterwaveState().checkouts.get(code);
  if (!c) return notFoundPage();
  const amount = formatAmount(toAmount(c.amountCents), c.currency);
  const summary = `<div class="card">
<div class="muted">Pay ${escapeHtml(c.title)}</div>
<div class="amount">${escapeHtml(amount)}</div>
<dl><dt>Reference</dt><dd>${escapeHtml(c.txRef)}</dd>${c.description ? `<dt>For</dt><dd>${escapeHtml(c.description)}</dd>` : ""}
<dt>Customer</dt><dd>${escapeHtml(c.customer.email)}</dd></dl></div>`;
  const done = notice(c);
  const body = done
    ? `${summary}<div class="card"><p>${escapeHtml(done)}</p>${c.status !== "open" ? `<p><a href="${escapeHtml(returnUrl(c))}">Return to the merchant</a></p>` : ""}</div>`
    : `${summary}${choiceForm(c, ctx)}`;
  return html(
    page({
      title: `Flutterwave · ${c.title}`,
      body: `<h1>Flutterwave Checkout <span class="badge">simulator</span></h1>${body}`,
    }),
    status,
  );
}

function choiceForm(c: FlwCheckout, ctx: PageContext): string {
  const action = `${ctx.basePath}/flutterwave/v3/hosted/pay/${encodeURIComponent(c.code)}`;
  const mobile = c.options.some(isMobileMoney);
  const phone = mobile
    ? `<label for="phone">Mobile money number</label><input id="phone" name="phone" inputmode="tel" autocomplete="tel" value="${escapeHtml(c.customer.phone)}">`
    : "";
  const pay = c.options
    .map(
      (o, i) =>
        `<button name="outcome" value="pay:${escapeHtml(o)}"${i === 0 ? ' class="primary"' : ""}>Pay with ${escapeHtml(label(o))}</button>`,
    )
    .join("");
  return `<form method="post" action="${escapeHtml(action)}">
<section class="card"><h2>Choose how to pay</h2>${phone}<div class="row">${pay}</div></section>
<section class="card"><h2>Other outcomes</h2><div class="row">
<button name="outcome" value="fail:insufficient" class="danger">Fail: insufficient funds</button>
<button name="outcome" value="fail:declined" class="danger">Fail: declined</button>
<button name="outcome" value="cancel">Cancel payment</button></div></section></form>`;
}

export async function submitCheckout(req: Request, code: string, ctx: PageContext): Promise<Response> {
  const c = flutterwaveState().checkouts.get(code);
  if (!c) return notFoundPage();
  const choice = parseChoice(await readForm(req), c);
  if (!choice)
    return html(
      page({ title: "Flutterwave", body: `<div class="card"><p>Choose one of the payment buttons.</p></div>` }),
      400,
    );
  // A checkout that already finished (double submit, back button) is not settled again: the browser goes
  // where the first outcome sent it.
  settleCheckout(c, choice, ctx.appUrl);
  if (c.status === "open") return showCheckout(code, ctx, 409);
  return redirect(returnUrl(c), 303);
}

function parseChoice(form: URLSearchParams, c: FlwCheckout): FlwChoice | null {
  const [kind, value = ""] = (form.get("outcome") ?? "").split(":", 2);
  if (kind === "pay" && c.options.includes(value)) {
    return {
      kind: "pay",
      option: value,
      phone: isMobileMoney(value) ? (form.get("phone") ?? "").trim() || c.customer.phone : "",
    };
  }
  if (kind === "fail" && (value === "insufficient" || value === "declined")) return { kind: "fail", reason: value };
  if (kind === "cancel") return { kind: "cancel" };
  return null;
}

function notice(c: FlwCheckout): string | null {
  if (c.status === "completed") return "This payment link has already been used.";
  if (c.status === "cancelled") return "This payment was cancelled.";
  if (isExpired(c)) return "This payment link has expired and can no longer be paid.";
  return null;
}

function notFoundPage(): Response {
  return html(
    page({
      title: "Flutterwave",
      body: `<h1>Flutterwave Checkout</h1><div class="card"><p>This payment link is not valid.</p></div>`,
    }),
    404,
  );
}
